package io.fulcrum.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.model.codec.DocumentCodec;
import java.io.IOException;

/**
 * One server-sent event (its {@code event:} type and {@code data:} lines) as a line: {@code TYPE data}, the
 * data as compact JSON when it is JSON; or with {@code json} one JSON object a line ({@code {"event":
 * ..., "data": ...}}).
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
        return style.cyan(type) + " " + (parsed != null ? Documents.compact(parsed) : data);
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
