package io.fulcrum.controlplane.grpc.management;

import static io.fulcrum.controlplane.grpc.management.Calls.*;

import com.google.protobuf.Empty;
import io.fulcrum.api.v1.CreateVrrpGroupRequest;
import io.fulcrum.api.v1.DeleteVrrpGroupRequest;
import io.fulcrum.api.v1.GetVrrpGroupRequest;
import io.fulcrum.api.v1.GetVrrpGroupStatusRequest;
import io.fulcrum.api.v1.ListVrrpGroupsRequest;
import io.fulcrum.api.v1.ListVrrpGroupsResponse;
import io.fulcrum.api.v1.UpdateVrrpGroupRequest;
import io.fulcrum.api.v1.VrrpGroup;
import io.fulcrum.api.v1.VrrpGroupStatus;
import io.fulcrum.api.v1.VrrpGroupsGrpc;
import io.fulcrum.controlplane.agents.GroupStates;
import io.fulcrum.controlplane.api.VrrpGroupsResource;
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

/** fulcrum.v1.VrrpGroups: the calls of VrrpGroupsResource, on the same service layer. */
@ApplicationScoped
public class VrrpGroupsApi implements VrrpGroupsGrpc.AsyncService, BindableService {
    private static final String COLLECTION = "vrrpGroups";

    @Inject
    ModelService model;

    @Inject
    ModelReader reader;

    @Inject
    GroupStates states;

    @Inject
    BearerAuth auth;

    @Override
    public ServerServiceDefinition bindService() {
        return auth.protect(VrrpGroupsGrpc.bindService(this));
    }

    @Override
    public void getVrrpGroup(GetVrrpGroupRequest req, StreamObserver<VrrpGroup> out) {
        answer(out, () -> group(reader.vrrpGroup(id(req.getName(), COLLECTION, "name"))));
    }

    @Override
    public void listVrrpGroups(ListVrrpGroupsRequest req, StreamObserver<ListVrrpGroupsResponse> out) {
        answer(out, () -> {
            var page = model.listVrrpGroups(
                    pageSize(req.getPageSize()), pageToken(req.getPageToken()), labels(req.getLabelList()));
            ListVrrpGroupsResponse.Builder b =
                    ListVrrpGroupsResponse.newBuilder().setNextPageToken(next(page));
            for (var g : page.items()) b.addVrrpGroups(group(g));
            return b.build();
        });
    }

    @Override
    public void createVrrpGroup(CreateVrrpGroupRequest req, StreamObserver<VrrpGroup> out) {
        answer(out, () -> {
            var g = Resources.vrrpGroup(req.getVrrpGroup());
            return group(create(() -> model.putVrrpGroup(g, new Precondition(null, true), actor()))
                    .stored());
        });
    }

    /** Without authentication.password the stored password stays, as in REST's PUT. */
    @Override
    public void updateVrrpGroup(UpdateVrrpGroupRequest req, StreamObserver<VrrpGroup> out) {
        answer(out, () -> {
            VrrpGroup given = req.getVrrpGroup();
            var u = updating(
                    given, req.getUpdateMask(), req.getAllowMissing(), () -> group(reader.vrrpGroup(given.getName())));
            var w = u.write(() -> model.putVrrpGroup(Resources.vrrpGroup(u.merged()), u.precondition(), actor()));
            return group(w.stored());
        });
    }

    @Override
    public void deleteVrrpGroup(DeleteVrrpGroupRequest req, StreamObserver<Empty> out) {
        answer(out, () -> {
            model.deleteVrrpGroup(id(req.getName(), COLLECTION, "name"), ifMatch(req.getEtag()), actor());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void getVrrpGroupStatus(GetVrrpGroupStatusRequest req, StreamObserver<VrrpGroupStatus> out) {
        answer(out, () -> {
            var g = reader.vrrpGroup(id(req.getName(), COLLECTION, "name"));
            return RestJson.parse(sql(() -> states.of(g.value())), VrrpGroupStatus.newBuilder())
                    .build();
        });
    }

    private static VrrpGroup group(Stored<io.fulcrum.model.VrrpGroup> s) {
        return Resources.message(VrrpGroupsResource.view(s), s.meta().etag(), VrrpGroup.newBuilder())
                .build();
    }
}
