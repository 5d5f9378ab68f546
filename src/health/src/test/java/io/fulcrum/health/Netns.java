package io.fulcrum.health;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace holding the test's real servers, reached from the test (the director) over a
 * veth pair. Every name starts with "fh" (health checker tests); the namespace and the pair are
 * removed on close, leftovers of an aborted run on creation.
 */
final class Netns implements AutoCloseable {
    final String name;
    final String hostIf;
    private final List<Peer> peers = new ArrayList<>();
    private static final Path SERVERS = extractServers();

    private Netns(String name, String hostIf) {
        this.name = name;
        this.hostIf = hostIf;
    }

    /** Fails (never skips) when a tool the tests need is missing. */
    static void requireTools() {
        for (String tool : List.of("ip", "python3", "openssl")) {
            try {
                Process p = new ProcessBuilder("sh", "-c", "command -v " + tool)
                        .redirectErrorStream(true)
                        .start();
                if (p.waitFor() != 0)
                    throw new AssertionError(
                            tool + " is required by the health checker integration tests but is not on PATH");
            } catch (IOException | InterruptedException e) {
                throw new AssertionError("cannot look for " + tool + ": " + e, e);
            }
        }
        if (!System.getProperty("user.name").equals("root"))
            throw new AssertionError(
                    "network namespaces need root; the tests run as " + System.getProperty("user.name"));
    }

    /** A namespace {@code name} with veth {@code name}h (here, {@code hostCidrs}) / {@code name}n (there, {@code nsCidrs}). */
    static Netns create(String name, List<String> hostCidrs, String... nsCidrs) {
        requireTools();
        String hostIf = name + "h";
        String nsIf = name + "n";
        quiet("ip", "netns", "del", name);
        quiet("ip", "link", "del", hostIf);
        Netns ns = new Netns(name, hostIf);
        try {
            run("ip", "netns", "add", name);
            run("ip", "link", "add", hostIf, "type", "veth", "peer", "name", nsIf);
            run("ip", "link", "set", nsIf, "netns", name);
            for (String a : hostCidrs) run("ip", "addr", "add", a, "dev", hostIf);
            run("ip", "link", "set", hostIf, "up");
            for (String a : nsCidrs) run("ip", "-n", name, "addr", "add", a, "dev", nsIf);
            run("ip", "-n", name, "link", "set", nsIf, "up");
            run("ip", "-n", name, "link", "set", "lo", "up");
            return ns;
        } catch (RuntimeException | Error e) {
            ns.close();
            throw e;
        }
    }

    /** Runs a command and fails with its output unless it exits 0. */
    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish in 30 s");
            }
            if (p.exitValue() != 0)
                throw new AssertionError(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out);
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", cmd) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void quiet(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            // nothing to clean up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A peer from servers.py in the namespace, once it says "ready". */
    Peer start(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name, "python3", "-u", SERVERS.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            Peer peer = new Peer(String.join(" ", args), p);
            peers.add(peer);
            BlockingQueue<String> lines = new ArrayBlockingQueue<>(1000);
            Thread reader = new Thread(
                    () -> {
                        try (var r =
                                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                            for (String l; (l = r.readLine()) != null; ) lines.offer(l);
                        } catch (IOException e) {
                            // the peer ended
                        }
                    },
                    "fh-peer-output");
            reader.setDaemon(true);
            reader.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            StringBuilder seen = new StringBuilder();
            while (System.nanoTime() < deadline) {
                String l = lines.poll(100, TimeUnit.MILLISECONDS);
                if (l == null) {
                    if (!p.isAlive() && lines.isEmpty()) break;
                    continue;
                }
                if (l.equals("ready")) return peer;
                seen.append(l).append('\n');
            }
            peer.close();
            throw new AssertionError("peer '" + String.join(" ", args) + "' did not become ready within 15 s: " + seen);
        } catch (IOException e) {
            throw new AssertionError("cannot start peer " + cmd + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static final class Peer implements AutoCloseable {
        final String what;
        final Process process;

        Peer(String what, Process process) {
            this.what = what;
            this.process = process;
        }

        void signal(String sig) {
            run("kill", "-" + sig, Long.toString(process.pid()));
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) throw new AssertionError("peer " + what + " did not exit");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        for (Peer p : peers) p.close();
        quiet("ip", "netns", "del", name);
        quiet("ip", "link", "del", hostIf);
    }

    private static Path extractServers() {
        try (var in = Netns.class.getResourceAsStream("/fh/servers.py")) {
            if (in == null) throw new AssertionError("test resource /fh/servers.py is missing");
            Path p = Files.createTempFile("fh-servers", ".py");
            Files.write(p, in.readAllBytes());
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
