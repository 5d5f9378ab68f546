package io.fulcrum.controlplane.grpc.management;

import static io.fulcrum.controlplane.grpc.management.Calls.*;

import io.fulcrum.api.v1.DeleteRequest;
import io.fulcrum.api.v1.DeleteResponse;
import io.fulcrum.api.v1.DirectorsGrpc;
import io.fulcrum.api.v1.GetRequest;
import io.fulcrum.api.v1.ListRequest;
import io.fulcrum.api.v1.ListResponse;
import io.fulcrum.api.v1.PutRequest;
import io.fulcrum.api.v1.PutResponse;
import io.fulcrum.api.v1.Resource;
import io.fulcrum.controlplane.api.DirectorsResource;
import io.fulcrum.controlplane.service.ModelReader;
import io.fulcrum.controlplane.service.ModelService;
import io.fulcrum.model.codec.DocumentCodec;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** fulcrum.v1.Directors: the calls of DirectorsResource, on the same service layer. */
@ApplicationScoped
public class DirectorsApi implements DirectorsGrpc.AsyncService, BindableService {
    @Inject
    ModelService model;

    @Inject
    ModelReader reader;

    @Inject
    BearerAuth auth;

    @Override
    public ServerServiceDefinition bindService() {
        return auth.protect(DirectorsGrpc.bindService(this));
    }

    @Override
    public void get(GetRequest req, StreamObserver<Resource> out) {
        answer(out, () -> resource(reader.director(req.getName())));
    }

    @Override
    public void list(ListRequest req, StreamObserver<ListResponse> out) {
        answer(
                out,
                () -> Calls.list(
                        model.listDirectors(
                                limit(req.hasLimit(), req.getLimit()),
                                blankToNull(req.getPageToken()),
                                labels(req.getLabelList())),
                        DirectorsApi::resource));
    }

    @Override
    public void put(PutRequest req, StreamObserver<PutResponse> out) {
        answer(out, () -> {
            var w = model.putDirector(
                    DocumentCodec.decodeDirector(body(req.getJson())), precondition(req.getPrecondition()), actor());
            return Calls.put(
                    DirectorsResource.view(DirectorsResource.afterWrite(w, reader)),
                    w.stored().meta(),
                    w.created());
        });
    }

    @Override
    public void delete(DeleteRequest req, StreamObserver<DeleteResponse> out) {
        answer(out, () -> {
            model.deleteDirector(req.getName(), ifMatch(req.getIfMatch()), actor());
            return DeleteResponse.getDefaultInstance();
        });
    }

    private static Resource resource(ModelReader.DirectorView v) {
        return Calls.resource(DirectorsResource.view(v), v.director().meta());
    }
}
