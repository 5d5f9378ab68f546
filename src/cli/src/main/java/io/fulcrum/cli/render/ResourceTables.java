package io.fulcrum.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The table view of each resource kind as the API returns it (openapi.yaml's schemas). */
public final class ResourceTables {
    private ResourceTables() {}

    public static Table directors(List<JsonNode> items, Style style) {
        Table t = new Table("NAME", "ADDRESS", "CONNECTED", "APPLIED", "AGENT");
        for (JsonNode d : items) {
            JsonNode s = d.path("status");
            t.row(
                    d.path("name").asText(),
                    d.path("managementAddress").asText(),
                    connected(s.path("connected").asBoolean(false), style),
                    or(s.get("appliedRevision"), "-"),
                    or(s.get("agentVersion"), "-"));
        }
        return t;
    }

    public static Table vrrpGroups(List<JsonNode> items) {
        Table t = new Table("NAME", "VRID", "INTERFACE", "VERSION", "ADDRESSES", "MEMBERS");
        for (JsonNode g : items) {
            List<String> addresses = new ArrayList<>();
            g.path("virtualAddresses")
                    .forEach(a -> addresses.add(a.path("address").asText()));
            List<String> members = new ArrayList<>();
            g.path("members")
                    .forEach(m -> members.add(m.path("director").asText() + ":"
                            + m.path("priority").asText()));
            t.row(
                    g.path("name").asText(),
                    g.path("vrid").asText(),
                    g.path("interface").asText(),
                    "v" + g.path("version").asText("2"),
                    String.join(",", addresses),
                    String.join(",", members));
        }
        return t;
    }

    public static Table virtualServers(List<JsonNode> items, Style style) {
        Table t = new Table("NAME", "SERVICE", "SCHEDULER", "FORWARDING", "REAL-SERVERS", "SERVED-BY");
        for (JsonNode v : items) {
            int enabled = 0, total = 0;
            for (JsonNode r : v.path("realServers")) {
                total++;
                if (r.path("adminState").asText("enabled").equals("enabled")) enabled++;
            }
            String servedBy;
            if (v.hasNonNull("vrrpGroup"))
                servedBy = "vrrp-group " + v.get("vrrpGroup").asText();
            else {
                List<String> ds = new ArrayList<>();
                v.path("directors").forEach(d -> ds.add(d.asText()));
                servedBy = ds.isEmpty() ? style.yellow("(none)") : String.join(",", ds);
            }
            t.row(
                    v.path("name").asText(),
                    service(v),
                    v.path("scheduler").asText("wlc"),
                    v.path("forwarding").asText("nat"),
                    enabled == total ? enabled + "/" + total : style.yellow(enabled + "/" + total),
                    servedBy);
        }
        return t;
    }

    public static Table realServers(List<JsonNode> items, Style style) {
        Table t = new Table("NAME", "ADDRESS", "PORT", "WEIGHT", "ADMIN-STATE");
        for (JsonNode r : items) {
            t.row(
                    r.path("name").asText(),
                    r.path("address").asText(),
                    or(r.get("port"), "-"),
                    r.path("weight").asText("1"),
                    adminState(r.path("adminState").asText("enabled"), style));
        }
        return t;
    }

    /** {@code tcp 192.168.10.1:80} or {@code fwmark 7}. */
    public static String service(JsonNode v) {
        if (v.hasNonNull("fwmark")) return "fwmark " + v.get("fwmark").asText();
        String address = v.path("address").asText();
        if (address.contains(":")) address = "[" + address + "]";
        return v.path("protocol").asText("tcp") + " " + address + ":"
                + v.path("port").asText();
    }

    public static String adminState(String state, Style style) {
        return switch (state) {
            case "enabled" -> style.green(state);
            case "draining" -> style.yellow(state);
            default -> style.red(state);
        };
    }

    public static String connected(boolean connected, Style style) {
        return connected ? style.green("yes") : style.red("no");
    }

    private static String or(JsonNode v, String otherwise) {
        return v == null || v.isNull() ? otherwise : v.asText();
    }
}
