package io.fulcrum.controlplane.grpc.management;

import io.fulcrum.controlplane.auth.Caller;
import io.fulcrum.controlplane.auth.TokenService;
import io.fulcrum.controlplane.grpc.RemoteAddress;
import io.fulcrum.model.Enums.Role;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Authentication and roles of the management API, by the same check as REST's AuthFilter: the metadata
 * {@code authorization: Bearer <token>}, checked by {@link TokenService#authenticate}; viewer calls
 * the methods without side effects (the proto's NO_SIDE_EFFECTS, REST's GET), operator and admin
 * also the others. The caller rides along in {@link #CALLER}; its name is the audit actor.
 */
@ApplicationScoped
public class BearerAuth implements ServerInterceptor {
    /** The authenticated caller of the current call. */
    static final Context.Key<Caller> CALLER = Context.key("fulcrum-caller");

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @Inject
    TokenService tokens;

    /**
     * {@code service} with every call authenticated and authorized first. The services implement
     * their generated AsyncService and BindableService rather than extend *ImplBase, whose
     * bindService is final: so they bind themselves through here, and no unprotected binding exists.
     */
    ServerServiceDefinition protect(ServerServiceDefinition service) {
        return ServerInterceptors.intercept(service, this);
    }

    /** {@code service} with every call needing at least {@code role} (the Tokens service: admin, as REST). */
    ServerServiceDefinition protect(ServerServiceDefinition service, Role role) {
        return ServerInterceptors.intercept(service, new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                return authorized(call, headers, next, role);
            }
        });
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return authorized(call, headers, next, call.getMethodDescriptor().isSafe() ? Role.VIEWER : Role.OPERATOR);
    }

    private <Q, R> ServerCall.Listener<Q> authorized(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next, Role needed) {
        Caller caller;
        try {
            caller = Calls.inRequestScope(() -> tokens.authorize(
                    headers.get(AUTHORIZATION),
                    needed,
                    "this API needs the metadata authorization: Bearer <token>",
                    RemoteAddress.of(call)));
        } catch (RuntimeException e) {
            StatusRuntimeException s = GrpcProblems.status(e);
            call.close(s.getStatus(), s.getTrailers());
            return new ServerCall.Listener<>() {};
        }
        return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
    }
}
