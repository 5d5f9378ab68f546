package io.fulcrum.controlplane.grpc.management;

import static io.fulcrum.controlplane.grpc.management.Calls.*;

import io.fulcrum.api.v1.DeleteRealServerRequest;
import io.fulcrum.api.v1.DeleteResponse;
import io.fulcrum.api.v1.GetRealServerRequest;
import io.fulcrum.api.v1.ListRealServersRequest;
import io.fulcrum.api.v1.ListResponse;
import io.fulcrum.api.v1.PutRealServerRequest;
import io.fulcrum.api.v1.PutResponse;
import io.fulcrum.api.v1.RealServersGrpc;
import io.fulcrum.api.v1.Resource;
import io.fulcrum.controlplane.api.VirtualServersResource;
import io.fulcrum.controlplane.service.ModelReader;
import io.fulcrum.controlplane.service.ModelService;
import io.fulcrum.controlplane.service.Stored;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.codec.DocumentCodec;
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
    public void get(GetRealServerRequest req, StreamObserver<Resource> out) {
        answer(out, () -> resource(reader.realServer(req.getVirtualServer(), req.getName())));
    }

    @Override
    public void list(ListRealServersRequest req, StreamObserver<ListResponse> out) {
        answer(
                out,
                () -> Calls.list(
                        model.listRealServers(
                                req.getVirtualServer(),
                                limit(req.hasLimit(), req.getLimit()),
                                blankToNull(req.getPageToken()),
                                labels(req.getLabelList())),
                        RealServersApi::resource));
    }

    @Override
    public void put(PutRealServerRequest req, StreamObserver<PutResponse> out) {
        answer(out, () -> {
            RealServer r = DocumentCodec.decodeRealServer(body(req.getJson()));
            var w = model.putRealServer(req.getVirtualServer(), r, precondition(req.getPrecondition()), actor());
            return Calls.put(
                    VirtualServersResource.realView(w.stored()), w.stored().meta(), w.created());
        });
    }

    @Override
    public void delete(DeleteRealServerRequest req, StreamObserver<DeleteResponse> out) {
        answer(out, () -> {
            model.deleteRealServer(req.getVirtualServer(), req.getName(), ifMatch(req.getIfMatch()), actor());
            return DeleteResponse.getDefaultInstance();
        });
    }

    private static Resource resource(Stored<RealServer> s) {
        return Calls.resource(VirtualServersResource.realView(s), s.meta());
    }
}
