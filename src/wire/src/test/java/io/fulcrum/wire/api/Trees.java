package io.fulcrum.wire.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.model.codec.DocumentCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON trees compared as the proof compares them: numbers by value (1 == 1.0), member order aside, and
 * the two things proto3 cannot tell apart left out on both sides: a member that is null and an empty
 * array (docs/grpc.md, "One schema, two encodings").
 */
final class Trees {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Trees() {}

    static JsonNode canonical(JsonNode n) {
        if (n.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            n.properties().forEach(e -> {
                JsonNode v = e.getValue();
                if (v.isNull() || v.isArray() && v.isEmpty()) return;
                sorted.put(e.getKey(), canonical(v));
            });
            ObjectNode o = F.objectNode();
            sorted.forEach(o::set);
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = F.arrayNode();
            n.forEach(x -> a.add(canonical(x)));
            return a;
        }
        if (n.isNumber()) {
            BigDecimal b = n.decimalValue().stripTrailingZeros();
            return F.numberNode(b.scale() < 0 ? b.setScale(0) : b);
        }
        return n;
    }

    static JsonNode resource(String name) {
        try (InputStream in = Trees.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is missing");
            return DocumentCodec.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
