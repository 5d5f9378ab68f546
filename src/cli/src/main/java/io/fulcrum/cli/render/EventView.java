package io.fulcrum.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.model.codec.DocumentCodec;
import java.io.IOException;

/**
 * One server-sent event (its {@code event:} type and {@code data:} lines) as a line. For people, the
 * control plane's event types read as sentences ({@code 10:00:00 vrrp lb1 VI_1 BACKUP -> MASTER}), any other
 * event as {@code TYPE data}, the data as compact JSON when it is JSON; or with {@code json} one JSON object
 * a line ({@code {"event": ..., "data": ...}}).
 */
public final class EventView {
    private EventView() {}

    public static String render(String type, String data, boolean json, Style style) {
        JsonNode parsed = parse(data);
        if (json) {
            var o = DocumentCodec.JSON.createObjectNode().put("event", type);
            if (parsed != null) o.set("data", parsed);
            else o.put("data", data);
            return Documents.compact(o);
        }
        String text = parsed != null && type.equals(parsed.path("type").asText()) ? sentence(type, parsed) : null;
        if (text != null) return time(parsed) + style.cyan(type) + " " + text;
        return style.cyan(type) + " " + (parsed != null ? Documents.compact(parsed) : data);
    }

    /** The event's revision field, if it has one. */
    public static Long revision(String data) {
        JsonNode n = parse(data);
        return n != null
                        && n.path("revision").canConvertToLong()
                        && n.path("revision").isNumber()
                ? n.path("revision").asLong()
                : null;
    }

    /** A resync's reason. */
    public static String reason(String data) {
        JsonNode n = parse(data);
        return n == null ? "no reason given" : n.path("reason").asText("no reason given");
    }

    private static String sentence(String type, JsonNode d) {
        return switch (type) {
            case "revision" -> {
                StringBuilder b = new StringBuilder().append(d.path("revision").asText());
                for (JsonNode c : d.path("changes")) {
                    b.append(' ')
                            .append(c.path("action").asText())
                            .append(' ')
                            .append(c.path("resource").asText())
                            .append(' ')
                            .append(c.path("name").asText());
                    if (c.hasNonNull("realServer"))
                        b.append('/').append(c.path("realServer").asText());
                    if (c.hasNonNull("by")) b.append(" by ").append(c.path("by").asText());
                }
                yield b.toString();
            }
            case "agent" -> {
                String event = d.path("event").asText();
                StringBuilder b = new StringBuilder(d.path("director").asText())
                        .append(' ')
                        .append(event);
                switch (event) {
                    case "connected" ->
                        b.append(" (version ")
                                .append(d.path("agentVersion").asText("?"))
                                .append(", applied revision ")
                                .append(d.path("revision").asText())
                                .append(')');
                    case "ack" ->
                        b.append(" revision ").append(d.path("revision").asText());
                    case "nack" -> {
                        b.append(" revision ").append(d.path("revision").asText());
                        JsonNode e = d.path("error");
                        if (e.isObject()) {
                            b.append(": ").append(e.path("detail").asText());
                            if (e.hasNonNull("resource"))
                                b.append(" (").append(e.path("resource").asText());
                            if (e.hasNonNull("resource") && e.hasNonNull("pointer"))
                                b.append(' ').append(e.path("pointer").asText());
                            if (e.hasNonNull("resource")) b.append(')');
                        }
                    }
                    default -> {}
                }
                yield b.toString();
            }
            case "vrrp" ->
                d.path("director").asText() + " " + d.path("group").asText() + " "
                        + (d.hasNonNull("previous") ? d.path("previous").asText() + " -> " : "")
                        + d.path("state").asText() + " (priority "
                        + d.path("effectivePriority").asText() + "/"
                        + d.path("priority").asText() + ")" + reasonOf(d);
            case "health" ->
                d.path("director").asText() + " " + d.path("virtualServer").asText() + "/"
                        + d.path("realServer").asText() + " "
                        + (d.hasNonNull("previous") ? d.path("previous").asText() + " -> " : "")
                        + d.path("health").asText() + reasonOf(d);
            case "counters" -> {
                StringBuilder b = new StringBuilder(d.path("director").asText());
                for (JsonNode v : d.path("virtualServers"))
                    b.append(' ')
                            .append(v.path("name").asText())
                            .append(": ")
                            .append(v.path("cps").asText())
                            .append(" conn/s, ")
                            .append(v.path("bpsIn").asText())
                            .append(" B/s in, ")
                            .append(v.path("bpsOut").asText())
                            .append(" B/s out;");
                yield b.toString().replaceAll(";$", "");
            }
            case "resync" ->
                "(" + d.path("reason").asText() + ") at revision "
                        + d.path("revision").asText();
            default -> null;
        };
    }

    private static String reasonOf(JsonNode d) {
        return d.hasNonNull("reason") ? ": " + d.path("reason").asText() : "";
    }

    /** The event's time ("at", or "since" for health) as HH:MM:SS UTC, then a space; empty when it has none. */
    private static String time(JsonNode d) {
        String at = d.hasNonNull("at") ? d.path("at").asText() : d.path("since").asText("");
        return at.length() >= 19 && at.charAt(10) == 'T' ? at.substring(11, 19) + " " : "";
    }

    private static JsonNode parse(String data) {
        if (data.isEmpty()) return null;
        char c = data.charAt(0);
        if (c != '{' && c != '[') return null;
        try {
            return DocumentCodec.JSON.readTree(data);
        } catch (IOException e) {
            return null;
        }
    }
}
