package io.fulcrum.health;

import static io.fulcrum.health.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.model.Enums.CheckType;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.scripts.ScriptRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Misc check scripts as real processes, run by a real monitor as root: the user they run as, and
 * that none outlives its check or the monitor. No network: the scripts only write where they are.
 * Times are real; every wait is bounded.
 */
class ScriptChecksIT {
    @TempDir
    Path tmp;

    Path scripts; // root's, 0755: the allowed directory
    Path out; // 0777: where the scripts (as nobody) write their pids
    HealthMonitor monitor;

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
        monitor = HealthMonitor.start(new HealthMonitor.Options(1, scripts, Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        monitor.close();
    }

    Path script(String name, String body) throws IOException {
        Path p = scripts.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** A check that runs {@code script} within a second and waits for it up to a minute (rounds never overlap). */
    static VirtualServer running(String vs, String script) {
        return vs(
                vs,
                80,
                hc().type(CheckType.MISC)
                        .interval(1)
                        .timeout(60)
                        .misc(script, false)
                        .build(),
                rs("a", "10.0.0.1", 80));
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
            HealthCheckNetnsIT.sleep(20);
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
        while (pids.stream().anyMatch(ScriptChecksIT::alive) && System.nanoTime() < deadline)
            HealthCheckNetnsIT.sleep(20);
        assertThat(pids.stream().filter(ScriptChecksIT::alive).toList())
                .as("processes left of " + pids)
                .isEmpty();
    }

    @Test
    void scriptsRunAsNobodyWithoutSupplementaryGroups() throws Exception {
        // written whole, then renamed: the test must not read the file while its later lines are still missing
        script(
                "who.sh",
                "{ id -u; id -g; id -G; grep '^Groups:' /proc/self/status; } > " + out.resolve("who.tmp") + " && mv "
                        + out.resolve("who.tmp") + " " + out.resolve("who.txt"));
        monitor.update(List.of(vs(
                "who",
                80,
                hc().type(CheckType.MISC)
                        .interval(1)
                        .timeout(10)
                        .misc("who.sh", false)
                        .build(),
                rs("a", "10.0.0.1", 80))));
        assertThat(awaitFile(out.resolve("who.txt")).lines().map(String::strip).toList())
                .containsExactly("65534", "65534", "65534", "Groups:");
    }

    @Test
    void aScriptStillRunningWhenTheMonitorClosesIsKilledWithEverythingItStarted() throws Exception {
        script("long.sh", family("long"));
        monitor.update(List.of(running("long", "long.sh")));
        List<Long> pids = pids("long");
        assertThat(pids).allMatch(ScriptChecksIT::alive);
        long t0 = System.nanoTime();
        monitor.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0))
                .as("closing is bounded")
                .isLessThan(Duration.ofSeconds(5));
        assertGoneWithin(pids, Duration.ofSeconds(2));
    }

    @Test
    void aScriptWhoseCheckIsRemovedIsKilledWithEverythingItStarted() throws Exception {
        script("long.sh", family("long"));
        script("other.sh", family("other"));
        monitor.update(List.of(running("long", "long.sh"), running("other", "other.sh")));
        List<Long> removed = pids("long");
        List<Long> kept = pids("other");
        monitor.update(List.of(running("other", "other.sh")));
        assertGoneWithin(removed, Duration.ofSeconds(3));
        assertThat(kept).as("the script of the check that stays").allMatch(ScriptChecksIT::alive);
    }

    @Test
    void aScriptThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
        script(
                "stubborn.sh",
                "trap '' TERM\necho $$ > " + out.resolve("stubborn.pid") + "\nwhile :; do sleep 0.05; done");
        monitor.update(List.of(running("stubborn", "stubborn.sh")));
        long pid = Long.parseLong(awaitFile(out.resolve("stubborn.pid")).trim());
        monitor.update(List.of());
        HealthCheckNetnsIT.sleep(200); // well inside the grace period: SIGTERM was ignored
        assertThat(alive(pid)).as("still there after SIGTERM").isTrue();
        assertGoneWithin(List.of(pid), Duration.ofSeconds(3));
    }
}
