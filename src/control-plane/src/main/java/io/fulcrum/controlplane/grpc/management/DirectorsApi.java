package io.fulcrum.controlplane.grpc.management;

import static io.fulcrum.controlplane.grpc.management.Calls.*;

import com.google.protobuf.Empty;
import io.fulcrum.api.v1.CreateDirectorRequest;
import io.fulcrum.api.v1.DeleteDirectorRequest;
import io.fulcrum.api.v1.Director;
import io.fulcrum.api.v1.DirectorStatusReport;
import io.fulcrum.api.v1.DirectorsGrpc;
import io.fulcrum.api.v1.GetDirectorRequest;
import io.fulcrum.api.v1.GetDirectorStatusRequest;
import io.fulcrum.api.v1.ListDirectorsRequest;
import io.fulcrum.api.v1.ListDirectorsResponse;
import io.fulcrum.api.v1.UpdateDirectorRequest;
import io.fulcrum.controlplane.api.DirectorsResource;
import io.fulcrum.controlplane.service.ModelReader;
import io.fulcrum.controlplane.service.ModelService;
import io.fulcrum.controlplane.service.Precondition;
import io.fulcrum.wire.api.Resources;
import io.fulcrum.wire.api.RestJson;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** fulcrum.v1.Directors: the calls of DirectorsResource, on the same service layer. */
@ApplicationScoped
public class DirectorsApi implements DirectorsGrpc.AsyncService, BindableService {
    private static final String COLLECTION = "directors";

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
    public void getDirector(GetDirectorRequest req, StreamObserver<Director> out) {
        answer(out, () -> director(reader.director(id(req.getName(), COLLECTION, "name"))));
    }

    @Override
    public void listDirectors(ListDirectorsRequest req, StreamObserver<ListDirectorsResponse> out) {
        answer(out, () -> {
            var page = model.listDirectors(
                    pageSize(req.getPageSize()), pageToken(req.getPageToken()), labels(req.getLabelList()));
            ListDirectorsResponse.Builder b = ListDirectorsResponse.newBuilder().setNextPageToken(next(page));
            for (var v : page.items()) b.addDirectors(director(v));
            return b.build();
        });
    }

    @Override
    public void createDirector(CreateDirectorRequest req, StreamObserver<Director> out) {
        answer(out, () -> {
            var d = Resources.director(req.getDirector());
            var w = create(() -> model.putDirector(d, new Precondition(null, true), actor()));
            return director(DirectorsResource.afterWrite(w, reader));
        });
    }

    @Override
    public void updateDirector(UpdateDirectorRequest req, StreamObserver<Director> out) {
        answer(out, () -> {
            Director given = req.getDirector();
            var u = updating(
                    given,
                    req.getUpdateMask(),
                    req.getAllowMissing(),
                    () -> director(reader.director(given.getName())));
            var w = u.write(() -> model.putDirector(Resources.director(u.merged()), u.precondition(), actor()));
            return director(DirectorsResource.afterWrite(w, reader));
        });
    }

    @Override
    public void deleteDirector(DeleteDirectorRequest req, StreamObserver<Empty> out) {
        answer(out, () -> {
            model.deleteDirector(id(req.getName(), COLLECTION, "name"), ifMatch(req.getEtag()), actor());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void getDirectorStatus(GetDirectorStatusRequest req, StreamObserver<DirectorStatusReport> out) {
        answer(out, () -> {
            var v = reader.director(id(req.getName(), COLLECTION, "name"));
            return RestJson.parse(DirectorsResource.statusReport(v, model), DirectorStatusReport.newBuilder())
                    .build();
        });
    }

    private static Director director(ModelReader.DirectorView v) {
        return Resources.message(DirectorsResource.view(v), v.director().meta().etag(), Director.newBuilder())
                .build();
    }
}
