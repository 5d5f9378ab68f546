package io.fulcrum.controlplane.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The fault-injection benchmark (issue 18), run by {@code bin/fulcrum bench chaos [MINUTES] [AGENTS]}
 * through failsafe ({@code -Dit.test=ChaosBench}): {@code chaos.minutes} (5), {@code chaos.agents} (50),
 * {@code chaos.rate} writes/s (5), {@code chaos.seed} (18). The agents keep the agent's own keepalive
 * (30 s + 10 s), so a paused replica stays stopped for 45 s. Prints the run and its verdict; fails when
 * an invariant does not hold.
 */
class ChaosBench {
    @Test
    void faultsUnderLoad() throws Exception {
        double minutes = Double.parseDouble(System.getProperty("chaos.minutes", "5"));
        int agents = Integer.getInteger("chaos.agents", 50);
        double rate = Double.parseDouble(System.getProperty("chaos.rate", "5"));
        long seed = Long.getLong("chaos.seed", 18);
        FaultSchedule.Settings faults = new FaultSchedule.Settings(
                Duration.ofMillis((long) (minutes * 60_000)),
                Duration.ofSeconds(15),
                Duration.ofSeconds(3),
                Duration.ofSeconds(10),
                Duration.ofSeconds(3),
                Duration.ofSeconds(3),
                Duration.ofSeconds(3),
                Duration.ofSeconds(45),
                agents,
                Math.max(1, agents / 5));
        ChaosRun.Settings settings = new ChaosRun.Settings(
                Path.of("target", "chaos-bench"),
                Path.of(System.getProperty("fulcrum.app.dir", "target/quarkus-app"), "quarkus-run.jar"),
                seed,
                agents,
                rate,
                8,
                faults,
                ChaosAgent.Settings.AGENT);
        assertThat(settings.app())
                .as("the packaged control plane (bin/fulcrum build)")
                .exists();
        try (ChaosRun run = new ChaosRun(settings)) {
            Verification.Report report = run.run();
            System.out.println("chaos| " + run.text().replace("\n", "\nchaos| "));
            assertThat(report.passed()).as("every invariant held").isTrue();
        }
    }
}
