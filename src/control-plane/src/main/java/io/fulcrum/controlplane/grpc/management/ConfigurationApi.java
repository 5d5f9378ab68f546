package io.fulcrum.controlplane.grpc.management;

import static io.fulcrum.controlplane.grpc.management.Calls.*;

import io.fulcrum.api.v1.ApplyConfigRequest;
import io.fulcrum.api.v1.ApplyResult;
import io.fulcrum.api.v1.AuditRecord;
import io.fulcrum.api.v1.Caller;
import io.fulcrum.api.v1.ConfigDocument;
import io.fulcrum.api.v1.ConfigurationGrpc;
import io.fulcrum.api.v1.ExportConfigRequest;
import io.fulcrum.api.v1.GetCallerRequest;
import io.fulcrum.api.v1.GetFleetStatusRequest;
import io.fulcrum.api.v1.GetRevisionRequest;
import io.fulcrum.api.v1.GetRevisionResponse;
import io.fulcrum.api.v1.ListAuditRecordsRequest;
import io.fulcrum.api.v1.ListAuditRecordsResponse;
import io.fulcrum.api.v1.Plan;
import io.fulcrum.api.v1.PlanConfigRequest;
import io.fulcrum.api.v1.ResourceKind;
import io.fulcrum.api.v1.Role;
import io.fulcrum.controlplane.Settings;
import io.fulcrum.controlplane.agents.FleetStatus;
import io.fulcrum.controlplane.api.ConfigDocuments;
import io.fulcrum.controlplane.api.SystemResource;
import io.fulcrum.controlplane.service.ModelService;
import io.fulcrum.controlplane.service.apply.ConfigApply;
import io.fulcrum.controlplane.service.revision.AuditService;
import io.fulcrum.controlplane.service.revision.Kind;
import io.fulcrum.controlplane.service.revision.Revisions;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.plan.PlanOptions;
import io.fulcrum.wire.api.Resources;
import io.fulcrum.wire.api.RestJson;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;

/**
 * fulcrum.v1.Configuration: GET /api/v1/revision, GET /api/v1/config, POST /api/v1/config/plan, PUT
 * /api/v1/config, GET /api/v1/status, GET /api/v1/audit and GET /api/v1/whoami, on the same services
 * and with the same errors as REST.
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
    FleetStatus fleet;

    @Inject
    AuditService audit;

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
    public void exportConfig(ExportConfigRequest req, StreamObserver<ConfigDocument> out) {
        answer(out, () -> Resources.configDocument(model.export()));
    }

    @Override
    public void planConfig(PlanConfigRequest req, StreamObserver<Plan> out) {
        answer(out, () -> {
            var plan = configs.plan(
                    desired(req.getDocument()), options(req.getPrune(), req.getSelector(), req.getListUnchanged()));
            if (plan.refused()) throw ConfigApply.refused(plan);
            return Resources.plan(plan);
        });
    }

    @Override
    public void applyConfig(ApplyConfigRequest req, StreamObserver<ApplyResult> out) {
        answer(out, () -> {
            ConfigApply.Applied applied = configs.apply(
                    desired(req.getDocument()),
                    options(req.getPrune(), req.getSelector(), req.getListUnchanged()),
                    req.hasIfMatchRevision() ? req.getIfMatchRevision() : null,
                    actor());
            return RestJson.parse(ConfigDocuments.applied(applied), ApplyResult.newBuilder())
                    .build();
        });
    }

    @Override
    public void getFleetStatus(GetFleetStatusRequest req, StreamObserver<io.fulcrum.api.v1.FleetStatus> out) {
        answer(
                out,
                () -> RestJson.parse(sql(fleet::now), io.fulcrum.api.v1.FleetStatus.newBuilder())
                        .build());
    }

    @Override
    public void listAuditRecords(ListAuditRecordsRequest req, StreamObserver<ListAuditRecordsResponse> out) {
        answer(out, () -> {
            Kind kind = null;
            if (req.getKind() != ResourceKind.RESOURCE_KIND_UNSPECIFIED
                    && (req.getKind() == ResourceKind.UNRECOGNIZED
                            || (kind = Kind.fromWire(RestJson.rest(req.getKind().getValueDescriptor()))) == null))
                throw new ValidationException("kind", "is not a kind of resource the audit trail names");
            var page = audit.list(
                    pageSize(req.getPageSize()),
                    pageToken(req.getPageToken()),
                    kind,
                    blank(req.getResource()),
                    blank(req.getApply()),
                    blank(req.getActor()));
            ListAuditRecordsResponse.Builder b =
                    ListAuditRecordsResponse.newBuilder().setNextPageToken(next(page));
            for (var a : page.items())
                b.addAuditRecords(RestJson.parse(SystemResource.auditRecord(a), AuditRecord.newBuilder()));
            return b.build();
        });
    }

    @Override
    public void getCaller(GetCallerRequest req, StreamObserver<Caller> out) {
        answer(out, () -> {
            var c = BearerAuth.CALLER.get();
            return Caller.newBuilder()
                    .setName(c.name())
                    .setRole(Role.valueOf("ROLE_" + c.role().name().toUpperCase(Locale.ROOT)))
                    .build();
        });
    }

    /** The document as REST reads it: each resource checked on its own; RESOURCE_EXHAUSTED over the size limit. */
    private static io.fulcrum.model.ConfigDocument desired(ConfigDocument doc) {
        long limit = Settings.maxDocumentSize();
        if (doc.getSerializedSize() > limit) throw ConfigDocuments.tooLarge(limit);
        return Resources.desiredDocument(doc);
    }

    private static PlanOptions options(boolean prune, String selector, boolean listUnchanged) {
        return ConfigDocuments.options(prune, selector.isEmpty() ? List.of() : List.of(selector), listUnchanged);
    }

    private static String blank(String s) {
        return s.isEmpty() ? null : s;
    }
}
