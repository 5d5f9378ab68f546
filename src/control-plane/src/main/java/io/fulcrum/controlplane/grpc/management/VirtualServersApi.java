package io.fulcrum.controlplane.grpc.management;

import static io.fulcrum.controlplane.grpc.management.Calls.*;

import com.google.protobuf.Empty;
import com.google.protobuf.FieldMask;
import io.fulcrum.api.v1.CreateVirtualServerRequest;
import io.fulcrum.api.v1.DeleteVirtualServerRequest;
import io.fulcrum.api.v1.GetVirtualServerRequest;
import io.fulcrum.api.v1.GetVirtualServerStatusRequest;
import io.fulcrum.api.v1.ListVirtualServersRequest;
import io.fulcrum.api.v1.ListVirtualServersResponse;
import io.fulcrum.api.v1.RolloutStatus;
import io.fulcrum.api.v1.UpdateVirtualServerRequest;
import io.fulcrum.api.v1.VirtualServer;
import io.fulcrum.api.v1.VirtualServersGrpc;
import io.fulcrum.controlplane.agents.Rollout;
import io.fulcrum.controlplane.api.VirtualServersResource;
import io.fulcrum.controlplane.service.ModelReader;
import io.fulcrum.controlplane.service.ModelService;
import io.fulcrum.controlplane.service.Precondition;
import io.fulcrum.controlplane.service.Stored;
import io.fulcrum.wire.api.Resources;
import io.fulcrum.wire.api.RestJson;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** fulcrum.v1.VirtualServers: the calls of VirtualServersResource on virtual servers, on the same service layer. */
@ApplicationScoped
public class VirtualServersApi implements VirtualServersGrpc.AsyncService, BindableService {
    static final String COLLECTION = "virtualServers";

    @Inject
    ModelService model;

    @Inject
    ModelReader reader;

    @Inject
    Rollout rollout;

    @Inject
    BearerAuth auth;

    @Override
    public ServerServiceDefinition bindService() {
        return auth.protect(VirtualServersGrpc.bindService(this));
    }

    @Override
    public void getVirtualServer(GetVirtualServerRequest req, StreamObserver<VirtualServer> out) {
        answer(out, () -> virtualServer(reader.virtualServer(id(req.getName(), COLLECTION, "name"))));
    }

    @Override
    public void listVirtualServers(ListVirtualServersRequest req, StreamObserver<ListVirtualServersResponse> out) {
        answer(out, () -> {
            var page = model.listVirtualServers(
                    pageSize(req.getPageSize()), pageToken(req.getPageToken()), labels(req.getLabelList()));
            ListVirtualServersResponse.Builder b =
                    ListVirtualServersResponse.newBuilder().setNextPageToken(next(page));
            for (var v : page.items()) b.addVirtualServers(virtualServer(v));
            return b.build();
        });
    }

    @Override
    public void createVirtualServer(CreateVirtualServerRequest req, StreamObserver<VirtualServer> out) {
        answer(out, () -> {
            var v = Resources.virtualServer(req.getVirtualServer());
            return virtualServer(create(() -> model.putVirtualServer(v, true, new Precondition(null, true), actor()))
                    .stored());
        });
    }

    /**
     * Without a mask as REST's PUT: real servers in the message replace the set, none keep the stored
     * ones. With a mask, the set is replaced when the mask names real_servers or is "*".
     */
    @Override
    public void updateVirtualServer(UpdateVirtualServerRequest req, StreamObserver<VirtualServer> out) {
        answer(out, () -> {
            VirtualServer given = req.getVirtualServer();
            FieldMask mask = req.getUpdateMask();
            var u = updating(
                    given, mask, req.getAllowMissing(), () -> virtualServer(reader.virtualServer(given.getName())));
            boolean replaceRealServers = masked(mask)
                    ? mask.getPathsList().contains("real_servers")
                    : replacesAll(mask) || given.getRealServersCount() > 0;
            var w = u.write(() -> model.putVirtualServer(
                    Resources.virtualServer(u.merged()), replaceRealServers, u.precondition(), actor()));
            return virtualServer(w.stored());
        });
    }

    @Override
    public void deleteVirtualServer(DeleteVirtualServerRequest req, StreamObserver<Empty> out) {
        answer(out, () -> {
            model.deleteVirtualServer(id(req.getName(), COLLECTION, "name"), ifMatch(req.getEtag()), actor());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void getVirtualServerStatus(GetVirtualServerStatusRequest req, StreamObserver<RolloutStatus> out) {
        answer(out, () -> {
            String name = id(req.getName(), COLLECTION, "name");
            reader.virtualServer(name); // NOT_FOUND when there is none
            return RestJson.parse(sql(() -> rollout.virtualServer(name)), RolloutStatus.newBuilder())
                    .build();
        });
    }

    private static VirtualServer virtualServer(Stored<io.fulcrum.model.VirtualServer> s) {
        return Resources.message(VirtualServersResource.view(s), s.meta().etag(), VirtualServer.newBuilder())
                .build();
    }
}
