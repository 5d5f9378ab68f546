package io.fulcrum.controlplane.grpc.management;

import static io.fulcrum.controlplane.grpc.management.Calls.answer;

import io.fulcrum.api.v1.ConfigurationGrpc;
import io.fulcrum.api.v1.ExportConfigRequest;
import io.fulcrum.api.v1.ExportConfigResponse;
import io.fulcrum.api.v1.GetRevisionRequest;
import io.fulcrum.api.v1.GetRevisionResponse;
import io.fulcrum.controlplane.service.ModelService;
import io.fulcrum.controlplane.service.revision.Revisions;
import io.fulcrum.model.codec.DocumentCodec;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** fulcrum.v1.Configuration: GET /api/v1/revision and GET /api/v1/config (JSON) of SystemResource. */
@ApplicationScoped
public class ConfigurationApi implements ConfigurationGrpc.AsyncService, BindableService {
    @Inject
    Revisions revisions;

    @Inject
    ModelService model;

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
}
