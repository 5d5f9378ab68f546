package io.fulcrum.controlplane.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.agents.FleetStatus;
import io.fulcrum.controlplane.auth.Caller;
import io.fulcrum.controlplane.auth.CurrentCaller;
import io.fulcrum.controlplane.service.Stored;
import io.fulcrum.controlplane.service.revision.AuditService;
import io.fulcrum.controlplane.service.revision.Kind;
import io.fulcrum.controlplane.service.revision.Revisions;
import io.fulcrum.controlplane.store.AuditRow;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The revision, the audit trail and the OpenAPI contract (the configuration document is
 * {@link ConfigResource}'s). The contract comes in JSON or YAML, as the Accept header prefers; an
 * Accept that names neither (such as application/problem+json alone) gets the default form rather
 * than a 406.
 */
@Path("/api/v1")
@Produces({"application/json", Problems.MEDIA_TYPE})
public class SystemResource {
    static final MediaType YAML = MediaType.valueOf("application/yaml");

    @Inject
    Revisions revisions;

    @Inject
    AuditService audit;

    @Inject
    FleetStatus fleet;

    @Inject
    CurrentCaller caller;

    @GET
    @Path("revision")
    public Response revision() {
        return Response.ok(
                        DocumentCodec.JSON
                                .createObjectNode()
                                .put("revision", revisions.current())
                                .toString(),
                        "application/json")
                .build();
    }

    /** The fleet at a glance, in one answer (openapi.yaml's FleetStatus). */
    @GET
    @Path("status")
    public Response status() throws SQLException {
        return Response.ok(fleet.now().toString(), "application/json").build();
    }

    /** Who the bearer token is: the dashboard shows or hides write controls by its role. */
    @GET
    @Path("whoami")
    public Response whoami() {
        Caller c = caller.caller();
        return Response.ok(
                        DocumentCodec.JSON
                                .createObjectNode()
                                .put("name", c.name())
                                .put("role", c.role().name().toLowerCase(Locale.ROOT))
                                .toString(),
                        "application/json")
                .build();
    }

    @GET
    @Path("audit")
    public Response audit(
            @QueryParam("limit") Integer limit,
            @QueryParam("pageToken") String pageToken,
            @QueryParam("kind") String kind,
            @QueryParam("resource") String resource,
            @QueryParam("apply") String apply,
            @QueryParam("actor") String actor) {
        Kind k = null;
        if (kind != null && (k = Kind.fromWire(kind)) == null) {
            throw new ValidationException(
                    "kind",
                    "'" + kind
                            + "' is not one of director, vrrp-group, virtual-server, real-server, token,"
                            + " enrollment-token");
        }
        return Representations.page(
                audit.list(Representations.limit(limit), pageToken, k, resource, apply, actor),
                SystemResource::auditRecord);
    }

    @GET
    @Path("openapi.yaml")
    @Produces({"application/yaml", "application/json", Problems.MEDIA_TYPE})
    public Response openapi(@Context Request request) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/fulcrum/openapi.yaml")) {
            if (in == null) throw new IllegalStateException("openapi.yaml is missing from the build");
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (preferred(request, YAML, MediaType.APPLICATION_JSON_TYPE).equals(YAML))
                return Response.ok(yaml, YAML).build();
            return Response.ok(DocumentCodec.YAML.readTree(yaml).toString(), MediaType.APPLICATION_JSON_TYPE)
                    .build();
        }
    }

    /** The form the Accept header prefers among those offered; the first one when it names none of them. */
    static MediaType preferred(Request request, MediaType... offered) {
        Variant v = request.selectVariant(Variant.mediaTypes(offered).build());
        return v == null ? offered[0] : v.getMediaType();
    }

    /** An audit record as REST (and the gRPC API) answers it: openapi.yaml's AuditRecord. */
    public static ObjectNode auditRecord(AuditRow a) {
        ObjectNode o = DocumentCodec.JSON.createObjectNode();
        o.put("revision", a.revision)
                .put("time", a.at.toString())
                .put("actor", a.actor)
                .put("action", a.action)
                .put("kind", a.kind)
                .put("resource", a.resource);
        o.set("before", a.before == null ? o.nullNode() : Stored.json(a.before));
        o.set("after", a.after == null ? o.nullNode() : Stored.json(a.after));
        if (a.apply != null) o.put("apply", a.apply);
        return o;
    }
}
