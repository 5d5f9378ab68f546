package io.fulcrum.controlplane.grpc.management;

import static io.fulcrum.controlplane.grpc.management.Calls.answer;

import io.fulcrum.api.v1.ApplyRequest;
import io.fulcrum.api.v1.ApplyResponse;
import io.fulcrum.api.v1.ConfigurationGrpc;
import io.fulcrum.api.v1.ExportConfigRequest;
import io.fulcrum.api.v1.ExportConfigResponse;
import io.fulcrum.api.v1.GetRevisionRequest;
import io.fulcrum.api.v1.GetRevisionResponse;
import io.fulcrum.api.v1.PlanRequest;
import io.fulcrum.api.v1.PlanResponse;
import io.fulcrum.controlplane.api.ConfigDocuments;
import io.fulcrum.controlplane.service.ModelService;
import io.fulcrum.controlplane.service.apply.ConfigApply;
import io.fulcrum.controlplane.service.revision.Revisions;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.model.plan.Plan;
import io.fulcrum.model.plan.PlanCodec;
import io.fulcrum.model.plan.PlanOptions;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * fulcrum.v1.Configuration: GET /api/v1/revision, GET /api/v1/config (JSON), POST /api/v1/config/plan
 * and PUT /api/v1/config, on the same service and with the same errors as REST.
 */
@ApplicationScoped
public class ConfigurationApi implements ConfigurationGrpc.AsyncService, BindableService {
    @Inject
    Revisions revisions;

    @Inject
    ModelService model;

    @Inject
    ConfigApply configs;

    @Inject
    BearerAuth auth;

    @Override
    public ServerServiceDefinition bindService() {
        return auth.protect(ConfigurationGrpc.bindService(this));
    }

    @Override
    public void getRevision(GetRevisionRequest req, StreamObserver<GetRevisionResponse> out) {
        answer(
                out,
                () -> GetRevisionResponse.newBuilder()
                        .setRevision(revisions.current())
                        .build());
    }

    @Override
    public void exportConfig(ExportConfigRequest req, StreamObserver<ExportConfigResponse> out) {
        answer(
                out,
                () -> ExportConfigResponse.newBuilder()
                        .setJson(DocumentCodec.encode(model.export()).toString())
                        .build());
    }

    @Override
    public void plan(PlanRequest req, StreamObserver<PlanResponse> out) {
        answer(out, () -> {
            Plan plan = configs.plan(desired(req), options(req));
            if (plan.refused()) throw ConfigApply.refused(plan);
            return PlanResponse.newBuilder()
                    .setJson(PlanCodec.encode(plan).toString())
                    .build();
        });
    }

    @Override
    public void apply(ApplyRequest req, StreamObserver<ApplyResponse> out) {
        answer(out, () -> {
            Long revision = ConfigDocuments.ifMatch(req.getIfMatch());
            PlanRequest doc = req.getDocument();
            ConfigApply.Applied applied = configs.apply(desired(doc), options(doc), revision, Calls.actor());
            return ApplyResponse.newBuilder()
                    .setJson(ConfigDocuments.applied(applied).toString())
                    .build();
        });
    }

    /** The document, read as REST reads a JSON body, or a YAML one when it does not start as JSON does. */
    private static ConfigDocument desired(PlanRequest req) {
        String text = req.getJson();
        return ConfigDocuments.desired(
                text, text.stripLeading().startsWith("{") ? "application/json" : "application/yaml");
    }

    private static PlanOptions options(PlanRequest req) {
        return ConfigDocuments.options(
                req.getPrune(),
                req.getSelector().isEmpty() ? List.of() : List.of(req.getSelector()),
                req.getListUnchanged());
    }
}
