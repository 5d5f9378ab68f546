package io.fulcrum.controlplane.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.Settings;
import io.fulcrum.controlplane.service.ApiProblem;
import io.fulcrum.controlplane.service.apply.ConfigApply;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.model.plan.LabelSelector;
import io.fulcrum.model.plan.PlanCodec;
import io.fulcrum.model.plan.PlanOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Plan and apply requests in, their answers out; for REST and the gRPC management API alike. */
public final class ConfigDocuments {
    private ConfigDocuments() {}

    /**
     * The desired document of a request body (JSON, or YAML by Content-Type): each resource checked on
     * its own (the plan checks them across the document and the store); 413 over the size limit.
     */
    public static ConfigDocument desired(String text, String contentType) {
        long limit = Settings.maxDocumentSize();
        // n chars are n to 3n bytes in UTF-8: the bytes are counted only when they may be over
        if (text != null
                && (text.length() > limit
                        || (long) text.length() * 3 > limit && text.getBytes(StandardCharsets.UTF_8).length > limit)) {
            throw tooLarge(limit);
        }
        return DocumentCodec.decodeDesiredDocument(Representations.body(text, contentType));
    }

    /** The 413 of a body over {@code limit} bytes. */
    public static ApiProblem tooLarge(long limit) {
        return new ApiProblem(
                413,
                "Content too large",
                "the body is larger than the limit of " + limit + " bytes (" + Settings.MAX_DOCUMENT_SIZE + ")",
                List.of(new FieldError("", "is larger than " + limit + " bytes")));
    }

    /** The plan options of the query (or request) parameters. */
    public static PlanOptions options(boolean prune, List<String> selector, boolean listUnchanged) {
        LabelSelector scope =
                selector == null || selector.isEmpty() ? LabelSelector.ALL : LabelSelector.parse("selector", selector);
        return new PlanOptions(prune, scope, listUnchanged);
    }

    /**
     * The revision an If-Match names ({@code "12"}, {@code 12}, {@code W/"12"}); null for none or
     * {@code *}.
     */
    public static Long ifMatch(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) return null;
        String t = header.trim();
        if (t.startsWith("W/")) t = t.substring(2);
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) t = t.substring(1, t.length() - 1);
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new ValidationException(
                    "If-Match", "must be the revision a plan was made on, as \"12\" (its basedOnRevision)");
        }
    }

    /** An apply's answer (openapi.yaml's ApplyResult). */
    public static ObjectNode applied(ConfigApply.Applied a) {
        ObjectNode o = DocumentCodec.JSON.createObjectNode();
        o.put("revision", a.revision());
        if (a.applyId() != null) o.put("apply", a.applyId());
        o.set("plan", PlanCodec.encode(a.plan()));
        return o;
    }
}
