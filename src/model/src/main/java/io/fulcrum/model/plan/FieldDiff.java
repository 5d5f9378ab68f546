package io.fulcrum.model.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * One changed field of a resource: a JSON pointer relative to the resource and its values in the
 * document form before and after (null: absent). A secret's values are never shown: only
 * placeholders saying that one was set and that it changed.
 */
public record FieldDiff(String path, JsonNode before, JsonNode after, boolean secret) {
    static final TextNode SECRET = TextNode.valueOf("(secret)");
    static final TextNode SECRET_CHANGED = TextNode.valueOf("(secret changed)");

    public static FieldDiff of(String path, JsonNode before, JsonNode after) {
        return new FieldDiff(path, before, after, false);
    }

    /** A secret at {@code path} changed: it was set before ({@code had}), is set after ({@code has}). */
    public static FieldDiff secret(String path, boolean had, boolean has) {
        return new FieldDiff(path, had ? SECRET : null, has ? SECRET_CHANGED : null, true);
    }
}
