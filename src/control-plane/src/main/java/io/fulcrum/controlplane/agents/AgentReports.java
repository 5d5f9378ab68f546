package io.fulcrum.controlplane.agents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.fulcrum.api.agent.v1.Event;
import io.fulcrum.api.agent.v1.Kind;
import io.fulcrum.api.agent.v1.Nack;
import io.fulcrum.api.agent.v1.ObjectError;
import io.fulcrum.api.agent.v1.Status;
import io.fulcrum.api.v1.Health;
import io.fulcrum.api.v1.VrrpState;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.wire.agent.DesiredStates;
import io.fulcrum.wire.api.RestJson;
import java.time.Instant;

/**
 * What an agent reports on its stream (fulcrum.agent.v1 ACK, NACK, status, events), turned into what the
 * control plane keeps: the one place these wire types are read. An agent is outside input: a report that does
 * not hold together ends in {@link Malformed}, and the hub then keeps nothing of it.
 */
final class AgentReports {
    private AgentReports() {}

    /** A report that cannot be taken: nothing of it is stored. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    /**
     * Checks an ACK: it must name a revision this stream sent (1 ..{@code lastSent}); an ACK of a revision never
     * sent would mark the director as running a state it never received.
     */
    static long ack(long revision, long lastSent) throws Malformed {
        if (revision <= 0 || revision > lastSent) {
            throw new Malformed("ACK of revision " + revision + ", the last one sent on this stream is " + lastSent);
        }
        return revision;
    }

    /** A NACK as stored ({@code DirectorStatusStore.nacked}): revision, time, and each error's object, field, message. */
    static ObjectNode nack(Nack n, Instant at) throws Malformed {
        ObjectNode o = DocumentCodec.JSON
                .createObjectNode()
                .put("revision", n.getRevision())
                .put("at", at.toString());
        ArrayNode errors = o.putArray("errors");
        for (ObjectError e : n.getErrorsList()) {
            ObjectNode x = errors.addObject();
            if (e.hasObject() && e.getObject().getKind() != Kind.KIND_UNSPECIFIED) {
                try {
                    x.put("object", DesiredStates.key(e.getObject()).toString());
                } catch (ValidationException bad) {
                    throw new Malformed(
                            "NACK of revision " + n.getRevision() + " names no resource: " + bad.getMessage());
                }
            }
            x.put("field", e.getField()).put("message", e.getMessage());
        }
        return o;
    }

    private static void spell(ObjectNode o, String field, EnumDescriptor type, int number) {
        String rest = RestJson.spelling(type, number);
        if (rest.isEmpty()) o.remove(field);
        else o.put(field, rest);
    }

    /** One reported event as the director's status keeps it. */
    static ObjectNode event(Event e) {
        return DocumentCodec.JSON
                .createObjectNode()
                .put("at", Instant.ofEpochMilli(e.getAtUnixMillis()).toString())
                .put("kind", e.getKind())
                .put("subject", e.getSubject())
                .put("message", e.getMessage());
    }

    /**
     * A status report as stored, without its events (the hub adds the ones it keeps) and without "full": the
     * protobuf JSON mapping, except that VRRP states and health are spelled as REST spells them ("MASTER",
     * "UP", as openapi.yaml's VrrpMemberStatus and the dashboard read them), not by their enum names.
     */
    static ObjectNode status(Status st) throws Malformed {
        try {
            ObjectNode json = (ObjectNode) DocumentCodec.JSON.readTree(
                    JsonFormat.printer().print(st.toBuilder().clearEvents().build()));
            json.remove("full");
            if (json.get("vrrp") instanceof ArrayNode vrrp)
                for (int i = 0; i < st.getVrrpCount(); i++)
                    spell(
                            (ObjectNode) vrrp.get(i),
                            "state",
                            VrrpState.getDescriptor(),
                            st.getVrrp(i).getStateValue());
            if (json.get("health") instanceof ArrayNode health)
                for (int i = 0; i < st.getHealthCount(); i++)
                    spell(
                            (ObjectNode) health.get(i),
                            "health",
                            Health.getDescriptor(),
                            st.getHealth(i).getHealthValue());
            return json;
        } catch (InvalidProtocolBufferException | JsonProcessingException e) {
            throw new Malformed("a status that cannot be stored: " + e.getMessage());
        }
    }
}
