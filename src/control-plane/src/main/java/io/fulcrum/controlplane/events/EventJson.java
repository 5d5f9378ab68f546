package io.fulcrum.controlplane.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.model.codec.DocumentCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The REST form of an event: the one JSON object of an SSE message's {@code data} (docs/events.md,
 * openapi.yaml's LiveEvent schemas), and the SSE message itself. The same object, read back by
 * {@link #event}, is what {@link EventRelay} sends to the other replicas.
 */
public final class EventJson {
    private EventJson() {}

    /** {@link #sse} in UTF-8, kept per event: one encoding for every SSE watcher. */
    public static final Sequenced.Encoding<byte[]> SSE =
            new Sequenced.Encoding<>("sse", byte[].class, s -> sse(s).getBytes(StandardCharsets.UTF_8));

    /** One SSE message: {@code id:} (numbered events only), {@code event:}, {@code data:}, a blank line. */
    public static String sse(Sequenced s) {
        StringBuilder b = new StringBuilder(256);
        if (s.id() > 0) b.append("id: ").append(s.id()).append('\n');
        b.append("event: ").append(s.event().type().wire).append('\n');
        b.append("data: ").append(data(s.event())).append("\n\n");
        return b.toString();
    }

    public static ObjectNode data(LiveEvent e) {
        ObjectNode o = DocumentCodec.JSON.createObjectNode().put("type", e.type().wire);
        if (e instanceof LiveEvent.Revision r) {
            o.put("revision", r.revision()).put("at", text(r.at()));
            ArrayNode changes = o.putArray("changes");
            for (LiveEvent.Change c : r.changes())
                changes.addObject()
                        .put("resource", c.resource())
                        .put("name", c.name())
                        .put("realServer", c.realServer())
                        .put("action", c.action())
                        .put("by", c.by());
        } else if (e instanceof LiveEvent.Agent a) {
            o.put("director", a.director())
                    .put("event", a.action().wire)
                    .put("revision", a.revision())
                    .put("agentVersion", a.agentVersion())
                    .put("at", text(a.at()));
            if (a.error() != null)
                o.putObject("error")
                        .put("detail", a.error().detail())
                        .put("resource", a.error().resource())
                        .put("pointer", a.error().pointer());
        } else if (e instanceof LiveEvent.Vrrp v) {
            o.put("director", v.director())
                    .put("group", v.group())
                    .put("state", v.state())
                    .put("previous", v.previous())
                    .put("priority", v.priority())
                    .put("effectivePriority", v.effectivePriority())
                    .put("reason", v.reason())
                    .put("at", text(v.at()));
        } else if (e instanceof LiveEvent.Health h) {
            o.put("director", h.director())
                    .put("virtualServer", h.virtualServer())
                    .put("realServer", h.realServer())
                    .put("health", h.health())
                    .put("previous", h.previous())
                    .put("reason", h.reason())
                    .put("since", text(h.since()));
        } else if (e instanceof LiveEvent.Counters c) {
            o.put("director", c.director()).put("at", text(c.at()));
            ArrayNode vs = o.putArray("virtualServers");
            for (LiveEvent.VirtualServerCounters v : c.virtualServers()) {
                ObjectNode x = vs.addObject()
                        .put("name", v.name())
                        .put("connections", v.connections())
                        .put("cps", v.cps())
                        .put("ppsIn", v.ppsIn())
                        .put("ppsOut", v.ppsOut())
                        .put("bpsIn", v.bpsIn())
                        .put("bpsOut", v.bpsOut());
                ArrayNode rs = x.putArray("realServers");
                for (LiveEvent.RealServerCounters r : v.realServers())
                    rs.addObject()
                            .put("name", r.name())
                            .put("activeConnections", r.activeConnections())
                            .put("inactiveConnections", r.inactiveConnections())
                            .put("cps", r.cps())
                            .put("bpsIn", r.bpsIn())
                            .put("bpsOut", r.bpsOut());
            }
        } else if (e instanceof LiveEvent.Resync r) {
            o.put("reason", r.reason()).put("revision", r.revision());
        }
        return o;
    }

    /**
     * The event a {@link #data} object stands for; an agent, VRRP, health or counters event (the ones
     * replicas relay), or IllegalArgumentException.
     */
    public static LiveEvent event(String json) {
        JsonNode o;
        try {
            o = DocumentCodec.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an event: " + e.getOriginalMessage());
        }
        EventType type = EventType.fromWire(o.path("type").asText());
        if (type == null) throw new IllegalArgumentException("not an event type: " + o.path("type"));
        return switch (type) {
            case AGENT -> {
                LiveEvent.AgentAction action = null;
                for (LiveEvent.AgentAction a : LiveEvent.AgentAction.values())
                    if (a.wire.equals(o.path("event").asText())) action = a;
                if (action == null) throw new IllegalArgumentException("not an agent event: " + o.path("event"));
                JsonNode e = o.path("error");
                yield new LiveEvent.Agent(
                        str(o, "director"),
                        action,
                        o.path("revision").asLong(),
                        str(o, "agentVersion"),
                        instant(o, "at"),
                        e.isObject()
                                ? new LiveEvent.NackError(str(e, "detail"), str(e, "resource"), str(e, "pointer"))
                                : null);
            }
            case VRRP ->
                new LiveEvent.Vrrp(
                        str(o, "director"),
                        str(o, "group"),
                        str(o, "state"),
                        str(o, "previous"),
                        o.path("priority").asInt(),
                        o.path("effectivePriority").asInt(),
                        str(o, "reason"),
                        instant(o, "at"));
            case HEALTH ->
                new LiveEvent.Health(
                        str(o, "director"),
                        str(o, "virtualServer"),
                        str(o, "realServer"),
                        str(o, "health"),
                        str(o, "previous"),
                        str(o, "reason"),
                        instant(o, "since"));
            case COUNTERS -> {
                List<LiveEvent.VirtualServerCounters> vs = new ArrayList<>();
                for (JsonNode v : o.path("virtualServers")) {
                    List<LiveEvent.RealServerCounters> rs = new ArrayList<>();
                    for (JsonNode r : v.path("realServers"))
                        rs.add(new LiveEvent.RealServerCounters(
                                str(r, "name"),
                                r.path("activeConnections").asLong(),
                                r.path("inactiveConnections").asLong(),
                                r.path("cps").asLong(),
                                r.path("bpsIn").asLong(),
                                r.path("bpsOut").asLong()));
                    vs.add(new LiveEvent.VirtualServerCounters(
                            str(v, "name"),
                            v.path("connections").asLong(),
                            v.path("cps").asLong(),
                            v.path("ppsIn").asLong(),
                            v.path("ppsOut").asLong(),
                            v.path("bpsIn").asLong(),
                            v.path("bpsOut").asLong(),
                            rs));
                }
                yield new LiveEvent.Counters(str(o, "director"), instant(o, "at"), vs);
            }
            case REVISION, RESYNC -> throw new IllegalArgumentException(type.wire + " events are not relayed");
        };
    }

    private static String str(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instant(JsonNode o, String field) {
        String s = str(o, field);
        return s == null ? null : Instant.parse(s);
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
