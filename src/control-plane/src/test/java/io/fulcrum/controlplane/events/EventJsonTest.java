package io.fulcrum.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.controlplane.store.AuditRow;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventJsonTest {
    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void aRealServersAuditRecordIsARevisionEventNamingItsVirtualServer() {
        AuditRow row = new AuditRow(
                42,
                OffsetDateTime.parse("2026-12-07T10:00:00Z"),
                "alice",
                "update",
                "real-server",
                "web/rs1",
                "{}",
                "{}",
                null);
        assertThat(RevisionEvents.event(row))
                .isEqualTo(new LiveEvent.Revision(
                        42, AT, List.of(new LiveEvent.Change("real-server", "web", "rs1", "update", "alice"))));
        assertThat(EventJson.sse(new Sequenced(7, RevisionEvents.event(row))))
                .isEqualTo("id: 7\nevent: revision\ndata: {\"type\":\"revision\",\"revision\":42,"
                        + "\"at\":\"2026-12-07T10:00:00Z\",\"changes\":[{\"resource\":\"real-server\",\"name\":\"web\","
                        + "\"realServer\":\"rs1\",\"action\":\"update\",\"by\":\"alice\"}]}\n\n");
    }

    @Test
    void tokenChangesAreNoEvents() {
        AuditRow row = new AuditRow(
                43, OffsetDateTime.parse("2026-12-07T10:00:00Z"), "admin", "create", "token", "ci", null, "{}", null);
        assertThat(RevisionEvents.event(row)).isNull();
    }

    @Test
    void aNackCarriesItsErrorAndAResyncHasNoId() {
        var nack = new LiveEvent.Agent(
                "d1",
                LiveEvent.AgentAction.NACK,
                9,
                "1.0",
                AT,
                new LiveEvent.NackError("bad port", "virtual-server/web", "/realServers/0/port"));
        assertThat(EventJson.data(nack).toString())
                .isEqualTo("{\"type\":\"agent\",\"director\":\"d1\",\"event\":\"nack\",\"revision\":9,"
                        + "\"agentVersion\":\"1.0\",\"at\":\"2026-12-07T10:00:00Z\",\"error\":{\"detail\":\"bad port\","
                        + "\"resource\":\"virtual-server/web\",\"pointer\":\"/realServers/0/port\"}}");
        assertThat(EventJson.sse(Sequenced.unnumbered(new LiveEvent.Resync("client fell behind", 57))))
                .isEqualTo(
                        "event: resync\ndata: {\"type\":\"resync\",\"reason\":\"client fell behind\",\"revision\":57}\n\n");
    }

    @Test
    void everyRelayedEventReadsBackFromItsJsonAsItWas() {
        List<LiveEvent> events = List.of(
                new LiveEvent.Agent(
                        "d1",
                        LiveEvent.AgentAction.NACK,
                        9,
                        "1.0",
                        AT,
                        new LiveEvent.NackError("bad \"port\" é", "virtual-server/web", null)),
                new LiveEvent.Agent("d1", LiveEvent.AgentAction.DISCONNECTED, 0, "1.0", AT, null),
                new LiveEvent.Vrrp("d1", "VI_1", "MASTER", null, 100, 90, null, AT),
                new LiveEvent.Health("d1", "web", "rs1", "DOWN", "UP", "tcp: refused", AT),
                RelayChunksTest.counters(2));
        for (LiveEvent e : events)
            assertThat(EventJson.event(EventJson.data(e).toString())).isEqualTo(e);
    }

    @Test
    void revisionsAndResyncsAreNotReadAsRelayedEvents() {
        assertThatThrownBy(() -> EventJson.event(
                        EventJson.data(new LiveEvent.Resync("x", 1)).toString()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventJson.event("{\"type\":\"agent\",\"event\":\"bogus\"}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventJson.event("not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
