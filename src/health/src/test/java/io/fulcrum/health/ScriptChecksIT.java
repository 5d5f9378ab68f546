package io.fulcrum.health;

import static io.fulcrum.health.Fixtures.*;
import static io.fulcrum.scripts.ScriptSandbox.alive;
import static io.fulcrum.scripts.ScriptSandbox.assertGoneWithin;
import static io.fulcrum.scripts.ScriptSandbox.awaitFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.model.Enums.CheckType;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.scripts.ScriptSandbox;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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

    ScriptSandbox box;
    Path scripts; // root's, 0755: the allowed directory
    Path out; // 0777: where the scripts (as nobody) write their pids
    HealthMonitor monitor;

    @BeforeEach
    void start() throws Exception {
        box = ScriptSandbox.in(tmp);
        scripts = box.scripts;
        out = box.out;
        monitor = HealthMonitor.start(new HealthMonitor.Options(1, scripts, Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        monitor.close();
    }
    /** Alive and not a zombie waiting for init. */
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

    @Test
    void scriptsRunAsNobodyWithoutSupplementaryGroups() throws Exception {
        // written whole, then renamed: the test must not read the file while its later lines are still missing
        box.script(
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
        box.script("long.sh", box.family("long"));
        monitor.update(List.of(running("long", "long.sh")));
        List<Long> pids = box.pids("long");
        assertThat(pids).allMatch(ScriptSandbox::alive);
        long t0 = System.nanoTime();
        monitor.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0))
                .as("closing is bounded")
                .isLessThan(Duration.ofSeconds(5));
        assertGoneWithin(pids, Duration.ofSeconds(2));
    }

    @Test
    void aScriptWhoseCheckIsRemovedIsKilledWithEverythingItStarted() throws Exception {
        box.script("long.sh", box.family("long"));
        box.script("other.sh", box.family("other"));
        monitor.update(List.of(running("long", "long.sh"), running("other", "other.sh")));
        List<Long> removed = box.pids("long");
        List<Long> kept = box.pids("other");
        monitor.update(List.of(running("other", "other.sh")));
        assertGoneWithin(removed, Duration.ofSeconds(3));
        assertThat(kept).as("the script of the check that stays").allMatch(ScriptSandbox::alive);
    }

    @Test
    void aScriptThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
        box.script(
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
