package io.fulcrum.controlplane.metrics;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Times every gRPC call, by its full method name and status code, when the server closes it. */
@ApplicationScoped
public class GrpcMetrics implements ServerInterceptor {
    @Inject
    Metrics metrics;

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        long started = System.nanoTime();
        String method = call.getMethodDescriptor().getFullMethodName();
        return next.startCall(
                new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                    @Override
                    public void close(Status status, Metadata trailers) {
                        metrics.grpc(method, status.getCode().name(), System.nanoTime() - started);
                        super.close(status, trailers);
                    }
                },
                headers);
    }
}
