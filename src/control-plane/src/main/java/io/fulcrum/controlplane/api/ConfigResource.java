package io.fulcrum.controlplane.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.auth.CurrentCaller;
import io.fulcrum.controlplane.service.ModelService;
import io.fulcrum.controlplane.service.apply.ConfigApply;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.model.plan.Plan;
import io.fulcrum.model.plan.PlanCodec;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The configuration document: its export (JSON or YAML, as the Accept header prefers), the plan of a
 * document against the stored state, and its apply, all or nothing ({@link ConfigApply}).
 */
@Path("/api/v1/config")
@Produces({"application/json", Problems.MEDIA_TYPE})
public class ConfigResource {
    @Inject
    ModelService model;

    @Inject
    ConfigApply configs;

    @Inject
    CurrentCaller caller;

    @GET
    @Produces({"application/json", "application/yaml", Problems.MEDIA_TYPE})
    public Response export(@Context Request request) throws IOException {
        ObjectNode doc = DocumentCodec.encode(model.export());
        if (SystemResource.preferred(request, MediaType.APPLICATION_JSON_TYPE, SystemResource.YAML)
                .equals(SystemResource.YAML)) {
            return Response.ok(DocumentCodec.YAML.writeValueAsString(doc), SystemResource.YAML)
                    .build();
        }
        return Response.ok(doc.toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The plan of the document; 400 naming every refusal (nothing is written either way). */
    @POST
    @Path("plan")
    @Consumes({"application/json", "application/yaml"})
    public Response plan(
            String body,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @QueryParam("prune") boolean prune,
            @QueryParam("selector") List<String> selector,
            @QueryParam("listUnchanged") boolean listUnchanged) {
        ConfigDocument desired = ConfigDocuments.desired(body, contentType);
        Plan plan = configs.plan(desired, ConfigDocuments.options(prune, selector, listUnchanged));
        if (plan.refused()) throw ConfigApply.refused(plan);
        return Response.ok(PlanCodec.encode(plan).toString(), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** Applies the document all or nothing; 412 when If-Match names a revision the store has moved from. */
    @PUT
    @Consumes({"application/json", "application/yaml"})
    public Response apply(
            String body,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @QueryParam("prune") boolean prune,
            @QueryParam("selector") List<String> selector,
            @QueryParam("listUnchanged") boolean listUnchanged) {
        Long revision = ConfigDocuments.ifMatch(ifMatch);
        ConfigDocument desired = ConfigDocuments.desired(body, contentType);
        ConfigApply.Applied applied = configs.apply(
                desired, ConfigDocuments.options(prune, selector, listUnchanged), revision, caller.name());
        return Response.ok(ConfigDocuments.applied(applied).toString(), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /**
     * keepalived.conf (one file, text/plain; @node lines are directors, includes need the CLI) as a
     * document with the report of every keyword. Nothing is written: plan and apply the document.
     */
    @POST
    @Path("import/keepalived")
    @Consumes({"text/plain", "application/json"})
    public Response importKeepalived(String body, @HeaderParam("Content-Type") String contentType) {
        // as JSON, several files ({files: [{name, text}], main: [names]}): one director per main file
        boolean json =
                contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
        ObjectNode result =
                json ? KeepalivedViews.importedFiles(DocumentCodec.parse(body)) : KeepalivedViews.imported(body);
        return Response.ok(result.toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
