package io.fulcrum.controlplane.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.api.agent.v1.Event;
import io.fulcrum.api.agent.v1.Kind;
import io.fulcrum.api.agent.v1.Nack;
import io.fulcrum.api.agent.v1.ObjectError;
import io.fulcrum.api.agent.v1.RealServerHealth;
import io.fulcrum.api.agent.v1.ResourceKey;
import io.fulcrum.api.agent.v1.Status;
import io.fulcrum.api.agent.v1.VrrpStatus;
import io.fulcrum.api.v1.Health;
import io.fulcrum.api.v1.VrrpState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgentReportsTest {
    private static final Instant AT = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void aNackIsStoredWithItsRevisionTimeAndErrors() throws Exception {
        Nack n = Nack.newBuilder()
                .setRevision(12)
                .addErrors(ObjectError.newBuilder()
                        .setObject(ResourceKey.newBuilder()
                                .setKindValue(Kind.VIRTUAL_SERVER_VALUE)
                                .setName("web"))
                        .setField("port")
                        .setMessage("out of range"))
                .build();

        assertThat(AgentReports.nack(n, AT).toString())
                .contains("\"revision\":12", "\"at\":\"2026-12-07T12:00:00Z\"", "\"field\":\"port\"", "out of range")
                .contains("\"object\":");
    }

    /** A kind number the protocol does not have escaped from the hub as a ValidationException (AgentReportsFuzzTest). */
    @Test
    void aNackNamingAnUnknownKindIsMalformedNotAnEscapedValidationError() {
        Nack n = Nack.newBuilder()
                .setRevision(3)
                .addErrors(ObjectError.newBuilder()
                        .setObject(ResourceKey.newBuilder().setKindValue(99).setName("web"))
                        .setMessage("no"))
                .build();

        assertThatThrownBy(() -> AgentReports.nack(n, AT))
                .isInstanceOf(AgentReports.Malformed.class)
                .hasMessageContaining("revision 3");
    }

    @Test
    void aNackNamingAResourceWithoutANameIsMalformed() {
        Nack n = Nack.newBuilder()
                .addErrors(ObjectError.newBuilder()
                        .setObject(ResourceKey.newBuilder()
                                .setKindValue(Kind.REAL_SERVER_VALUE)
                                .setName("rs1")))
                .build();

        assertThatThrownBy(() -> AgentReports.nack(n, AT)).isInstanceOf(AgentReports.Malformed.class);
    }

    @Test
    void anAckMustNameARevisionTheStreamSent() throws Exception {
        assertThat(AgentReports.ack(5, 5)).isEqualTo(5);
        assertThat(AgentReports.ack(1, 5)).isEqualTo(1);
        assertThatThrownBy(() -> AgentReports.ack(6, 5)).isInstanceOf(AgentReports.Malformed.class);
        assertThatThrownBy(() -> AgentReports.ack(Long.MAX_VALUE, 5)).isInstanceOf(AgentReports.Malformed.class);
        assertThatThrownBy(() -> AgentReports.ack(0, 5)).isInstanceOf(AgentReports.Malformed.class);
        assertThatThrownBy(() -> AgentReports.ack(-1, 5)).isInstanceOf(AgentReports.Malformed.class);
        assertThatThrownBy(() -> AgentReports.ack(1, 0)).isInstanceOf(AgentReports.Malformed.class);
    }

    @Test
    void aStatusIsStoredWithoutItsEventsOrItsFullFlag() throws Exception {
        Status st = Status.newBuilder()
                .setFull(true)
                .addVrrp(VrrpStatus.newBuilder().setGroup("g1").setState(VrrpState.VRRP_STATE_MASTER))
                .addEvents(Event.newBuilder().setKind("vrrp").setMessage("became master"))
                .build();

        String json = AgentReports.status(st).toString();

        assertThat(json).contains("\"group\":\"g1\"", "MASTER").doesNotContain("became master", "\"full\"");
    }

    @Test
    void aStatusIsStoredWithItsStatesSpelledAsRestSpellsThem() throws Exception {
        Status st = Status.newBuilder()
                .setFull(true)
                .addVrrp(VrrpStatus.newBuilder().setGroup("g1").setState(VrrpState.VRRP_STATE_MASTER))
                .addVrrp(VrrpStatus.newBuilder().setGroup("g2"))
                .addVrrp(VrrpStatus.newBuilder().setGroup("g3").setStateValue(42))
                .addHealth(RealServerHealth.newBuilder()
                        .setVirtualServer("web")
                        .setRealServer("a")
                        .setHealth(Health.HEALTH_DOWN))
                .build();

        String json = AgentReports.status(st).toString();

        assertThat(json)
                .contains(
                        "{\"group\":\"g1\",\"state\":\"MASTER\"}",
                        "{\"group\":\"g2\"}",
                        "{\"group\":\"g3\",\"state\":\"42\"}",
                        "\"health\":\"DOWN\"")
                .doesNotContain("VRRP_STATE", "HEALTH_");
    }

    @Test
    void anEventIsKeptWithItsTimeKindSubjectAndMessage() {
        Event e = Event.newBuilder()
                .setAtUnixMillis(AT.toEpochMilli())
                .setKind("health")
                .setSubject("web/rs1")
                .setMessage("down")
                .build();

        assertThat(AgentReports.event(e).toString())
                .isEqualTo(
                        "{\"at\":\"2026-12-07T12:00:00Z\",\"kind\":\"health\",\"subject\":\"web/rs1\",\"message\":\"down\"}");
    }
}
