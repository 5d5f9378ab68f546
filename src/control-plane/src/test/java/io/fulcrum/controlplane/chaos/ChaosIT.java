package io.fulcrum.controlplane.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The short fault-injection run (issue 18; the long one is {@code bin/fulcrum bench chaos}): two packaged
 * replicas on one PostgreSQL, 20 agents, 4 writes/s, and about 90 s of faults of every kind, each once.
 * The agents here ping every 10 s (the control plane's floor) so that a paused replica is left within
 * 15 s; the bench uses the agent's own 30 s + 10 s.
 */
class ChaosIT {
    static final ChaosAgent.Settings FAST_KEEPALIVE = new ChaosAgent.Settings(
            Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofMillis(500), Duration.ofSeconds(30));

    @Test
    void acknowledgedWritesSurviveKilledReplicasAndDatabase() throws Exception {
        int agents = 20;
        FaultSchedule.Settings faults = new FaultSchedule.Settings(
                Duration.ofSeconds(100),
                Duration.ofSeconds(12),
                Duration.ofSeconds(2),
                Duration.ofSeconds(4),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Duration.ofSeconds(16),
                agents,
                4);
        ChaosRun.Settings settings = new ChaosRun.Settings(
                Path.of("target", "chaos-it"),
                Path.of(System.getProperty("fulcrum.app.dir", "target/quarkus-app"), "quarkus-run.jar"),
                18,
                agents,
                4,
                4,
                faults,
                FAST_KEEPALIVE);
        assertThat(settings.app())
                .as("the packaged control plane (mvn package)")
                .exists();
        try (ChaosRun run = new ChaosRun(settings)) {
            Verification.Report report = run.run();
            System.out.println(run.text());
            assertThat(report.figures())
                    .as("every kind of fault injected at least once")
                    .allMatch(f -> f.injected() > 0);
            assertThat(report.passed()).as(run.text()).isTrue();
        }
    }
}
