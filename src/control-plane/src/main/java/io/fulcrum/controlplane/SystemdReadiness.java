package io.fulcrum.controlplane;

import static java.lang.System.Logger.Level.DEBUG;

import io.fulcrum.netlink.SdNotify;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tells systemd ({@code Type=notify}, deploy/systemd/fulcrum-control-plane.service) that the control plane
 * is ready: once its HTTP(S) server listens and every other start-up observer (database, admin token,
 * gRPC port) has run, whichever of the two comes last. Nothing happens outside systemd.
 */
@Singleton
public class SystemdReadiness {
    private static final System.Logger LOG = System.getLogger(SystemdReadiness.class.getName());

    /** Counts the two conditions; the one that makes it 2 notifies. */
    private final AtomicInteger reached = new AtomicInteger();

    private volatile String listening = "REST API";

    // Quarkus fires these asynchronously. Their options (Vert.x's HttpServerOptions) are not read: the
    // annotations on that class are not on the compiler's class path, and the lint gate fails on that
    void onHttp(@ObservesAsync HttpServerStart started) {
        listening = "REST API listening (http)";
        reached();
    }

    void onHttps(@ObservesAsync HttpsServerStart started) {
        listening = "REST API listening (https)";
        reached();
    }

    /** After every other StartupEvent observer (the highest priority value runs last). */
    void onStarted(@Observes @Priority(Integer.MAX_VALUE) StartupEvent e) {
        reached();
    }

    private void reached() {
        if (reached.incrementAndGet() == 2 && SdNotify.ready(listening))
            LOG.log(DEBUG, "told systemd: ready (" + listening + ")");
    }
}
