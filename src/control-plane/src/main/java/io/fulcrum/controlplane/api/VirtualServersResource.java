package io.fulcrum.controlplane.api;

import static io.fulcrum.controlplane.api.Representations.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.agents.Rollout;
import io.fulcrum.controlplane.auth.CurrentCaller;
import io.fulcrum.controlplane.service.ModelReader;
import io.fulcrum.controlplane.service.ModelService;
import io.fulcrum.controlplane.service.Precondition;
import io.fulcrum.controlplane.service.Stored;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;

/** Virtual servers and, nested under each, its real servers. */
@Path("/api/v1/virtual-servers")
@Produces({"application/json", Problems.MEDIA_TYPE})
@Consumes({"application/json", "application/yaml"})
public class VirtualServersResource {
    @Inject
    ModelService model;

    @Inject
    ModelReader reader;

    @Inject
    Rollout rollout;

    @Inject
    CurrentCaller caller;

    @GET
    public Response list(
            @QueryParam("limit") Integer limit,
            @QueryParam("pageToken") String pageToken,
            @QueryParam("label") List<String> label) {
        return page(model.listVirtualServers(limit(limit), pageToken, labels(label)), VirtualServersResource::view);
    }

    @POST
    public Response create(String text, @HeaderParam("Content-Type") String type) {
        JsonNode body = body(text, type);
        VirtualServer v = DocumentCodec.decodeVirtualServer(body);
        var w = model.putVirtualServer(v, true, new Precondition(null, true), caller.name());
        return written(view(w.stored()), w.stored().meta(), true, "/api/v1/virtual-servers/" + v.name());
    }

    @GET
    @Path("{name}")
    public Response get(@PathParam("name") String name) {
        Stored<VirtualServer> s = reader.virtualServer(name);
        return ok(view(s), s.meta());
    }

    @PUT
    @Path("{name}")
    public Response put(
            @PathParam("name") String name,
            String text,
            @HeaderParam("Content-Type") String type,
            @HeaderParam("If-Match") String ifMatch,
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        JsonNode body = body(text, type);
        sameName(body, name);
        VirtualServer v = DocumentCodec.decodeVirtualServer(body);
        var w = model.putVirtualServer(
                v,
                DocumentCodec.hasRealServers(body),
                new Precondition(ifMatch, "*".equals(ifNoneMatch)),
                caller.name());
        return written(view(w.stored()), w.stored().meta(), w.created(), "/api/v1/virtual-servers/" + name);
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name, @HeaderParam("If-Match") String ifMatch) {
        model.deleteVirtualServer(name, new Precondition(ifMatch, false), caller.name());
        return Response.noContent().build();
    }

    // ---- real servers

    /** Applied on N of M directors, which are pending, and the last error an agent reported about it. */
    @GET
    @Path("{name}/status")
    public Response status(@PathParam("name") String name) throws SQLException {
        reader.virtualServer(name); // 404 when there is none
        return Response.ok(rollout.virtualServer(name).toString(), "application/json")
                .build();
    }

    @GET
    @Path("{name}/real-servers")
    public Response listReal(
            @PathParam("name") String vs,
            @QueryParam("limit") Integer limit,
            @QueryParam("pageToken") String pageToken,
            @QueryParam("label") List<String> label) {
        return page(
                model.listRealServers(vs, limit(limit), pageToken, labels(label)), VirtualServersResource::realView);
    }

    @POST
    @Path("{name}/real-servers")
    public Response createReal(@PathParam("name") String vs, String text, @HeaderParam("Content-Type") String type) {
        JsonNode body = body(text, type);
        RealServer r = DocumentCodec.decodeRealServer(body);
        var w = model.putRealServer(vs, r, new Precondition(null, true), caller.name());
        return written(
                realView(w.stored()),
                w.stored().meta(),
                true,
                "/api/v1/virtual-servers/" + vs + "/real-servers/" + r.name());
    }

    @GET
    @Path("{name}/real-servers/{realServerName}")
    public Response getReal(@PathParam("name") String vs, @PathParam("realServerName") String name) {
        Stored<RealServer> s = reader.realServer(vs, name);
        return ok(realView(s), s.meta());
    }

    @PUT
    @Path("{name}/real-servers/{realServerName}")
    public Response putReal(
            @PathParam("name") String vs,
            @PathParam("realServerName") String name,
            String text,
            @HeaderParam("Content-Type") String type,
            @HeaderParam("If-Match") String ifMatch,
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        JsonNode body = body(text, type);
        sameName(body, name);
        RealServer r = DocumentCodec.decodeRealServer(body);
        var w = model.putRealServer(vs, r, new Precondition(ifMatch, "*".equals(ifNoneMatch)), caller.name());
        return written(
                realView(w.stored()),
                w.stored().meta(),
                w.created(),
                "/api/v1/virtual-servers/" + vs + "/real-servers/" + name);
    }

    @DELETE
    @Path("{name}/real-servers/{realServerName}")
    public Response deleteReal(
            @PathParam("name") String vs,
            @PathParam("realServerName") String name,
            @HeaderParam("If-Match") String ifMatch) {
        model.deleteRealServer(vs, name, new Precondition(ifMatch, false), caller.name());
        return Response.noContent().build();
    }

    public static ObjectNode view(Stored<VirtualServer> s) {
        return withMeta(DocumentCodec.encode(s.value(), true), s.meta());
    }

    public static ObjectNode realView(Stored<RealServer> s) {
        return withMeta(DocumentCodec.encode(s.value()), s.meta());
    }
}
