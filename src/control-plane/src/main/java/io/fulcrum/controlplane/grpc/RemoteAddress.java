package io.fulcrum.controlplane.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The peer address of a gRPC call, for the failed-authentication throttle: read from the call, or,
 * where only the stream's observer is at hand (the agent stream), from the context this interceptor
 * sets on every call ({@link GrpcServer} installs it on every service).
 */
public final class RemoteAddress implements ServerInterceptor {
    private static final Context.Key<String> KEY = Context.key("fulcrum-remote-address");

    /** The address of the peer of {@code call}; null when the transport does not say. */
    public static String of(ServerCall<?, ?> call) {
        SocketAddress a = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        return a instanceof InetSocketAddress i && i.getAddress() != null
                ? i.getAddress().getHostAddress()
                : null;
    }

    /** The address of the current call's peer; null outside a call. */
    public static String current() {
        return KEY.get();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return Contexts.interceptCall(Context.current().withValue(KEY, of(call)), call, headers, next);
    }
}
