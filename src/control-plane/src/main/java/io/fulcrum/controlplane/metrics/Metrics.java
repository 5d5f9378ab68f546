package io.fulcrum.controlplane.metrics;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.AgroalDataSourceMetrics;
import io.fulcrum.controlplane.agents.AgentHub;
import io.fulcrum.controlplane.service.ModelService;
import io.fulcrum.controlplane.store.DirectorStatusRow;
import io.fulcrum.controlplane.store.DirectorStatusStore;
import io.fulcrum.controlplane.store.RevisionStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * The control plane's metrics registry (Micrometer's Prometheus registry, used directly: quarkus-micrometer
 * is not served at this Quarkus version). Counted as they happen: REST requests and gRPC calls (latency
 * histograms by route or method and status), writes, NACKs by director. Read at each scrape: the current
 * revision and every director's connection and applied revision (one query, so every replica shows every
 * director, as REST does), the agents on this replica, the database pool (Agroal). Names:
 * {@code fulcrum_...}, seconds; labels bounded by routes, methods, status codes and directors.
 */
@ApplicationScoped
public class Metrics {
    private static final System.Logger LOG = System.getLogger(Metrics.class.getName());

    /** The latency histograms' buckets. */
    static final Duration[] BUCKETS = {
        Duration.ofMillis(1),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10)
    };

    @Inject
    AgentHub agents;

    @Inject
    DirectorStatusStore statuses;

    @Inject
    RevisionStore revisions;

    @Inject
    AgroalDataSource dataSource;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong revision = new AtomicLong();
    private volatile boolean bound;
    private MultiGauge connected;
    private MultiGauge lag;

    /** The registry's meters that read state; once, on the first scrape (the beans are ready by then). */
    private synchronized void bind() {
        if (bound) return;
        Gauge.builder("fulcrum.revision", revision, AtomicLong::get)
                .description("The current revision of the model (every write makes a new one).")
                .register(registry);
        Gauge.builder("fulcrum.directors.connected", agents, AgentHub::connected)
                .description("Agents connected to this replica.")
                .register(registry);
        connected = MultiGauge.builder("fulcrum.director.connected")
                .description("1 while the director's agent is connected (to any replica), 0 when not.")
                .register(registry);
        lag = MultiGauge.builder("fulcrum.director.revision.lag")
                .description("Revisions the director's agent has not applied yet (all of them before its first ACK).")
                .register(registry);
        pool("fulcrum.db.pool.active.connections", "Connections in use.", AgroalDataSourceMetrics::activeCount);
        pool("fulcrum.db.pool.available.connections", "Idle connections.", AgroalDataSourceMetrics::availableCount);
        pool("fulcrum.db.pool.max.used.connections", "The most connections in use at once.", m -> m.maxUsedCount());
        pool("fulcrum.db.pool.awaiting", "Threads waiting for a connection.", AgroalDataSourceMetrics::awaitingCount);
        Gauge.builder(
                        "fulcrum.db.pool.blocking.max",
                        dataSource,
                        d -> d.getMetrics().blockingTimeMax().toNanos() / 1e9)
                .description("The longest wait for a connection.")
                .baseUnit("seconds")
                .register(registry);
        bound = true;
    }

    private void pool(String name, String help, ToDoubleFunction<AgroalDataSourceMetrics> value) {
        Gauge.builder(name, dataSource, d -> value.applyAsDouble(d.getMetrics()))
                .description(help)
                .register(registry);
    }

    /** One REST request: its route (resource and method, or "unmatched"), HTTP method and status. */
    public void rest(String method, String route, int status, long nanos) {
        Timer.builder("fulcrum.rest.request.duration")
                .description("REST requests, by route, method and status.")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
        if (status < 400 && !method.equals("GET") && !method.equals("HEAD") && !route.endsWith(".plan")) write("rest");
    }

    /** One gRPC call (a whole agent stream, for the agent service), by full method name and status code. */
    public void grpc(String method, String code, long nanos) {
        Timer.builder("fulcrum.grpc.call.duration")
                .description("gRPC calls (an agent's stream: its whole life), by method and status code.")
                .tags("method", method, "code", code)
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A write that took effect (a new revision), by the API it came through. */
    public void write(String api) {
        Counter.builder("fulcrum.writes")
                .description("Writes that took effect, by API.")
                .tag("api", api)
                .register(registry)
                .increment();
    }

    /** A director's agent NACKed a desired state (on this replica). */
    public void nack(String director) {
        Counter.builder("fulcrum.director.nacks")
                .description(
                        "Desired states the director's agent refused (NACK), counted by the replica it is connected"
                                + " to.")
                .tag("director", director)
                .register(registry)
                .increment();
    }

    /** The Prometheus text of every metric, the directors' read now. */
    public String scrape() {
        bind();
        try {
            long current = revisions.committed();
            List<DirectorStatusRow> directors = statuses.overview();
            revision.set(current);
            List<MultiGauge.Row<?>> up = new ArrayList<>();
            List<MultiGauge.Row<?>> behind = new ArrayList<>();
            for (DirectorStatusRow r : directors) {
                Tags t = Tags.of("director", r.director());
                up.add(MultiGauge.Row.of(
                        t, ModelService.DirectorStatus.connected(r.connected(), r.lastSeen()) ? 1 : 0));
                long applied = r.appliedRevision() == null ? 0 : r.appliedRevision();
                behind.add(MultiGauge.Row.of(t, Math.max(0, current - applied)));
            }
            connected.register(up, true);
            lag.register(behind, true);
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "metrics: the directors' status could not be read: " + e.getMessage());
        }
        return registry.scrape();
    }
}
