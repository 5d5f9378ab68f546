package io.fulcrum.controlplane;

import io.fulcrum.controlplane.api.Problems;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Plain HTTP only on loopback: a request that arrived without TLS on an address other than a loopback one is
 * refused (403, a problem saying to use HTTPS), so bearer tokens never cross a network in clear. Except
 * {@code /q/health} and {@code /q/metrics} (no token, nothing secret: probes and Prometheus), and unless
 * {@link Settings#HTTP_PLAINTEXT} is set (a TLS proxy in front, a test).
 */
@ApplicationScoped
public class PlainHttpGuard {
    /** Before Quarkus's own handlers and the REST API. */
    static final int PRIORITY = 10_000;

    void register(@Observes Filters filters) {
        boolean allowed = Boolean.parseBoolean(Settings.get(Settings.HTTP_PLAINTEXT));
        filters.register(ctx -> filter(ctx, allowed), PRIORITY);
    }

    private static void filter(RoutingContext ctx, boolean plaintextAllowed) {
        HttpServerRequest r = ctx.request();
        if (plaintextAllowed || r.isSSL() || loopback(r.localAddress()) || exempt(r.path())) {
            ctx.next();
            return;
        }
        ctx.response()
                .setStatusCode(403)
                .putHeader("Content-Type", Problems.MEDIA_TYPE)
                .end(Problems.json(
                                403,
                                "Forbidden",
                                "plain HTTP is answered on loopback only: use https:// (the HTTPS port, 8443 by"
                                        + " default), or set FULCRUM_HTTP_PLAINTEXT=true behind a TLS proxy",
                                List.of())
                        .toString());
    }

    static boolean exempt(String path) {
        return path != null && (path.equals("/q/metrics") || path.equals("/q/health") || path.startsWith("/q/health/"));
    }

    static boolean loopback(SocketAddress a) {
        if (a == null || a.hostAddress() == null) return false;
        try {
            return InetAddress.getByName(a.hostAddress()).isLoopbackAddress(); // an address literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
