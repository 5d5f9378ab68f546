package io.fulcrum.controlplane.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.service.ModelService;
import io.fulcrum.controlplane.service.Page;
import io.fulcrum.controlplane.service.Stored;
import io.fulcrum.model.Defaults;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Request bodies in, resource representations (with metadata and ETag) out; for REST and the gRPC management API. */
public final class Representations {
    private Representations() {}

    /** The request body as a JSON tree; YAML bodies are accepted too. */
    public static JsonNode body(String text, String contentType) {
        if (text == null || text.isBlank()) throw new ValidationException("", "a request body is required");
        if (contentType != null && contentType.contains("yaml")) return DocumentCodec.parse(text);
        try {
            return DocumentCodec.JSON.readTree(text);
        } catch (Exception e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new ValidationException("", "the body is not valid JSON: " + why);
        }
    }

    /** A body's name must be the name in the path. */
    static void sameName(JsonNode body, String name) {
        JsonNode n = body.get("name");
        if (n != null && n.isTextual() && !n.asText().equals(name)) {
            throw new ValidationException("/name", "is '" + n.asText() + "' but the path names '" + name + "'");
        }
    }

    static ObjectNode withMeta(ObjectNode body, Stored.Meta m) {
        ObjectNode meta = body.putObject("metadata");
        meta.put("version", m.version())
                .put("revision", m.revision())
                .put("createdAt", m.createdAt().toString())
                .put("updatedAt", m.updatedAt().toString());
        return body;
    }

    static ObjectNode status(ObjectNode body, ModelService.DirectorStatus s) {
        ObjectNode o = body.putObject("status");
        o.put("connected", s.connected());
        if (s.lastSeen() != null) o.put("lastSeen", s.lastSeen().toString());
        if (s.appliedRevision() != null) o.put("appliedRevision", s.appliedRevision());
        if (s.agentVersion() != null) o.put("agentVersion", s.agentVersion());
        if (s.lastNack() != null) o.set("lastNack", s.lastNack());
        // keep status before metadata, as in openapi.yaml
        JsonNode meta = body.remove("metadata");
        if (meta != null) body.set("metadata", meta);
        return body;
    }

    static Response ok(ObjectNode body, Stored.Meta m) {
        return Response.ok(body.toString(), "application/json")
                .header("ETag", m.etag())
                .build();
    }

    static Response written(ObjectNode body, Stored.Meta m, boolean created, String location) {
        Response.ResponseBuilder b = created ? Response.created(URI.create(location)) : Response.ok();
        return b.type("application/json")
                .entity(body.toString())
                .header("ETag", m.etag())
                .build();
    }

    static <T> Response page(Page<T> page, Function<T, ObjectNode> view) {
        ObjectNode o = DocumentCodec.JSON.createObjectNode();
        ArrayNode items = o.putArray("items");
        for (T t : page.items()) items.add(view.apply(t));
        if (page.nextPageToken() != null) o.put("nextPageToken", page.nextPageToken());
        return Response.ok(o.toString(), "application/json").build();
    }

    public static int limit(Integer limit) {
        if (limit == null) return Defaults.PAGE_SIZE;
        if (limit < 1 || limit > Defaults.MAX_PAGE_SIZE) {
            throw new ValidationException("limit", "must be from 1 to " + Defaults.MAX_PAGE_SIZE);
        }
        return limit;
    }

    public static List<String> labels(List<String> labels) {
        List<FieldError> errors = new ArrayList<>();
        for (String l : labels) {
            int eq = l.indexOf('=');
            if (eq <= 0) errors.add(new FieldError("label", "'" + l + "' is not key=value"));
        }
        if (!errors.isEmpty()) throw new ValidationException(errors);
        return labels;
    }
}
