package io.fulcrum.controlplane.grpc.management;

import static io.fulcrum.controlplane.grpc.management.Calls.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.api.v1.DeleteRequest;
import io.fulcrum.api.v1.DeleteResponse;
import io.fulcrum.api.v1.GetRequest;
import io.fulcrum.api.v1.ListRequest;
import io.fulcrum.api.v1.ListResponse;
import io.fulcrum.api.v1.PutRequest;
import io.fulcrum.api.v1.PutResponse;
import io.fulcrum.api.v1.Resource;
import io.fulcrum.api.v1.VirtualServersGrpc;
import io.fulcrum.controlplane.api.VirtualServersResource;
import io.fulcrum.controlplane.service.ModelReader;
import io.fulcrum.controlplane.service.ModelService;
import io.fulcrum.controlplane.service.Stored;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.codec.DocumentCodec;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** fulcrum.v1.VirtualServers: the calls of VirtualServersResource on virtual servers, on the same service layer. */
@ApplicationScoped
public class VirtualServersApi implements VirtualServersGrpc.AsyncService, BindableService {
    @Inject
    ModelService model;

    @Inject
    ModelReader reader;

    @Inject
    BearerAuth auth;

    @Override
    public ServerServiceDefinition bindService() {
        return auth.protect(VirtualServersGrpc.bindService(this));
    }

    @Override
    public void get(GetRequest req, StreamObserver<Resource> out) {
        answer(out, () -> resource(reader.virtualServer(req.getName())));
    }

    @Override
    public void list(ListRequest req, StreamObserver<ListResponse> out) {
        answer(
                out,
                () -> Calls.list(
                        model.listVirtualServers(
                                limit(req.hasLimit(), req.getLimit()),
                                blankToNull(req.getPageToken()),
                                labels(req.getLabelList())),
                        VirtualServersApi::resource));
    }

    /** As REST's PUT: a body with realServers replaces the set, one without keeps the stored ones. */
    @Override
    public void put(PutRequest req, StreamObserver<PutResponse> out) {
        answer(out, () -> {
            JsonNode body = body(req.getJson());
            VirtualServer v = DocumentCodec.decodeVirtualServer(body);
            var w = model.putVirtualServer(
                    v, DocumentCodec.hasRealServers(body), precondition(req.getPrecondition()), actor());
            return Calls.put(VirtualServersResource.view(w.stored()), w.stored().meta(), w.created());
        });
    }

    @Override
    public void delete(DeleteRequest req, StreamObserver<DeleteResponse> out) {
        answer(out, () -> {
            model.deleteVirtualServer(req.getName(), ifMatch(req.getIfMatch()), actor());
            return DeleteResponse.getDefaultInstance();
        });
    }

    private static Resource resource(Stored<VirtualServer> s) {
        return Calls.resource(VirtualServersResource.view(s), s.meta());
    }
}
