package io.fulcrum.controlplane.api;

import static io.fulcrum.controlplane.api.Representations.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.agents.GroupStates;
import io.fulcrum.controlplane.auth.CurrentCaller;
import io.fulcrum.controlplane.service.ModelReader;
import io.fulcrum.controlplane.service.ModelService;
import io.fulcrum.controlplane.service.Precondition;
import io.fulcrum.controlplane.service.Stored;
import io.fulcrum.model.VrrpGroup;
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

@Path("/api/v1/vrrp-groups")
@Produces({"application/json", Problems.MEDIA_TYPE})
@Consumes({"application/json", "application/yaml"})
public class VrrpGroupsResource {
    @Inject
    ModelService model;

    @Inject
    ModelReader reader;

    @Inject
    GroupStates states;

    @Inject
    CurrentCaller caller;

    @GET
    public Response list(
            @QueryParam("limit") Integer limit,
            @QueryParam("pageToken") String pageToken,
            @QueryParam("label") List<String> label) {
        return page(model.listVrrpGroups(limit(limit), pageToken, labels(label)), VrrpGroupsResource::view);
    }

    @POST
    public Response create(String text, @HeaderParam("Content-Type") String type) {
        VrrpGroup g = DocumentCodec.decodeVrrpGroup(body(text, type));
        var w = model.putVrrpGroup(g, new Precondition(null, true), caller.name());
        return written(view(w.stored()), w.stored().meta(), true, "/api/v1/vrrp-groups/" + g.name());
    }

    @GET
    @Path("{name}")
    public Response get(@PathParam("name") String name) {
        Stored<VrrpGroup> s = reader.vrrpGroup(name);
        return ok(view(s), s.meta());
    }

    /** Each member director's state in the group, as its agent reports it, and split brain (two masters). */
    @GET
    @Path("{name}/status")
    public Response status(@PathParam("name") String name) throws SQLException {
        return Response.ok(states.of(reader.vrrpGroup(name).value()).toString(), "application/json")
                .build();
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
        var w = model.putVrrpGroup(
                DocumentCodec.decodeVrrpGroup(body), new Precondition(ifMatch, "*".equals(ifNoneMatch)), caller.name());
        return written(view(w.stored()), w.stored().meta(), w.created(), "/api/v1/vrrp-groups/" + name);
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name, @HeaderParam("If-Match") String ifMatch) {
        model.deleteVrrpGroup(name, new Precondition(ifMatch, false), caller.name());
        return Response.noContent().build();
    }

    public static ObjectNode view(Stored<VrrpGroup> s) {
        return withMeta(DocumentCodec.encode(s.value(), true), s.meta());
    }
}
