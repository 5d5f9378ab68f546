package io.fulcrum.controlplane.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** RFC 9457 problem details, with an "errors" member naming every invalid field. */
public final class Problems {
    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {}

    public static Response response(int status, String title, String detail, List<FieldError> errors) {
        Response.ResponseBuilder b = Response.status(status)
                .type(MEDIA_TYPE)
                .entity(json(status, title, detail, errors).toString());
        if (status == 401) b.header("WWW-Authenticate", "Bearer realm=\"fulcrum\"");
        if (status == 503) b.header("Retry-After", "1"); // the database restarting: seconds, not minutes
        return b.build();
    }

    /** The problem document itself (for responses written outside JAX-RS). */
    public static ObjectNode json(int status, String title, String detail, List<FieldError> errors) {
        ObjectNode p = DocumentCodec.JSON.createObjectNode();
        p.put("type", "https://fulcrum.invalid/problems/" + slug(title));
        p.put("title", title);
        p.put("status", status);
        if (detail != null) p.put("detail", detail);
        if (!errors.isEmpty()) {
            ArrayNode a = p.putArray("errors");
            for (FieldError e : errors) a.addObject().put("field", e.field()).put("message", e.message());
        }
        return p;
    }

    private static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }
}
