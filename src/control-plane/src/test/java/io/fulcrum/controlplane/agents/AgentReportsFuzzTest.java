package io.fulcrum.controlplane.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.fulcrum.api.agent.v1.AgentMessage;
import io.fulcrum.api.agent.v1.Status;
import io.fulcrum.controlplane.events.StatusEvents;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A hostile agent, fuzzed (Jazzer): whatever bytes arrive as an AgentMessage, what the control plane reads
 * of it (an ACK checked against what the stream sent, a NACK and a status as stored, the events kept, the
 * live events a status means) ends in a value or the typed refusals ({@link InvalidProtocolBufferException},
 * {@link AgentReports.Malformed}: then nothing is stored), never another exception. In a normal test run it
 * runs its committed inputs (AgentReportsFuzzTestInputs/METHOD/); JAZZER_FUZZ=1 fuzzes (bin/fulcrum bench fuzz).
 */
class AgentReportsFuzzTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @FuzzTest(maxDuration = "10m")
    void anAgentMessageIsReadOrRefused(byte[] wire) {
        AgentMessage m;
        try {
            m = AgentMessage.parseFrom(wire);
        } catch (InvalidProtocolBufferException refused) {
            return;
        }
        try {
            switch (m.getBodyCase()) {
                case ACK ->
                    assertThat(AgentReports.ack(m.getAck().getRevision(), 7)).isBetween(1L, 7L);
                case NACK -> AgentReports.nack(m.getNack(), NOW).toString();
                case STATUS -> status(m.getStatus());
                default -> {} // a hello is checked against the enrollment tokens; anything else ends the stream
            }
        } catch (AgentReports.Malformed refused) {
            // the typed refusal: nothing stored
        }
    }

    private static void status(Status st) throws AgentReports.Malformed {
        st.getEventsList().forEach(e -> AgentReports.event(e).toString());
        AgentReports.status(st).toString();
        // the live events: a baseline, then the same report again as a change against it
        StatusEvents live = new StatusEvents(Clock.fixed(NOW, ZoneOffset.UTC));
        live.next("lb1", st);
        live.next("lb1", st.toBuilder().setFull(true).build());
        live.next("lb1", Status.newBuilder().setFull(true).build());
        live.next("lb1", st.toBuilder().setFull(true).build());
    }
}
