package io.fulcrum.agent.bench;

import io.fulcrum.agent.metrics.AgentMetrics;
import io.fulcrum.agent.metrics.MetricsServer;
import io.fulcrum.agent.metrics.Rendered;
import io.fulcrum.agent.reconcile.ServiceStats;
import io.fulcrum.agent.run.AgentVrrp;
import io.fulcrum.agent.run.StatusSnapshot;
import io.fulcrum.agent.table.DesiredTables;
import io.fulcrum.agent.table.Destination;
import io.fulcrum.health.HealthView;
import io.fulcrum.health.decide.CheckResult;
import io.fulcrum.health.decide.Health;
import io.fulcrum.health.decide.RealServerHealth;
import io.fulcrum.health.decide.RealServerRef;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.vrrp.machine.State;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Benchmark (not a test), run by src/benchmarks/ipvs-reconcile.sh (bin/fulcrum bench ipvs) on the host with
 * the agent's JVM options: a Prometheus scrape of an agent holding N virtual servers x D real servers, each
 * in the kernel with counters and health-checked: the agent's own endpoint (MetricsServer), read in full by
 * an HTTP client in the same JVM. The kernel's counters come from the agent loop's last status (a scrape
 * never waits for a dump: SnapshotCache), so this is what a scrape costs. Prints the median, p90 and worst of
 * the measured scrapes, and the size.
 * <pre>
 *   java OPTS -cp ... io.fulcrum.agent.bench.MetricsScrapeBenchmark [N] [D] [SCRAPES]   (10000 10 20)
 * </pre>
 */
public final class MetricsScrapeBenchmark {
    private MetricsScrapeBenchmark() {}

    public static void main(String[] args) throws Exception {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int per = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int scrapes = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        StatusSnapshot snapshot = snapshot(services, per);
        AgentMetrics metrics = new AgentMetrics("lb1", "bench");
        Rendered one = Rendered.of(metrics, snapshot);
        for (int i = 0; i < 3; i++) one = Rendered.of(metrics, snapshot); // warm-up
        long t0 = System.nanoTime();
        for (int i = 0; i < 3; i++) one = Rendered.of(metrics, snapshot);
        long renderMs = (System.nanoTime() - t0) / 3_000_000;
        System.out.printf(
                "rendering (in the background, after a new status): %d ms; %,d bytes of text, %,d gzipped%n",
                renderMs, one.size(), one.gzip().length);
        try (MetricsServer server = MetricsServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                metrics,
                () -> CompletableFuture.completedFuture(snapshot),
                Duration.ofHours(1))) {
            URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics");
            HttpClient client = HttpClient.newHttpClient();
            long bytes = 0;
            for (int i = 0; i < 5; i++) bytes = scrape(client, uri); // warm-up
            long[] ms = new long[scrapes];
            for (int i = 0; i < scrapes; i++) {
                long start = System.nanoTime();
                scrape(client, uri);
                ms[i] = (System.nanoTime() - start) / 1_000_000;
            }
            Arrays.sort(ms);
            Runtime rt = Runtime.getRuntime();
            System.out.printf(
                    "metrics scrape (gzip, as Prometheus asks), %,d x %d: median %d ms, p90 %d ms, worst %d ms"
                            + " (%d scrapes after 5 warm-up); %,d bytes; heap %d MB of %d MB%n",
                    services,
                    per,
                    ms[scrapes / 2],
                    ms[(int) Math.ceil(scrapes * 0.9) - 1],
                    ms[scrapes - 1],
                    scrapes,
                    bytes,
                    (rt.totalMemory() - rt.freeMemory()) >> 20,
                    rt.maxMemory() >> 20);
        }
    }

    /** GET, the body read to its end; its size. */
    static long scrape(HttpClient client, URI uri) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = client.send(
                HttpRequest.newBuilder(uri).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) throw new IllegalStateException("scrape: HTTP " + r.statusCode());
        long n = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = r.body()) {
            for (int k; (k = in.read(buf)) > 0; ) n += k;
        }
        return n;
    }

    /** N virtual servers of D real servers, all in the kernel with non-zero counters, all checked and up. */
    static StatusSnapshot snapshot(int services, int per) {
        StringBuilder json = new StringBuilder("{\"apiVersion\":\"fulcrum/v1\",\"directors\":[{\"name\":\"lb1\","
                + "\"managementAddress\":\"10.0.0.1\"}],\"virtualServers\":[");
        for (int s = 0; s < services; s++) {
            if (s > 0) json.append(',');
            json.append("{\"name\":\"vs-")
                    .append(s)
                    .append("\",\"address\":\"10.")
                    .append(100 + s / 65536)
                    .append('.')
                    .append(s / 256 % 256)
                    .append('.')
                    .append(s % 256)
                    .append("\",\"port\":80,\"directors\":[\"lb1\"],\"realServers\":[");
            for (int d = 0; d < per; d++) {
                if (d > 0) json.append(',');
                json.append("{\"name\":\"rs-")
                        .append(d)
                        .append("\",\"address\":\"10.200.")
                        .append(d)
                        .append(".1\"}");
            }
            json.append("]}");
        }
        ConfigDocument doc = DocumentCodec.decodeDocument(
                DocumentCodec.parse(json.append("]}").toString()), false);
        Instant now = Instant.now();
        List<ServiceStats> kernel = new ArrayList<>(services);
        Map<RealServerRef, RealServerHealth> health = new HashMap<>();
        CheckResult ok = new CheckResult(true, "ok", null, now, Duration.ofMillis(3), 1);
        long n = 1_000_000;
        for (VirtualServer v : doc.virtualServers()) {
            List<ServiceStats.DestinationStats> ds = new ArrayList<>(per);
            for (RealServer r : v.realServers()) {
                ds.add(new ServiceStats.DestinationStats(
                        new Destination.Key(r.address(), 80), 1, 12, 34, counters(n++)));
                health.put(
                        new RealServerRef(v.name(), r.name()),
                        new RealServerHealth(Health.UP, "ok", ok, now, null, true));
            }
            kernel.add(new ServiceStats(DesiredTables.serviceKey(v), counters(n++), ds));
        }
        return new StatusSnapshot(
                now,
                doc,
                doc.servedBy("lb1"),
                kernel,
                List.of(),
                new HealthView(health, Map.of()),
                List.of(new AgentVrrp.GroupStatus("VI_1", State.MASTER, 150, now, "")),
                null);
    }

    static ServiceStats.Counters counters(long n) {
        return new ServiceStats.Counters(
                n, n * 10, n * 9, n * 1400, n * 9000, n % 100, n % 1000, n % 900, n % 140_000, n % 900_000);
    }
}
