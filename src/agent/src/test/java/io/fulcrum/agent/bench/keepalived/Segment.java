package io.fulcrum.agent.bench.keepalived;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/**
 * The network segment in front of the director, made in the lab by the benchmark: a veth pair from the
 * director's root namespace ({@link #DIRECTOR_INTERFACE}, where the VRRP group's VIPs go) to a namespace
 * {@link #NAMESPACE} that stands for the rest of the segment. There the VRRP adverts are heard (a sender
 * does not hear its own multicast) and the steady client runs, with a route to the VIPs through the
 * director. Threads that listen or connect there join the namespace first ({@link #join}: setns(2) is per
 * thread, and a socket keeps the namespace it was made in).
 */
final class Segment {
    static final String NAMESPACE = "kbseg";
    static final String DIRECTOR_INTERFACE = "kb0";
    static final String PEER_INTERFACE = "eth0";
    static final String DIRECTOR_ADDRESS = "10.9.0.1";
    static final String CLIENT_ADDRESS = "10.9.0.2";
    /** Every VIP of the fleet (10.100.0.1 to 10.104.x.y, {@link Fleet#serviceAddress}). */
    static final String VIP_PREFIX = "10.96.0.0/11";

    private Segment() {}

    /** The ip(8) commands that make the segment, in order. */
    static List<List<String>> commands() {
        return List.of(
                List.of("ip", "netns", "add", NAMESPACE),
                List.of("ip", "-n", NAMESPACE, "link", "set", "lo", "up"),
                List.of(
                        "ip",
                        "link",
                        "add",
                        DIRECTOR_INTERFACE,
                        "type",
                        "veth",
                        "peer",
                        "name",
                        PEER_INTERFACE,
                        "netns",
                        NAMESPACE),
                List.of("ip", "addr", "add", DIRECTOR_ADDRESS + "/24", "dev", DIRECTOR_INTERFACE),
                List.of("ip", "link", "set", DIRECTOR_INTERFACE, "up"),
                List.of("ip", "-n", NAMESPACE, "addr", "add", CLIENT_ADDRESS + "/24", "dev", PEER_INTERFACE),
                List.of("ip", "-n", NAMESPACE, "link", "set", PEER_INTERFACE, "up"),
                List.of("ip", "-n", NAMESPACE, "route", "add", VIP_PREFIX, "via", DIRECTOR_ADDRESS));
    }

    /** Makes the segment (once per VM: the lab is thrown away after the run). */
    static void setUp() throws IOException {
        if (Files.exists(Path.of("/run/netns", NAMESPACE))) return;
        for (List<String> cmd : commands()) {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0)
                    throw new IOException(String.join(" ", cmd) + " failed: "
                            + new String(p.getInputStream().readAllBytes()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** The libc calls to join a network namespace. */
    public interface NsLibC {
        @SaveError
        int open(String path, int flags);

        @SaveError
        int setns(int fd, int nstype);

        int close(int fd);
    }

    // sched.h, fcntl.h
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;

    /** Moves the calling thread into the segment's namespace (setns(2)). */
    static void join() {
        NsLibC libc = LibraryLoader.create(NsLibC.class).load("c");
        Runtime runtime = Runtime.getRuntime(libc);
        String path = "/run/netns/" + NAMESPACE;
        int fd = libc.open(path, O_RDONLY_CLOEXEC);
        if (fd < 0) throw new IllegalStateException("open " + path + ": errno " + runtime.getLastError());
        int rc = libc.setns(fd, CLONE_NEWNET);
        int errno = runtime.getLastError();
        libc.close(fd);
        if (rc != 0) throw new IllegalStateException("setns " + path + ": errno " + errno);
    }
}
