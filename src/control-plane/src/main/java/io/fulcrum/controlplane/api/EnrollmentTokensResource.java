package io.fulcrum.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.agents.EnrollmentTokens;
import io.fulcrum.controlplane.auth.CurrentCaller;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A director's enrollment tokens, with which its agent authenticates (admin only, see AuthFilter). */
@Path("/api/v1/directors/{director}/enrollment-tokens")
@Produces({"application/json", Problems.MEDIA_TYPE})
@Consumes("application/json")
public class EnrollmentTokensResource {
    @Inject
    EnrollmentTokens tokens;

    @Inject
    CurrentCaller caller;

    @GET
    public Response list(@PathParam("director") String director) {
        ObjectNode o = DocumentCodec.JSON.createObjectNode();
        ArrayNode items = o.putArray("items");
        for (var t : tokens.list(director)) items.add(view(t));
        return Response.ok(o.toString(), "application/json").build();
    }

    /** Issues a token; its secret is in this response only. */
    @POST
    public Response issue(
            @PathParam("director") String director, String text, @HeaderParam("Content-Type") String type) {
        String description = null;
        if (text != null && !text.isBlank()) {
            JsonNode body = Representations.body(text, type);
            if (!body.isObject()) throw new ValidationException("", "must be an object");
            List<FieldError> errors = new ArrayList<>();
            for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("description")) errors.add(new FieldError("/" + f, "unknown field"));
            }
            JsonNode d = body.get("description");
            if (d != null && !d.isNull() && (!d.isTextual() || d.asText().length() > 1024)) {
                errors.add(new FieldError("/description", "must be a string of at most 1024 characters"));
            }
            if (!errors.isEmpty()) throw new ValidationException(errors);
            description = d == null || d.isNull() ? null : d.asText();
        }
        var issued = tokens.issue(director, description, caller.name());
        ObjectNode o = view(issued.token());
        o.put("secret", issued.secret());
        return Response.created(URI.create("/api/v1/directors/" + director + "/enrollment-tokens/"
                        + issued.token().id()))
                .type("application/json")
                .entity(o.toString())
                .build();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("director") String director, @PathParam("id") String id) {
        if (!id.matches("\\d{1,18}")) throw new ValidationException("id", "'" + id + "' is not a token id");
        tokens.revoke(director, Long.parseLong(id), caller.name());
        return Response.noContent().build();
    }

    private static ObjectNode view(EnrollmentTokens.Token t) {
        ObjectNode o = DocumentCodec.JSON.createObjectNode().put("id", t.id()).put("director", t.director());
        if (t.description() != null) o.put("description", t.description());
        o.put("createdAt", t.createdAt().toString()).put("createdBy", t.createdBy());
        if (t.revokedAt() != null) o.put("revokedAt", t.revokedAt().toString());
        return o;
    }
}
