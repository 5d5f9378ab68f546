package io.fulcrum.scripts;

import static io.fulcrum.scripts.ScriptSandbox.assertGoneWithin;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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

    ScriptSandbox box;
    Path scripts; // root's, 0755: the allowed directory
    Path out; // 0777: where the scripts (as nobody) write their pids

    @BeforeEach
    void start() throws Exception {
        box = ScriptSandbox.in(tmp);
        scripts = box.scripts;
        out = box.out;
    }
    /** Alive and not a zombie waiting for init. */
    @Test
    void executeRunsAScriptAsNobodyAndKeepsTheStartOfItsOutput() throws Exception {
        box.script("hook.sh", "echo \"$1 $2\"; id -u; head -c 5000 /dev/zero | tr '\\0' x; exit 3");
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
        box.script("true", "echo from-the-directory; exit 4"); // /usr/bin/true would exit 0 and print nothing
        try (ScriptRunner runner = new ScriptRunner(ScriptPolicy.allowing(scripts, true))) {
            ScriptRunner.Exit exit = runner.execute("true", List.of(), Duration.ofSeconds(10), true)
                    .get(15, TimeUnit.SECONDS);
            assertThat(exit.status()).isEqualTo(4);
            assertThat(exit.output()).startsWith("from-the-directory");
        }
    }

    @Test
    void executeKillsAScriptThatOverrunsItsTimeoutWithEverythingItStarted() throws Exception {
        box.script("slow.sh", box.family("slow"));
        try (ScriptRunner runner = new ScriptRunner(ScriptPolicy.allowing(scripts, true))) {
            var f = runner.execute(scripts.resolve("slow.sh").toString(), List.of(), Duration.ofMillis(1500), false);
            List<Long> pids = box.pids("slow");
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
