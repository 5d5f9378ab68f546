package io.fulcrum.controlplane.auth;

import io.fulcrum.controlplane.api.Problems;
import io.fulcrum.controlplane.service.ApiProblem;
import io.fulcrum.model.Enums.Role;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.regex.Pattern;

/**
 * Bearer-token authentication and role checks for every API path except the OpenAPI document
 * (health endpoints are served outside JAX-RS and stay anonymous). viewer reads (and plans a
 * configuration document, which writes nothing), operator writes
 * the model, admin manages tokens and directors' enrollment tokens.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AuthFilter implements ContainerRequestFilter {
    /** Enrollment tokens are credentials: only admins see or issue them. */
    private static final Pattern ENROLLMENT = Pattern.compile("/api/v1/directors/[^/]+/enrollment-tokens");

    @Inject
    TokenService tokens;

    @Inject
    CurrentCaller current;

    @Inject
    CurrentVertxRequest request;

    @Override
    public void filter(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (path.equals("/api/v1/openapi.yaml")) return;
        // a plan writes nothing: whoever may read the configuration may plan a change of it
        Role needed = path.startsWith("/api/v1/tokens")
                        || ENROLLMENT.matcher(path).lookingAt()
                ? Role.ADMIN
                : ctx.getMethod().equals("GET") || ctx.getMethod().equals("HEAD") || path.equals("/api/v1/config/plan")
                        ? Role.VIEWER
                        : Role.OPERATOR;
        try {
            current.set(tokens.authorize(
                    ctx.getHeaderString(HttpHeaders.AUTHORIZATION),
                    needed,
                    "this API needs an Authorization: Bearer token",
                    source()));
        } catch (AuthThrottle.Refused r) {
            ctx.abortWith(Response.fromResponse(Problems.response(r.status, r.title, r.getMessage(), r.errors))
                    .header("Retry-After", r.retryAfterSeconds)
                    .build());
        } catch (ApiProblem p) {
            ctx.abortWith(Problems.response(p.status, p.title, p.getMessage(), p.errors));
        }
    }

    /** The client's address (as the proxy settings, quarkus.http.proxy.*, let Vert.x see it). */
    private String source() {
        var rc = request.getCurrent();
        SocketAddress a = rc == null ? null : rc.request().remoteAddress();
        return a == null ? null : a.hostAddress();
    }
}
