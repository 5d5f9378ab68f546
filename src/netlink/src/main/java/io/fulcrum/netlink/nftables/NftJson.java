package io.fulcrum.netlink.nftables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The pieces of libnftables JSON commands (libnftables-json(5)) that every table of ours is built from. */
public final class NftJson {
    private NftJson() {}

    public static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** One command: {@code {"VERB": {"KIND": object}}}, e.g. add table, flush chain, delete rule. */
    public static ObjectNode command(String verb, String kind, ObjectNode object) {
        ObjectNode c = F.objectNode();
        c.putObject(verb).set(kind, object);
        return c;
    }

    /** The statement {@code left == right}. */
    public static ObjectNode match(ObjectNode left, JsonNode right) {
        ObjectNode m = F.objectNode();
        m.putObject("match").put("op", "==").<ObjectNode>set("left", left).set("right", right);
        return m;
    }

    /** Commands as one batch, {@code {"nftables": [...]}}: one transaction for {@link NftCommands#run}. */
    public static String batch(List<ObjectNode> commands) {
        ObjectNode root = F.objectNode();
        root.putArray("nftables").addAll(commands);
        return root.toString();
    }
}
