package io.fulcrum.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.api.agent.v1.Counters;
import io.fulcrum.api.agent.v1.DestinationStatus;
import io.fulcrum.api.agent.v1.RealServerHealth;
import io.fulcrum.api.agent.v1.ServiceStatus;
import io.fulcrum.api.agent.v1.Status;
import io.fulcrum.api.agent.v1.VrrpStatus;
import io.fulcrum.api.v1.Health;
import io.fulcrum.api.v1.VrrpState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusEventsTest {
    private Instant now = Instant.parse("2026-12-07T10:00:00Z");
    private final StatusEvents events = new StatusEvents(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    private static Status status(String vrrp, String health, boolean counters) {
        Status.Builder b = Status.newBuilder()
                .setFull(true)
                .addVrrp(VrrpStatus.newBuilder()
                        .setGroup("VI_1")
                        .setState(VrrpState.valueOf("VRRP_STATE_" + vrrp))
                        .setPriority(100)
                        .setEffectivePriority(90)
                        .setReason("track")
                        .setSinceUnixMillis(1000))
                .addHealth(RealServerHealth.newBuilder()
                        .setVirtualServer("web")
                        .setRealServer("rs1")
                        .setHealth(Health.valueOf("HEALTH_" + health))
                        .setReason("connect refused")
                        .setSinceUnixMillis(2000));
        if (counters)
            b.addServices(ServiceStatus.newBuilder()
                    .setVirtualServer("web")
                    .setCounters(
                            Counters.newBuilder().setConnections(7).setCps(3).setBpsIn(100))
                    .addDestinations(DestinationStatus.newBuilder()
                            .setRealServer("rs1")
                            .setActiveConnections(2)
                            .setInactiveConnections(1)
                            .setCounters(Counters.newBuilder().setCps(1))));
        return b.build();
    }

    @Test
    void theFirstReportIsTheBaselineAndChangesAfterItAreEvents() {
        assertThat(events.next("d1", status("BACKUP", "UP", false))).isEmpty();
        List<LiveEvent> e = events.next("d1", status("MASTER", "DOWN", false));
        assertThat(e)
                .containsExactly(
                        new LiveEvent.Vrrp(
                                "d1", "VI_1", "MASTER", "BACKUP", 100, 90, "track", Instant.ofEpochMilli(1000)),
                        new LiveEvent.Health(
                                "d1", "web", "rs1", "DOWN", "UP", "connect refused", Instant.ofEpochMilli(2000)));
        assertThat(events.next("d1", status("MASTER", "DOWN", false))).isEmpty();
    }

    @Test
    void directorsAreComparedEachWithItsOwnLastReport() {
        events.next("d1", status("BACKUP", "UP", false));
        assertThat(events.next("d2", status("MASTER", "UP", false))).isEmpty();
        assertThat(events.next("d1", status("BACKUP", "UP", false))).isEmpty();
    }

    @Test
    void aReportOfEventsOnlyChangesNothing() {
        events.next("d1", status("BACKUP", "UP", false));
        assertThat(events.next("d1", Status.newBuilder().setFull(false).build()))
                .isEmpty();
        assertThat(events.next("d1", status("MASTER", "UP", false))).hasSize(1);
    }

    @Test
    void countersAtMostOnceEveryFiveSecondsPerDirector() {
        assertThat(events.next("d1", status("BACKUP", "UP", true))).hasSize(1);
        now = now.plus(Duration.ofSeconds(4));
        assertThat(events.next("d1", status("BACKUP", "UP", true))).isEmpty();
        assertThat(events.next("d2", status("BACKUP", "UP", true))).hasSize(1);
        now = now.plus(Duration.ofSeconds(1));
        List<LiveEvent> e = events.next("d1", status("BACKUP", "UP", true));
        assertThat(e).hasSize(1);
        LiveEvent.Counters c = (LiveEvent.Counters) e.get(0);
        assertThat(c.at()).isEqualTo(now);
        assertThat(c.virtualServers())
                .containsExactly(new LiveEvent.VirtualServerCounters(
                        "web", 7, 3, 0, 0, 100, 0, List.of(new LiveEvent.RealServerCounters("rs1", 2, 1, 1, 0, 0))));
    }
}
