package io.fulcrum.controlplane.grpc.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.api.v1.ListResponse;
import io.fulcrum.api.v1.PutResponse;
import io.fulcrum.api.v1.Resource;
import io.fulcrum.controlplane.api.Representations;
import io.fulcrum.controlplane.service.Page;
import io.fulcrum.controlplane.service.Precondition;
import io.fulcrum.controlplane.service.Stored;
import io.grpc.stub.StreamObserver;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** What every management call shares: the request scope, failures as statuses, the request and response pieces. */
final class Calls {
    private Calls() {}

    /** Runs a unary call: its answer, or its failure as the status {@link GrpcProblems} maps it to. */
    static <T> void answer(StreamObserver<T> out, Supplier<T> call) {
        T result;
        try {
            result = inRequestScope(call);
        } catch (RuntimeException e) {
            out.onError(GrpcProblems.status(e));
            return;
        }
        out.onNext(result);
        out.onCompleted();
    }

    /** Runs {@code work} in a CDI request context, as a REST request runs (reads outside a transaction need one). */
    static <T> T inRequestScope(Supplier<T> work) {
        ManagedContext rc = Arc.container().requestContext();
        if (rc.isActive()) return work.get();
        rc.activate();
        try {
            return work.get();
        } finally {
            rc.terminate();
        }
    }

    /** The audit actor: the name of the caller's token. */
    static String actor() {
        return BearerAuth.CALLER.get().name();
    }

    /** A request's JSON body, read as REST reads a JSON body. */
    static JsonNode body(String json) {
        return Representations.body(json, "application/json");
    }

    /** REST's If-Match / If-None-Match: *. */
    static Precondition precondition(io.fulcrum.api.v1.Precondition p) {
        return new Precondition(blankToNull(p.getIfMatch()), p.getIfNoneMatch());
    }

    /** A delete's If-Match. */
    static Precondition ifMatch(String etag) {
        return new Precondition(blankToNull(etag), false);
    }

    /** REST's limit query parameter: absent means the default. */
    static int limit(boolean given, int limit) {
        return Representations.limit(given ? limit : null);
    }

    static List<String> labels(List<String> labels) {
        return Representations.labels(labels);
    }

    static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static Resource resource(ObjectNode representation, Stored.Meta meta) {
        return Resource.newBuilder()
                .setJson(representation.toString())
                .setEtag(meta.etag())
                .build();
    }

    static PutResponse put(ObjectNode representation, Stored.Meta meta, boolean created) {
        return PutResponse.newBuilder()
                .setResource(resource(representation, meta))
                .setCreated(created)
                .build();
    }

    static <T> ListResponse list(Page<T> page, Function<T, Resource> resource) {
        ListResponse.Builder b = ListResponse.newBuilder();
        for (T t : page.items()) b.addItems(resource.apply(t));
        if (page.nextPageToken() != null) b.setNextPageToken(page.nextPageToken());
        return b.build();
    }
}
