package io.fulcrum.agent.metrics;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fulcrum.agent.run.StatusSnapshot;
import io.fulcrum.runtime.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * The agent's metrics endpoint: {@code GET /metrics} in the Prometheus text format, on the JDK's own HTTP
 * server (no framework in the agent). Scrapes are served from the last rendered one ({@link SnapshotCache},
 * {@link Rendered}: gzip when the scraper takes it, as Prometheus does); a new status is read from the agent
 * loop and rendered on a thread of its own once the last is older than {@code maxAge}. Threads:
 * {@code agent-metrics} (HTTP) and {@code agent-metrics-render}, both stopped by {@link #close}.
 */
public final class MetricsServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MetricsServer.class.getName());

    private final HttpServer server;
    private final ExecutorService http;
    private final ExecutorService render;

    private MetricsServer(HttpServer server, ExecutorService http, ExecutorService render) {
        this.server = server;
        this.http = http;
        this.render = render;
    }

    /**
     * Serves {@code metrics} on {@code address}, rendered from the statuses {@code statuses} reads (the agent
     * loop's).
     *
     * @throws IOException when the address cannot be bound
     */
    public static MetricsServer start(
            InetSocketAddress address,
            AgentMetrics metrics,
            Supplier<CompletableFuture<StatusSnapshot>> statuses,
            Duration maxAge)
            throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        ExecutorService http = Threads.single("agent-metrics");
        ExecutorService render = Threads.single("agent-metrics-render");
        SnapshotCache<Rendered> scrapes = new SnapshotCache<>(
                () -> statuses.get().thenApplyAsync(s -> Rendered.of(metrics, s), render),
                System::nanoTime,
                maxAge,
                Duration.ofSeconds(20));
        server.setExecutor(http);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                if (!path.equals("/metrics") && !path.equals("/")) {
                    send(exchange, 404, "not found: the metrics are at /metrics\n");
                } else if (!exchange.getRequestMethod().equals("GET")) {
                    exchange.getResponseHeaders().set("Allow", "GET");
                    send(exchange, 405, "GET /metrics\n");
                } else if (path.equals("/")) {
                    send(exchange, 200, "Fulcrum agent: the metrics are at /metrics\n");
                } else {
                    Rendered r = scrapes.get();
                    if (r == null) send(exchange, 503, "no status from the agent loop yet\n");
                    else scrape(exchange, r);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(WARNING, "metrics: a scrape failed: " + e, e);
            }
        });
        server.start();
        LOG.log(INFO, "metrics at http://" + hostPort(server.getAddress()) + "/metrics");
        return new MetricsServer(server, http, render);
    }

    /** The address it listens on (its port when started on port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void scrape(HttpExchange exchange, Rendered r) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", TextFormat.CONTENT_TYPE);
        String accept = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        if (accept != null && accept.contains("gzip")) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, r.gzip().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(r.gzip());
            }
            return;
        }
        exchange.sendResponseHeaders(200, r.size());
        try (InputStream text = r.text();
                OutputStream out = exchange.getResponseBody()) {
            text.transferTo(out);
        }
    }

    private static void send(HttpExchange exchange, int status, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, b.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(b);
        }
    }

    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        Threads.shutdown(http, 1000);
        Threads.shutdown(render, 1000);
    }
}
