package io.fulcrum.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The fleet at a glance, from the status document {@code fulcrum ctl status} builds ({@code revision};
 * {@code directors[] {name, connected, appliedRevision}}; {@code vrrpGroups[] {name, vrid, master,
 * splitBrain, members[] {director, connected, state}}}; {@code virtualServers {total, incomplete[]
 * {name, revision, directors, applied, pending[], lastError}}}).
 */
public final class StatusView {
    private StatusView() {}

    public static String render(JsonNode status, Style style) {
        long revision = status.path("revision").asLong();
        StringBuilder b = new StringBuilder();
        b.append(style.bold("Revision " + revision)).append("\n\n");

        JsonNode directors = status.path("directors");
        if (directors.size() == 0) b.append("No directors.\n");
        else {
            Table t = new Table("DIRECTOR", "CONNECTED", "APPLIED");
            for (JsonNode d : directors) {
                JsonNode applied = d.get("appliedRevision");
                String a;
                if (applied == null || applied.isNull()) a = style.yellow("never");
                else if (applied.asLong() >= revision) a = style.green(applied.asText() + " (current)");
                else a = style.yellow(applied.asText() + " (" + (revision - applied.asLong()) + " behind)");
                t.row(
                        d.path("name").asText(),
                        ResourceTables.connected(d.path("connected").asBoolean(), style),
                        a);
            }
            b.append(t.render(style));
        }
        b.append('\n');

        JsonNode groups = status.path("vrrpGroups");
        if (groups.size() == 0) b.append("No VRRP groups.\n");
        else {
            Table t = new Table("VRRP-GROUP", "VRID", "MASTER", "MEMBERS");
            for (JsonNode g : groups) {
                String master;
                if (g.path("splitBrain").asBoolean(false))
                    master = style.red(g.path("master").asText("?") + " (split brain)");
                else if (g.hasNonNull("master"))
                    master = style.green(g.get("master").asText());
                else master = style.red("(none)");
                List<String> members = new ArrayList<>();
                for (JsonNode m : g.path("members")) {
                    String state = m.path("connected").asBoolean(false)
                            ? m.path("state").asText("unknown")
                            : "disconnected";
                    members.add(m.path("director").asText() + "=" + state);
                }
                t.row(g.path("name").asText(), g.path("vrid").asText(), master, String.join(" ", members));
            }
            b.append(t.render(style));
        }
        b.append('\n');

        JsonNode vs = status.path("virtualServers");
        int total = vs.path("total").asInt();
        JsonNode incomplete = vs.path("incomplete");
        if (total == 0) b.append("No virtual servers.\n");
        else if (incomplete.size() == 0)
            b.append(style.green("Virtual servers: all " + total + " applied on every director serving them."))
                    .append('\n');
        else {
            b.append(style.yellow("Virtual servers: " + incomplete.size() + " of " + total
                            + " not yet applied on every director serving them:"))
                    .append('\n');
            Table t = new Table("VIRTUAL-SERVER", "REVISION", "APPLIED", "PENDING", "LAST-ERROR");
            for (JsonNode v : incomplete) {
                List<String> pending = new ArrayList<>();
                v.path("pending").forEach(p -> pending.add(p.asText()));
                JsonNode e = v.get("lastError");
                String error = "-";
                if (e != null && !e.isNull()) {
                    error = style.red(e.path("director").asText() + ": "
                            + (e.hasNonNull("object") ? e.get("object").asText() + ": " : "")
                            + (e.hasNonNull("field") ? e.get("field").asText() + ": " : "")
                            + e.path("message").asText());
                }
                t.row(
                        v.path("name").asText(),
                        v.path("revision").asText(),
                        v.path("applied").asText() + "/" + v.path("directors").asText(),
                        pending.isEmpty() ? "-" : String.join(",", pending),
                        error);
            }
            b.append(t.render(style));
        }
        return b.toString();
    }
}
