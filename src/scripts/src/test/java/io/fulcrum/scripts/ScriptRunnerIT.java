package io.fulcrum.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripts as real processes, run by a real runner as root: the user they run as, the output kept,
 * the allowed directory, and that none outlives its timeout. Times are real; every wait is bounded.
 * (Misc checks through the health monitor: the health module's ScriptChecksIT.)
 */
class ScriptRunnerIT {
    @TempDir
    Path tmp;

    Path scripts; // root's, 0755: the allowed directory
    Path out; // 0777: where the scripts (as nobody) write their pids

    @BeforeEach
    void start() throws Exception {
        assertThat(ScriptRunner.runningAsRoot())
                .as("the script tests run as root, as CI does")
                .isTrue();
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        scripts = Files.createDirectory(tmp.resolve("scripts"));
        Files.setPosixFilePermissions(scripts, PosixFilePermissions.fromString("rwxr-xr-x"));
        out = Files.createDirectory(tmp.resolve("out"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    Path script(String name, String body) throws IOException {
        Path p = scripts.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** A script that starts a child in its own group and one in a session of its own, writes the three pids, and waits. */
    String family(String name) {
        return "sleep 300 & echo $! > " + out.resolve(name + ".child") + "\n"
                + "setsid sleep 300 & echo $! > " + out.resolve(name + ".escaped") + "\n"
                + "echo $$ > " + out.resolve(name + ".pid") + "\n"
                + "wait";
    }

    List<Long> pids(String name) {
        List<Long> pids = new ArrayList<>();
        for (String f : List.of(".pid", ".child", ".escaped"))
            pids.add(Long.parseLong(awaitFile(out.resolve(name + f)).trim()));
        return pids;
    }

    static String awaitFile(Path p) {
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
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    static void assertGoneWithin(List<Long> pids, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (pids.stream().anyMatch(ScriptRunnerIT::alive) && System.nanoTime() < deadline) sleep(20);
        assertThat(pids.stream().filter(ScriptRunnerIT::alive).toList())
                .as("processes left of " + pids)
                .isEmpty();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void executeRunsAScriptAsNobodyAndKeepsTheStartOfItsOutput() throws Exception {
        script("hook.sh", "echo \"$1 $2\"; id -u; head -c 5000 /dev/zero | tr '\\0' x; exit 3");
        try (ScriptRunner runner = new ScriptRunner(ScriptPolicy.allowing(scripts, true))) {
            ScriptRunner.Exit exit = runner.execute(
                            scripts.resolve("hook.sh").toString(),
                            List.of("INSTANCE", "vg1"),
                            Duration.ofSeconds(10),
                            true)
                    .get(15, TimeUnit.SECONDS);
            assertThat(exit.status()).isEqualTo(3);
            assertThat(exit.output()).startsWith("INSTANCE vg1\n65534\nxxx").endsWith("...");
            assertThat(exit.output()).hasSize(ScriptRunner.OUTPUT_LIMIT + 3);
        }
    }

    @Test
    void executeRunsABareNameFromTheAllowedDirectoryNotFromPath() throws Exception {
        script("true", "echo from-the-directory; exit 4"); // /usr/bin/true would exit 0 and print nothing
        try (ScriptRunner runner = new ScriptRunner(ScriptPolicy.allowing(scripts, true))) {
            ScriptRunner.Exit exit = runner.execute("true", List.of(), Duration.ofSeconds(10), true)
                    .get(15, TimeUnit.SECONDS);
            assertThat(exit.status()).isEqualTo(4);
            assertThat(exit.output()).startsWith("from-the-directory");
        }
    }

    @Test
    void executeKillsAScriptThatOverrunsItsTimeoutWithEverythingItStarted() throws Exception {
        script("slow.sh", family("slow"));
        try (ScriptRunner runner = new ScriptRunner(ScriptPolicy.allowing(scripts, true))) {
            var f = runner.execute(scripts.resolve("slow.sh").toString(), List.of(), Duration.ofMillis(1500), false);
            List<Long> pids = pids("slow");
            ScriptRunner.Exit exit = f.get(10, TimeUnit.SECONDS);
            assertThat(exit.timedOut()).isTrue();
            assertThat(exit.ok()).isFalse();
            assertGoneWithin(pids, Duration.ofSeconds(3));
        }
    }

    @Test
    void executeRefusesAScriptOutsideTheAllowedDirectory() throws Exception {
        Path outside = Files.writeString(tmp.resolve("outside.sh"), "#!/bin/sh\ntouch " + out.resolve("ran") + "\n");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (ScriptRunner runner = new ScriptRunner(ScriptPolicy.allowing(scripts, true))) {
            ScriptRunner.Exit exit = runner.execute(outside.toString(), List.of(), Duration.ofSeconds(5), true)
                    .get(10, TimeUnit.SECONDS);
            assertThat(exit.status()).isNull();
            assertThat(exit.failure()).contains("is outside the allowed script directory");
            assertThat(out.resolve("ran")).doesNotExist();
        }
    }
}
