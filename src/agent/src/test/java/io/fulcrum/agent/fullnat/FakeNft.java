package io.fulcrum.agent.fullnat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.netlink.nftables.NftCommands;
import io.fulcrum.netlink.nftables.NftablesException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A scripted libnftables: holds one table (family, name) with one chain's rules as libnftables lists
 * them, applies add/delete commands of the JSON it is given (a refused command changes nothing), and
 * records every command text.
 */
final class FakeNft implements NftCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    final List<String> commands = new ArrayList<>();
    boolean table;
    boolean chain;
    /** The rule objects as libnftables lists them (with handle). */
    final List<ObjectNode> rules = new ArrayList<>();

    private long nextHandle = 3;
    /** When set, the next change is refused with this message. */
    String refuse;

    @Override
    public String run(String json) {
        commands.add(json);
        try {
            JsonNode root = JSON.readTree(json);
            ArrayNode out = JSON.createArrayNode();
            out.addObject().putObject("metainfo").put("json_schema_version", 1);
            boolean changes = false;
            for (JsonNode c : root.path("nftables")) changes |= !c.has("list");
            if (changes && refuse != null) {
                String why = refuse;
                refuse = null;
                throw new NftablesException("nftables refused the command: " + why);
            }
            for (JsonNode c : root.path("nftables")) {
                if (c.has("list") && c.get("list").has("tables")) {
                    if (table) out.addObject().set("table", table());
                } else if (c.has("list")) {
                    if (!table) throw new NftablesException("nftables refused the command: No such file or directory");
                    out.addObject().set("table", table());
                    if (chain)
                        out.addObject()
                                .set(
                                        "chain",
                                        JSON.createObjectNode()
                                                .put("family", "inet")
                                                .put("table", "fulcrum_fullnat")
                                                .put("name", "postrouting"));
                    for (ObjectNode r : rules) out.addObject().set("rule", r);
                } else if (c.has("add") && c.get("add").has("table")) {
                    table = true;
                } else if (c.has("add") && c.get("add").has("chain")) {
                    chain = true;
                } else if (c.has("add") && c.get("add").has("rule")) {
                    ObjectNode r = ((ObjectNode) c.get("add").get("rule")).deepCopy();
                    r.put("handle", nextHandle++);
                    rules.add(r);
                } else if (c.has("delete") && c.get("delete").has("rule")) {
                    long h = c.get("delete").get("rule").get("handle").asLong();
                    boolean found = false;
                    for (Iterator<ObjectNode> i = rules.iterator(); i.hasNext(); )
                        if (i.next().get("handle").asLong() == h) {
                            i.remove();
                            found = true;
                        }
                    if (!found) throw new NftablesException("nftables refused the command: no rule " + h);
                } else if (c.has("delete") && c.get("delete").has("table")) {
                    table = false;
                    chain = false;
                    rules.clear();
                } else {
                    throw new IllegalArgumentException("FakeNft does not know " + c);
                }
            }
            return JSON.createObjectNode().set("nftables", out).toString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }

    /** Commands that changed something (not listings). */
    List<String> changes() {
        return commands.stream().filter(c -> !c.contains("\"list\"")).toList();
    }

    List<String> comments() {
        return rules.stream().map(r -> r.path("comment").asText("")).toList();
    }

    /** A rule someone else put into the agent's table. */
    void foreignRule(String comment) {
        ObjectNode r = JSON.createObjectNode()
                .put("family", "inet")
                .put("table", "fulcrum_fullnat")
                .put("chain", "postrouting");
        if (comment != null) r.put("comment", comment);
        r.put("handle", nextHandle++);
        rules.add(r);
    }

    private static ObjectNode table() {
        return JSON.createObjectNode()
                .put("family", "inet")
                .put("name", "fulcrum_fullnat")
                .put("handle", 1);
    }
}
