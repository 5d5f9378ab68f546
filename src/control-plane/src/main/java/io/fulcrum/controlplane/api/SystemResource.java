package io.fulcrum.controlplane.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.service.revision.AuditService;
import io.fulcrum.controlplane.service.revision.Kind;
import io.fulcrum.controlplane.service.ModelService;
import io.fulcrum.controlplane.service.revision.Revisions;
import io.fulcrum.controlplane.service.Stored;
import io.fulcrum.controlplane.store.AuditRow;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;

/** The revision, the audit trail, the configuration document and the OpenAPI contract. */
@Path("/api/v1")
public class SystemResource {
    @Inject Revisions revisions;
    @Inject AuditService audit;
    @Inject ModelService model;

    @GET
    @Path("revision")
    @Produces("application/json")
    public Response revision() {
        return Response.ok(DocumentCodec.JSON.createObjectNode().put("revision", revisions.current()).toString(), "application/json").build();
    }

    @GET
    @Path("audit")
    @Produces("application/json")
    public Response audit(@QueryParam("limit") Integer limit, @QueryParam("pageToken") String pageToken,
                          @QueryParam("kind") String kind, @QueryParam("resource") String resource) {
        Kind k = null;
        if (kind != null && (k = Kind.fromWire(kind)) == null) {
            throw new ValidationException("kind", "'" + kind + "' is not one of director, vrrp-group, virtual-server, real-server, token, enrollment-token");
        }
        return Representations.page(audit.list(Representations.limit(limit), pageToken, k, resource), SystemResource::view);
    }

    @GET
    @Path("config")
    @Produces({"application/json", "application/yaml"})
    public Response config(@HeaderParam("Accept") String accept) throws IOException {
        ObjectNode doc = DocumentCodec.encode(model.export());
        if (accept != null && accept.contains("yaml") && !accept.contains("json")) {
            return Response.ok(DocumentCodec.YAML.writeValueAsString(doc), "application/yaml").build();
        }
        return Response.ok(doc.toString(), "application/json").build();
    }

    @GET
    @Path("openapi.yaml")
    @Produces("application/yaml")
    public Response openapi() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/fulcrum/openapi.yaml")) {
            if (in == null) throw new IllegalStateException("openapi.yaml is missing from the build");
            return Response.ok(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "application/yaml").build();
        }
    }

    private static ObjectNode view(AuditRow a) {
        ObjectNode o = DocumentCodec.JSON.createObjectNode();
        o.put("revision", a.revision).put("time", a.at.toString()).put("actor", a.actor).put("action", a.action)
                .put("kind", a.kind).put("resource", a.resource);
        o.set("before", a.before == null ? o.nullNode() : Stored.json(a.before));
        o.set("after", a.after == null ? o.nullNode() : Stored.json(a.after));
        return o;
    }

}
