package io.fulcrum.controlplane.metrics;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * {@code GET /q/metrics}: a route of Quarkus's HTTP server beside {@code /q/health}, outside the REST API and
 * its bearer tokens (Prometheus scrapes it as it scrapes any exporter). The scrape reads the database, so it
 * runs on a worker thread, not the event loop.
 */
@ApplicationScoped
public class MetricsRoute {
    /** The exposition format's media type (Prometheus text 0.0.4). */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    Metrics metrics;

    void route(@Observes Router router) {
        router.get("/q/metrics")
                .blockingHandler(ctx ->
                        ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(metrics.scrape()));
    }
}
