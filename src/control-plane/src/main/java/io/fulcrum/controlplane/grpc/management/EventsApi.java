package io.fulcrum.controlplane.grpc.management;

import io.fulcrum.api.v1.EventsGrpc;
import io.fulcrum.api.v1.WatchRequest;
import io.fulcrum.api.v1.WatchResponse;
import io.fulcrum.controlplane.events.EventQuery;
import io.fulcrum.controlplane.events.Sequenced;
import io.fulcrum.controlplane.events.Subscription;
import io.fulcrum.controlplane.events.Watches;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * fulcrum.v1.Events: the event source's Watch, as REST's GET /api/v1/events serves it. Messages go out
 * only while gRPC's flow control says the stream is ready (and again from its ready handler), so a
 * client that does not read fills its bounded queue in the hub, not Netty's buffers. Each message
 * carries what was queued for the watcher (a WatchResponse of up to {@code Subscription.BATCH} events),
 * so a watcher that is behind costs one message and one flush per batch, not per event.
 */
@ApplicationScoped
public class EventsApi implements EventsGrpc.AsyncService, BindableService {
    @Inject
    Watches watches;

    @Inject
    BearerAuth auth;

    @Override
    public ServerServiceDefinition bindService() {
        return auth.protect(EventsGrpc.bindService(this));
    }

    @Override
    public void watch(WatchRequest req, StreamObserver<WatchResponse> out) {
        ServerCallStreamObserver<WatchResponse> call = (ServerCallStreamObserver<WatchResponse>) out;
        EventQuery q;
        try {
            q = EventProtos.query(req);
        } catch (RuntimeException e) {
            call.onError(GrpcProblems.status(e));
            return;
        }
        StreamSink sink = new StreamSink(call);
        // (handlers may be set only before this method returns; the watch they reach comes next)
        call.setOnCancelHandler(() -> {
            Subscription w = sink.watch;
            if (w != null) w.cancel();
        });
        call.setOnReadyHandler(() -> {
            Subscription w = sink.watch;
            if (w != null) w.drain();
        });
        try {
            sink.watch = watches.open(q, sink);
        } catch (Exception e) {
            call.onError(Status.UNAVAILABLE
                    .withDescription("the audit trail cannot be read; try again")
                    .asRuntimeException());
            return;
        }
        if (call.isCancelled()) sink.watch.cancel();
    }

    /** One call as a watcher's sink. */
    private static final class StreamSink implements Subscription.Sink {
        private final ServerCallStreamObserver<WatchResponse> call;
        volatile Subscription watch;

        StreamSink(ServerCallStreamObserver<WatchResponse> call) {
            this.call = call;
        }

        @Override
        public boolean ready() {
            return !call.isCancelled() && call.isReady();
        }

        @Override
        public void write(List<Sequenced> batch) {
            for (WatchResponse r : EventProtos.responses(batch, EventProtos.RESPONSE_BYTES)) call.onNext(r);
        }

        @Override
        public void keepAlive() {
            // HTTP/2 pings keep a gRPC connection alive
        }

        @Override
        public void end() {
            call.onCompleted();
        }

        @Override
        public void abort() {
            call.onError(Status.RESOURCE_EXHAUSTED
                    .withDescription("the watcher fell behind and did not take its resync")
                    .asRuntimeException());
        }
    }
}
