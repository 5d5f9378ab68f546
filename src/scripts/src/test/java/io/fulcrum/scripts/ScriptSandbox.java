package io.fulcrum.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the script tests (this module's and the health module's misc checks) run real scripts as root:
 * an allowed directory of root's, a directory the scripts (as nobody) write their pids to, and the
 * bounded waits on those processes. Shared through this module's test-jar.
 */
public final class ScriptSandbox {
    /** Root's, 0755: the allowed directory. */
    public final Path scripts;
    /** 0777: where the scripts (as nobody) write their pids. */
    public final Path out;

    private ScriptSandbox(Path scripts, Path out) {
        this.scripts = scripts;
        this.out = out;
    }

    /** The two directories under {@code tmp}; refused loudly when not root (the tests need it, as CI has). */
    public static ScriptSandbox in(Path tmp) throws IOException {
        assertThat(ScriptRunner.runningAsRoot())
                .as("the script tests run as root, as CI does")
                .isTrue();
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path scripts = Files.createDirectory(tmp.resolve("scripts"));
        Files.setPosixFilePermissions(scripts, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path out = Files.createDirectory(tmp.resolve("out"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        return new ScriptSandbox(scripts, out);
    }

    /** An executable shell script in the allowed directory. */
    public Path script(String name, String body) throws IOException {
        Path p = scripts.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** A script that starts a child in its own group and one in a session of its own, writes the three pids, and waits. */
    public String family(String name) {
        return "sleep 300 & echo $! > " + out.resolve(name + ".child") + "\n"
                + "setsid sleep 300 & echo $! > " + out.resolve(name + ".escaped") + "\n"
                + "echo $$ > " + out.resolve(name + ".pid") + "\n"
                + "wait";
    }

    /** The pids a {@link #family} script wrote: itself, its child, the escaped one. */
    public List<Long> pids(String name) {
        List<Long> pids = new ArrayList<>();
        for (String f : List.of(".pid", ".child", ".escaped"))
            pids.add(Long.parseLong(awaitFile(out.resolve(name + f)).trim()));
        return pids;
    }

    /** The file's text once a whole line is written, waiting at most 15 s. */
    public static String awaitFile(Path p) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String s = Files.readString(p);
                if (s.endsWith("\n")) return s;
            } catch (IOException e) {
                // not written yet
            }
            sleep(20);
        }
        throw new AssertionError(p + " was not written within 15 s (the script did not run?)");
    }

    /** Alive and not a zombie waiting for init. */
    public static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    public static void assertGoneWithin(List<Long> pids, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (pids.stream().anyMatch(ScriptSandbox::alive) && System.nanoTime() < deadline) sleep(20);
        assertThat(pids.stream().filter(ScriptSandbox::alive).toList())
                .as("processes left of " + pids)
                .isEmpty();
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
