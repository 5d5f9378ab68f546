package io.fulcrum.controlplane.grpc.management;

import io.fulcrum.controlplane.auth.Caller;
import io.fulcrum.controlplane.auth.TokenService;
import io.fulcrum.controlplane.service.ApiProblem;
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

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Authentication and roles of the management API, as REST's AuthFilter: the metadata
 * {@code authorization: Bearer <token>}, checked by {@link TokenService#authenticate}; viewer calls
 * the methods without side effects (the proto's NO_SIDE_EFFECTS, REST's GET), operator and admin
 * also the others. The caller rides along in {@link #CALLER}; its name is the audit actor.
 */
@ApplicationScoped
public class BearerAuth implements ServerInterceptor {
    /** The authenticated caller of the current call. */
    static final Context.Key<Caller> CALLER = Context.key("fulcrum-caller");

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @Inject TokenService tokens;

    /**
     * {@code service} with every call authenticated and authorized first. The services implement
     * their generated AsyncService and BindableService rather than extend *ImplBase, whose
     * bindService is final: so they bind themselves through here, and no unprotected binding exists.
     */
    ServerServiceDefinition protect(ServerServiceDefinition service) { return ServerInterceptors.intercept(service, this); }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Caller caller;
        try {
            caller = Calls.inRequestScope(() -> authorize(headers.get(AUTHORIZATION), call.getMethodDescriptor().isSafe() ? Role.VIEWER : Role.OPERATOR));
        } catch (RuntimeException e) {
            StatusRuntimeException s = GrpcProblems.status(e);
            call.close(s.getStatus(), s.getTrailers());
            return new ServerCall.Listener<>() {};
        }
        return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
    }

    private Caller authorize(String header, Role needed) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw new ApiProblem(401, "Unauthorized", "this API needs the metadata authorization: Bearer <token>", List.of());
        }
        Optional<Caller> caller = tokens.authenticate(header.substring(7).trim());
        if (caller.isEmpty()) throw new ApiProblem(401, "Unauthorized", "the bearer token is not valid (unknown or revoked)", List.of());
        if (!caller.get().role().allows(needed)) {
            throw new ApiProblem(403, "Forbidden", "token '" + caller.get().name() + "' has role "
                    + caller.get().role().name().toLowerCase(Locale.ROOT) + "; this needs " + needed.name().toLowerCase(Locale.ROOT), List.of());
        }
        return caller.get();
    }
}
