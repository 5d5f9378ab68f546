package io.fulcrum.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A plan (openapi.yaml's Plan, PlanCodec's JSON, as the control plane answers {@code POST
 * /api/v1/config/plan}) for a
 * person: one line per resource with its action's sign ({@code +} create, {@code ~} update, {@code -}
 * delete, {@code =} unchanged, {@code .} kept), the changed fields of an update, the directors a change
 * reaches, warnings, refusals and the counts.
 */
public final class PlanView {
    private PlanView() {}

    /** The whole plan with its heading, warnings, refusals and counts. */
    public static String render(JsonNode plan, Style style) {
        StringBuilder b = new StringBuilder();
        JsonNode revision = plan.get("basedOnRevision");
        List<JsonNode> shown = changes(plan, false);
        if (!shown.isEmpty()) {
            b.append(style.bold("Plan against revision " + (revision == null ? "(none)" : revision.asText()) + ":"))
                    .append("\n\n");
            for (JsonNode c : shown) change(b, c, style);
            b.append('\n');
        }
        problems(b, plan, style);
        if (refused(plan)) {
            b.append(style.red("The document is refused; nothing can be applied until the errors are fixed."))
                    .append('\n');
        } else if (!writes(plan)) {
            b.append(style.green("No changes: the control plane already matches the document."))
                    .append(keptNote(plan))
                    .append('\n');
        } else {
            b.append(style.bold("Plan:"))
                    .append(' ')
                    .append(count(plan, "create"))
                    .append(" to create, ")
                    .append(count(plan, "update"))
                    .append(" to update, ")
                    .append(count(plan, "delete"))
                    .append(" to delete; ")
                    .append(count(plan, "unchanged"))
                    .append(" unchanged, ")
                    .append(count(plan, "keep"))
                    .append(" kept.")
                    .append('\n');
        }
        return b.toString();
    }

    /** Only the changes that write, with their fields, then any warnings and refusals: nothing when none. */
    public static String renderDiff(JsonNode plan, Style style) {
        StringBuilder b = new StringBuilder();
        for (JsonNode c : changes(plan, true)) change(b, c, style);
        if (b.length() > 0
                && (plan.path("errors").size() > 0 || plan.path("warnings").size() > 0)) b.append('\n');
        problems(b, plan, style);
        return b.toString();
    }

    public static boolean refused(JsonNode plan) {
        return plan.path("refused").asBoolean(false) || plan.path("errors").size() > 0;
    }

    public static boolean writes(JsonNode plan) {
        if (plan.has("writes")) return plan.get("writes").asBoolean();
        return count(plan, "create") + count(plan, "update") + count(plan, "delete") > 0;
    }

    public static int count(JsonNode plan, String action) {
        return plan.path("counts").path(action).asInt(0);
    }

    private static String keptNote(JsonNode plan) {
        int kept = count(plan, "keep");
        return kept == 0
                ? ""
                : " " + kept + (kept == 1 ? " resource" : " resources")
                        + " not in the document kept (--prune deletes them).";
    }

    private static List<JsonNode> changes(JsonNode plan, boolean writesOnly) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : plan.path("changes")) {
            String a = c.path("action").asText();
            boolean writes = a.equals("create") || a.equals("update") || a.equals("delete");
            if (writes || !writesOnly) out.add(c);
        }
        return out;
    }

    private static void change(StringBuilder b, JsonNode c, Style style) {
        String action = c.path("action").asText();
        String name = c.path("kind").asText() + " "
                + (c.hasNonNull("virtualServer") ? c.get("virtualServer").asText() + "/" : "")
                + c.path("name").asText();
        String line = switch (action) {
            case "create" -> style.green("+ " + name);
            case "update" -> style.yellow("~ " + name);
            case "delete" -> style.red("- " + name);
            case "unchanged" -> style.dim("= " + name);
            case "keep" -> style.dim(". " + name + " (kept: not in the document; --prune deletes it)");
            default -> "? " + name + " (" + action + ")";
        };
        b.append("  ").append(line);
        List<String> directors = new ArrayList<>();
        c.path("directors").forEach(d -> directors.add(d.asText()));
        if (!directors.isEmpty() && !action.equals("unchanged") && !action.equals("keep"))
            b.append(style.dim("  (directors: " + String.join(", ", directors) + ")"));
        b.append('\n');
        for (JsonNode d : c.path("diff")) {
            boolean secret = d.path("secret").asBoolean(false);
            b.append("      ")
                    .append(d.path("path").asText())
                    .append(": ")
                    .append(style.red(value(d.get("before"), secret)))
                    .append(" -> ")
                    .append(style.green(value(d.get("after"), secret)))
                    .append('\n');
        }
    }

    /** A field's value as compact JSON; a secret's placeholder as it is; an absent one as "(none)". */
    private static String value(JsonNode v, boolean secret) {
        if (v == null || v.isMissingNode()) return "(none)";
        return secret && v.isTextual() ? v.asText() : Documents.compact(v);
    }

    private static void problems(StringBuilder b, JsonNode plan, Style style) {
        if (plan.path("warnings").size() > 0) {
            b.append(style.yellow("Warnings:")).append('\n');
            for (JsonNode w : plan.path("warnings"))
                b.append("  ").append(fieldLine(w)).append('\n');
            b.append('\n');
        }
        if (plan.path("errors").size() > 0) {
            b.append(style.red("Errors:")).append('\n');
            for (JsonNode e : plan.path("errors"))
                b.append("  ").append(fieldLine(e)).append('\n');
            b.append('\n');
        }
    }

    private static String fieldLine(JsonNode e) {
        String field = e.path("field").asText("");
        return (field.isEmpty() ? "" : field + ": ") + e.path("message").asText("");
    }
}
