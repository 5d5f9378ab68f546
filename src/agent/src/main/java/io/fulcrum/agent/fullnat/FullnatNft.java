package io.fulcrum.agent.fullnat;

import static io.fulcrum.netlink.nftables.NftJson.batch;
import static io.fulcrum.netlink.nftables.NftJson.command;
import static io.fulcrum.netlink.nftables.NftJson.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.Enums;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pure: the agent's FULLNAT rules as libnftables JSON (libnftables-json(5)), and its listing read back.
 * The table is {@code inet fulcrum_fullnat}, the chain {@code postrouting} (type nat, priority srcnat =
 * 100, after IPVS has rewritten the destination); one rule per service, as {@code nft} prints it:
 * <pre>
 * meta l4proto tcp ct original ip daddr 10.10.0.100 ct original proto-dst 80
 *     snat ip to numgen inc mod 2 map { 0 : 10.20.0.50, 1 : 10.20.0.51 } comment "fulcrum fullnat tcp 10.10.0.100:80 1a2b3c4d"
 * </pre>
 * IPVS's conntrack support (net.ipv4.vs.conntrack) keeps the original destination (the VIP) in the flow's
 * conntrack entry; a pool takes its addresses in turn per new flow; with one address conntrack varies
 * the source port when it must.
 */
public final class FullnatNft {
    private FullnatNft() {}

    public static final String FAMILY = "inet";
    public static final String TABLE = "fulcrum_fullnat";
    public static final String CHAIN = "postrouting";
    /** NF_IP_PRI_NAT_SRC (linux/netfilter_ipv4.h): source NAT's priority, "srcnat". */
    static final int PRIORITY_SRCNAT = 100;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The rule's comment: {@code fulcrum fullnat SERVICE DIGEST}, the digest over the whole rule. */
    public static String comment(FullnatRule r) {
        return "fulcrum fullnat " + r.service() + " " + digest(expression(r).toString());
    }

    /** Lists the tables of family inet (to learn whether ours exists without provoking an error). */
    public static String listTables() {
        ObjectNode list = F.objectNode();
        list.putObject("list").putObject("tables").put("family", FAMILY);
        return batch(List.of(list));
    }

    /** Lists the agent's table with its chain and rules. */
    public static String listTable() {
        ObjectNode list = F.objectNode();
        list.putObject("list").set("table", table());
        return batch(List.of(list));
    }

    /** Whether a {@link #listTables} answer names the agent's table. */
    public static boolean hasTable(String listing) {
        for (JsonNode item : items(listing)) {
            JsonNode t = item.get("table");
            if (t != null
                    && FAMILY.equals(t.path("family").asText())
                    && TABLE.equals(t.path("name").asText())) return true;
        }
        return false;
    }

    /** A {@link #listTable} answer as what the table holds (rules of other chains are not the agent's). */
    public static Installed installed(String listing) {
        boolean chain = false;
        List<Installed.Rule> rules = new ArrayList<>();
        for (JsonNode item : items(listing)) {
            JsonNode c = item.get("chain");
            if (c != null && ours(c) && CHAIN.equals(c.path("name").asText())) chain = true;
            JsonNode r = item.get("rule");
            if (r != null && ours(r) && CHAIN.equals(r.path("chain").asText()))
                rules.add(new Installed.Rule(
                        r.path("handle").asLong(), r.path("comment").asText("")));
        }
        return new Installed(true, chain, rules);
    }

    /**
     * The plan as one libnftables transaction: the table and chain when missing, new rules, then the
     * deletions (so a changed rule is never absent), then the emptied table. Empty plan: null.
     */
    public static String commands(FullnatPlanner.Plan plan) {
        if (plan.isEmpty()) return null;
        List<ObjectNode> cmds = new ArrayList<>();
        if (plan.createTable()) {
            cmds.add(command("add", "table", table()));
            ObjectNode chain = inTable()
                    .put("name", CHAIN)
                    .put("type", "nat")
                    .put("hook", "postrouting")
                    .put("prio", PRIORITY_SRCNAT)
                    .put("policy", "accept");
            cmds.add(command("add", "chain", chain));
        }
        for (FullnatRule r : plan.add()) {
            ObjectNode rule = inTable().put("chain", CHAIN).put("comment", comment(r));
            rule.set("expr", expression(r));
            cmds.add(command("add", "rule", rule));
        }
        for (Installed.Rule r : plan.delete()) {
            ObjectNode rule = inTable().put("chain", CHAIN).put("handle", r.handle());
            cmds.add(command("delete", "rule", rule));
        }
        if (plan.deleteTable()) cmds.add(command("delete", "table", table()));
        return batch(cmds);
    }

    /** The rule's statements: match the flow's protocol and original destination, then snat to the pool. */
    static ArrayNode expression(FullnatRule r) {
        ServiceKey s = r.service();
        String ipFamily = s.family() == Enums.AddressFamily.INET ? "ip" : "ip6";
        ArrayNode expr = F.arrayNode();
        // in an inet table libnftables needs the family before "ct original ip daddr" (nft then lists it implied)
        expr.add(match(
                F.objectNode().set("meta", F.objectNode().put("key", "nfproto")),
                F.textNode(s.family() == Enums.AddressFamily.INET ? "ipv4" : "ipv6")));
        expr.add(match(
                F.objectNode().set("meta", F.objectNode().put("key", "l4proto")),
                F.textNode(s.protocol().name().toLowerCase(Locale.ROOT))));
        expr.add(match(
                F.objectNode()
                        .set(
                                "ct",
                                F.objectNode()
                                        .put("key", "daddr")
                                        .put("family", ipFamily)
                                        .put("dir", "original")),
                F.textNode(Addresses.format(s.address()))));
        expr.add(match(
                F.objectNode().set("ct", F.objectNode().put("key", "proto-dst").put("dir", "original")),
                F.numberNode(s.port())));
        ObjectNode snat = F.objectNode().put("family", ipFamily);
        if (r.pool().size() == 1) {
            snat.put("addr", Addresses.format(r.pool().get(0)));
        } else {
            ArrayNode set = F.arrayNode();
            for (int i = 0; i < r.pool().size(); i++)
                set.add(F.arrayNode().add(i).add(Addresses.format(r.pool().get(i))));
            ObjectNode map = snat.putObject("addr").putObject("map");
            map.putObject("key")
                    .putObject("numgen")
                    .put("mode", "inc")
                    .put("mod", r.pool().size())
                    .put("offset", 0);
            map.putObject("data").set("set", set);
        }
        expr.add(F.objectNode().set("snat", snat));
        return expr;
    }

    private static ObjectNode table() {
        return F.objectNode().put("family", FAMILY).put("name", TABLE);
    }

    private static ObjectNode inTable() {
        return F.objectNode().put("family", FAMILY).put("table", TABLE);
    }

    private static boolean ours(JsonNode o) {
        return FAMILY.equals(o.path("family").asText())
                && TABLE.equals(o.path("table").asText());
    }

    private static List<JsonNode> items(String listing) {
        if (listing == null || listing.isBlank()) return List.of();
        try {
            JsonNode root = JSON.readTree(listing);
            List<JsonNode> out = new ArrayList<>();
            root.path("nftables").forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("libnftables answered with malformed JSON: " + e.getMessage(), e);
        }
    }

    private static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return String.format("%02x%02x%02x%02x", d[0], d[1], d[2], d[3]);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
