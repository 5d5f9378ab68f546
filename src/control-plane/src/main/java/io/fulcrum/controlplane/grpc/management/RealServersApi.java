package io.fulcrum.controlplane.grpc.management;

import static io.fulcrum.controlplane.grpc.management.Calls.*;

import com.google.protobuf.Empty;
import io.fulcrum.api.v1.CreateRealServerRequest;
import io.fulcrum.api.v1.DeleteRealServerRequest;
import io.fulcrum.api.v1.GetRealServerRequest;
import io.fulcrum.api.v1.ListRealServersRequest;
import io.fulcrum.api.v1.ListRealServersResponse;
import io.fulcrum.api.v1.RealServer;
import io.fulcrum.api.v1.RealServersGrpc;
import io.fulcrum.api.v1.UpdateRealServerRequest;
import io.fulcrum.controlplane.api.VirtualServersResource;
import io.fulcrum.controlplane.service.ModelReader;
import io.fulcrum.controlplane.service.ModelService;
import io.fulcrum.controlplane.service.Precondition;
import io.fulcrum.controlplane.service.Stored;
import io.fulcrum.wire.api.Resources;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** fulcrum.v1.RealServers: the calls of VirtualServersResource on one virtual server's real servers, on the same service layer. */
@ApplicationScoped
public class RealServersApi implements RealServersGrpc.AsyncService, BindableService {
    @Inject
    ModelService model;

    @Inject
    ModelReader reader;

    @Inject
    BearerAuth auth;

    @Override
    public ServerServiceDefinition bindService() {
        return auth.protect(RealServersGrpc.bindService(this));
    }

    @Override
    public void getRealServer(GetRealServerRequest req, StreamObserver<RealServer> out) {
        answer(out, () -> {
            String[] n = realServerName(req.getName());
            return realServer(reader.realServer(n[0], n[1]));
        });
    }

    @Override
    public void listRealServers(ListRealServersRequest req, StreamObserver<ListRealServersResponse> out) {
        answer(out, () -> {
            var page = model.listRealServers(
                    parent(req.getParent()),
                    pageSize(req.getPageSize()),
                    pageToken(req.getPageToken()),
                    labels(req.getLabelList()));
            ListRealServersResponse.Builder b =
                    ListRealServersResponse.newBuilder().setNextPageToken(next(page));
            for (var r : page.items()) b.addRealServers(realServer(r));
            return b.build();
        });
    }

    @Override
    public void createRealServer(CreateRealServerRequest req, StreamObserver<RealServer> out) {
        answer(out, () -> {
            String vs = parent(req.getParent());
            var r = Resources.realServer(req.getRealServer());
            return realServer(create(() -> model.putRealServer(vs, r, new Precondition(null, true), actor()))
                    .stored());
        });
    }

    @Override
    public void updateRealServer(UpdateRealServerRequest req, StreamObserver<RealServer> out) {
        answer(out, () -> {
            String vs = parent(req.getParent());
            RealServer given = req.getRealServer();
            var u = updating(
                    given,
                    req.getUpdateMask(),
                    req.getAllowMissing(),
                    () -> realServer(reader.realServer(vs, given.getName())));
            var w = u.write(() -> model.putRealServer(vs, Resources.realServer(u.merged()), u.precondition(), actor()));
            return realServer(w.stored());
        });
    }

    @Override
    public void deleteRealServer(DeleteRealServerRequest req, StreamObserver<Empty> out) {
        answer(out, () -> {
            String[] n = realServerName(req.getName());
            model.deleteRealServer(n[0], n[1], ifMatch(req.getEtag()), actor());
            return Empty.getDefaultInstance();
        });
    }

    private static String parent(String parent) {
        return id(parent, VirtualServersApi.COLLECTION, "parent");
    }

    private static RealServer realServer(Stored<io.fulcrum.model.RealServer> s) {
        return Resources.message(VirtualServersResource.realView(s), s.meta().etag(), RealServer.newBuilder())
                .build();
    }
}
