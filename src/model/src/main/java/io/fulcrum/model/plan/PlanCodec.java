package io.fulcrum.model.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.codec.DocumentCodec;
import java.util.List;

/** A {@link Plan} in its JSON form (openapi.yaml's Plan); it holds no secret value. */
public final class PlanCodec {
    private PlanCodec() {}

    public static ObjectNode encode(Plan plan) {
        ObjectNode o = DocumentCodec.JSON.createObjectNode();
        if (plan.basedOnRevision() != null) o.put("basedOnRevision", plan.basedOnRevision());
        o.put("refused", plan.refused());
        o.put("writes", plan.writes());
        ObjectNode counts = o.putObject("counts");
        plan.counts().forEach((action, n) -> counts.put(action.wire(), n));
        ArrayNode changes = o.putArray("changes");
        for (PlanChange c : plan.changes()) changes.add(encode(c));
        errors(o.putArray("errors"), plan.errors());
        errors(o.putArray("warnings"), plan.warnings());
        return o;
    }

    public static ObjectNode encode(PlanChange c) {
        ObjectNode o = DocumentCodec.JSON.createObjectNode();
        o.put("kind", c.kind().wire());
        if (c.virtualServer() != null) o.put("virtualServer", c.virtualServer());
        o.put("name", c.name());
        o.put("action", c.action().wire());
        if (c.at() != null) o.put("at", c.at());
        if (!c.diff().isEmpty()) {
            ArrayNode diff = o.putArray("diff");
            for (FieldDiff d : c.diff()) {
                ObjectNode f = diff.addObject().put("path", d.path());
                if (d.before() != null) f.set("before", d.before());
                if (d.after() != null) f.set("after", d.after());
                if (d.secret()) f.put("secret", true);
            }
        }
        ArrayNode directors = o.putArray("directors");
        c.directors().forEach(directors::add);
        return o;
    }

    private static void errors(ArrayNode out, List<FieldError> errors) {
        for (FieldError e : errors) out.addObject().put("field", e.field()).put("message", e.message());
    }
}
