package io.fulcrum.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.auth.CurrentCaller;
import io.fulcrum.controlplane.auth.TokenService;
import io.fulcrum.model.Enums.Role;
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
import java.util.Locale;

/** Token management (admin only, see AuthFilter). */
@Path("/api/v1/tokens")
@Produces({"application/json", Problems.MEDIA_TYPE})
@Consumes("application/json")
public class TokensResource {
    @Inject
    TokenService tokens;

    @Inject
    CurrentCaller caller;

    @GET
    public Response list() {
        ObjectNode o = DocumentCodec.JSON.createObjectNode();
        ArrayNode items = o.putArray("items");
        for (var t : tokens.list()) items.add(tokenView(t));
        return Response.ok(o.toString(), "application/json").build();
    }

    @POST
    public Response create(String text, @HeaderParam("Content-Type") String type) {
        JsonNode body = Representations.body(text, type);
        List<FieldError> errors = new ArrayList<>();
        if (!body.isObject()) throw new ValidationException("", "must be an object");
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("name") && !f.equals("role") && !f.equals("createdAt"))
                errors.add(new FieldError("/" + f, "unknown field"));
        }
        String name = body.path("name").asText(null);
        if (!DocumentCodec.isName(name))
            errors.add(new FieldError("/name", "is required: letters, digits, '.', '_' and '-', at most 63"));
        Role role = null;
        String r = body.path("role").asText("");
        try {
            role = Role.valueOf(r.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("/role", "'" + r + "' is not one of viewer, operator, admin"));
        }
        if (!errors.isEmpty()) throw new ValidationException(errors);
        var created = tokens.create(name, role, null, caller.name());
        ObjectNode o = tokenView(created.token());
        o.put("secret", created.secret());
        return Response.created(URI.create("/api/v1/tokens/" + name))
                .type("application/json")
                .entity(o.toString())
                .build();
    }

    @DELETE
    @Path("{name}")
    public Response revoke(@PathParam("name") String name) {
        tokens.revoke(name, caller.name());
        return Response.noContent().build();
    }

    /** openapi.yaml's Token. */
    public static ObjectNode tokenView(TokenService.Token t) {
        return DocumentCodec.JSON
                .createObjectNode()
                .put("name", t.name())
                .put("role", t.role().name().toLowerCase(Locale.ROOT))
                .put("createdAt", t.createdAt().toString());
    }
}
