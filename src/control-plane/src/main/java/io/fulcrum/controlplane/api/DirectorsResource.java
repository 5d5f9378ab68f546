package io.fulcrum.controlplane.api;

import static io.fulcrum.controlplane.api.Representations.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.auth.CurrentCaller;
import io.fulcrum.controlplane.service.ModelReader;
import io.fulcrum.controlplane.service.ModelService;
import io.fulcrum.controlplane.service.Precondition;
import io.fulcrum.controlplane.service.Stored;
import io.fulcrum.model.Director;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.util.List;

@Path("/api/v1/directors")
@Produces({"application/json", Problems.MEDIA_TYPE})
@Consumes({"application/json", "application/yaml"})
public class DirectorsResource {
    @Inject
    ModelService model;

    @Inject
    ModelReader reader;

    @Inject
    CurrentCaller caller;

    @GET
    public Response list(
            @QueryParam("limit") Integer limit,
            @QueryParam("pageToken") String pageToken,
            @QueryParam("label") List<String> label) {
        return page(model.listDirectors(limit(limit), pageToken, labels(label)), DirectorsResource::view);
    }

    @POST
    public Response create(String text, @HeaderParam("Content-Type") String type) {
        Director d = DocumentCodec.decodeDirector(body(text, type));
        var w = model.putDirector(d, new Precondition(null, true), caller.name());
        return written(view(afterWrite(w, reader)), w.stored().meta(), true, "/api/v1/directors/" + d.name());
    }

    @GET
    @Path("{name}")
    public Response get(@PathParam("name") String name) {
        ModelReader.DirectorView v = reader.director(name);
        return ok(view(v), v.director().meta());
    }

    /**
     * The director's part of the configuration as keepalived.conf (VRRP passwords left out: write-only);
     * as JSON when JSON is preferred: {director, text}.
     */
    @GET
    @Path("{name}/keepalived.conf")
    @Produces({"text/plain", "application/json", Problems.MEDIA_TYPE})
    public Response keepalivedConf(@PathParam("name") String name, @Context Request request) {
        reader.director(name);
        String text = KeepalivedViews.exported(model.export(), name);
        if (SystemResource.preferred(request, MediaType.TEXT_PLAIN_TYPE, MediaType.APPLICATION_JSON_TYPE)
                .equals(MediaType.TEXT_PLAIN_TYPE))
            return Response.ok(text, MediaType.TEXT_PLAIN_TYPE).build();
        ObjectNode o =
                DocumentCodec.JSON.createObjectNode().put("director", name).put("text", text);
        return Response.ok(o.toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** What the director's agent last reported: IPVS counters, drift, VRRP and health states, recent events. */
    @GET
    @Path("{name}/status")
    public Response agentStatus(@PathParam("name") String name) {
        return Response.ok(statusReport(reader.director(name), model).toString(), "application/json")
                .build();
    }

    /** openapi.yaml's DirectorStatusReport: the live status and the agent's last report (REST and gRPC). */
    public static ObjectNode statusReport(ModelReader.DirectorView v, ModelService model) {
        String report = model.agentStatus(v.director().value().name());
        ObjectNode o = Representations.status(DocumentCodec.JSON.createObjectNode(), v.status());
        ObjectNode body = (ObjectNode) o.get("status");
        body.set("report", report == null ? body.nullNode() : Stored.json(report));
        return body;
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
        var w = model.putDirector(
                DocumentCodec.decodeDirector(body), new Precondition(ifMatch, "*".equals(ifNoneMatch)), caller.name());
        return written(view(afterWrite(w, reader)), w.stored().meta(), w.created(), "/api/v1/directors/" + name);
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name, @HeaderParam("If-Match") String ifMatch) {
        model.deleteDirector(name, new Precondition(ifMatch, false), caller.name());
        return Response.noContent().build();
    }

    /** A director that no agent has connected for yet. */
    private static final ModelService.DirectorStatus NEW =
            new ModelService.DirectorStatus(false, null, null, null, null);

    /** What a write answers with (REST and gRPC): a replace the stored live status; a new director has none yet. */
    public static ModelReader.DirectorView afterWrite(ModelService.Written<Director> w, ModelReader reader) {
        return w.created()
                ? new ModelReader.DirectorView(w.stored(), NEW)
                : reader.director(w.stored().value().name());
    }

    public static ObjectNode view(ModelReader.DirectorView v) {
        return status(
                withMeta(
                        DocumentCodec.encode(v.director().value()), v.director().meta()),
                v.status());
    }
}
