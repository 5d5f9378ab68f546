package io.fulcrum.controlplane.bench;

import io.fulcrum.api.agent.v1.Ack;
import io.fulcrum.api.agent.v1.AgentMessage;
import io.fulcrum.api.agent.v1.AgentServiceGrpc;
import io.fulcrum.api.agent.v1.ControlMessage;
import io.fulcrum.api.agent.v1.DesiredState;
import io.fulcrum.api.agent.v1.Hello;
import io.fulcrum.controlplane.HeldState;
import io.fulcrum.runtime.ProcFigures;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Convergence benchmark (issue 4): N agents (real gRPC clients over TLS, each on its own
 * connection, applying every message with the agent's own code: delta, digest check, document
 * validation, then ACK) and 1,000 virtual servers, each served by up to 10 of them. Each change is a
 * REST write of one real server's weight; its latency runs from the REST response (the commit) to
 * the last ACK of the directors that serve the virtual server. Also printed: what a push carried,
 * and the control plane's CPU and memory (its PID is an argument).
 *
 *   ConvergenceBench HTTP_PORT GRPC_PORT CERT ADMIN_TOKEN CONTROL_PLANE_PID AGENTS CHANGES [WARMUP]
 *
 * WARMUP changes (default 0) come first and are not measured: the JIT compiles the control plane's
 * code during the first hundreds of changes of a new JVM, and that one-time cost would otherwise be
 * counted as the cost per change (their CPU is printed apart).
 */
public final class ConvergenceBench {
    static final int VIRTUAL_SERVERS = 1000;
    static final int REAL_SERVERS = 4;
    static final int SERVED_BY = 10;

    public static void main(String[] a) throws Exception {
        int http = Integer.parseInt(a[0]), grpc = Integer.parseInt(a[1]);
        Path cert = Path.of(a[2]);
        String admin = a[3];
        long pid = Long.parseLong(a[4]);
        int agents = Integer.parseInt(a[5]), changes = Integer.parseInt(a[6]);
        int warmup = a.length > 7 ? Integer.parseInt(a[7]) : 0;
        Rest rest = new Rest(http, admin);

        // the model: directors d0..d{agents-1}; virtual server i served by SERVED_BY of them, round robin
        for (int d = 0; d < agents; d++)
            rest.put(
                    "/api/v1/directors/d" + d,
                    "{\"name\":\"d" + d + "\",\"managementAddress\":\"10.9." + (d / 250) + "." + (d % 250 + 1) + "\"}");
        int servedBy = Math.min(agents, SERVED_BY);
        List<List<String>> serving = new ArrayList<>();
        for (int i = 0; i < VIRTUAL_SERVERS; i++) {
            List<String> ds = new ArrayList<>();
            for (int k = 0; k < servedBy; k++) ds.add("d" + ((i + k) % agents));
            serving.add(ds);
            if (rest.get("/api/v1/virtual-servers/vs" + i) == 200) continue;
            StringBuilder rs = new StringBuilder();
            for (int r = 0; r < REAL_SERVERS; r++) {
                rs.append(r == 0 ? "" : ",")
                        .append("{\"name\":\"r")
                        .append(r)
                        .append("\",\"address\":\"10.100.")
                        .append(i / 250)
                        .append('.')
                        .append(i % 250 + 1)
                        .append("\",\"port\":")
                        .append(8000 + r)
                        .append('}');
            }
            rest.put(
                    "/api/v1/virtual-servers/vs" + i,
                    "{\"name\":\"vs" + i + "\",\"address\":\"10.200." + (i / 250) + "." + (i % 250 + 1)
                            + "\",\"port\":80,\"scheduler\":\"wlc\",\"forwarding\":\"nat\",\"directors\":" + json(ds)
                            + ",\"realServers\":[" + rs + "]}");
        }

        long[] cpuStart = cpu(pid);
        List<Agent> all = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int d = 0; d < agents; d++) all.add(new Agent("d" + d, rest.enroll("d" + d), grpc, cert));
        for (Agent ag : all)
            if (!ag.snapshot.await(120, TimeUnit.SECONDS)) throw new IllegalStateException(ag.name + ": no snapshot");
        double connectSeconds = (System.nanoTime() - t0) / 1e9;
        long snapshotBytes = all.stream().mapToLong(x -> x.bytes.get()).sum();
        long[] warm0 = cpu(pid);
        changes(rest, all, serving, warmup);
        long[] warm1 = cpu(pid);
        all.forEach(x -> x.bytes.set(0));
        all.forEach(x -> x.resources.set(0));
        long[] cpu0 = cpu(pid);
        var threads0 = threadTicks(pid);
        Instant from = Instant.now();

        long[] latency = changes(rest, all, serving, changes);
        long[] cpu1 = cpu(pid);
        var threads1 = threadTicks(pid);
        Instant to = Instant.now();
        Arrays.sort(latency);
        long deltaBytes = all.stream().mapToLong(x -> x.bytes.get()).sum();
        long deltaResources = all.stream().mapToLong(x -> x.resources.get()).sum();
        double cpuSeconds = (cpu1[0] - cpu0[0]) / 100.0;
        double connectCpu = (cpu0[0] - cpuStart[0]) / 100.0;
        System.out.printf(
                "agents %d, virtual servers %d (each with %d real servers, served by %d directors), changes %d%n",
                agents, VIRTUAL_SERVERS, REAL_SERVERS, servedBy, changes);
        System.out.printf(
                "  connect: every agent had its full snapshot in %.2f s (%,d bytes in all; control plane %.2f CPU s)%n",
                connectSeconds, snapshotBytes, connectCpu);
        if (warmup > 0)
            System.out.printf(
                    "  warm-up (not measured): %d changes, control plane %.2f CPU s (%.1f ms per change)%n",
                    warmup, (warm1[0] - warm0[0]) / 100.0, (warm1[0] - warm0[0]) * 10.0 / warmup);
        System.out.printf(
                "  convergence, REST commit -> last ACK of the %d serving directors: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                servedBy,
                latency[changes / 2] / 1e6,
                latency[(int) Math.min(changes - 1, Math.ceil(changes * 0.99) - 1)] / 1e6,
                latency[changes - 1] / 1e6);
        System.out.printf(
                "  pushes: %.2f resources and %,.0f bytes per change, summed over all agents (%d serve each change)%n",
                (double) deltaResources / changes, (double) deltaBytes / changes, servedBy);
        System.out.printf(
                "  control plane during the changes: %.2f CPU s (%.1f ms per change, REST write included), RSS %d MB%n",
                cpuSeconds, cpuSeconds * 1000 / changes, cpu1[1] / 1024);
        var threads = byThread(threads0, threads1);
        long jit = threads.stream()
                .filter(e -> e.getKey().startsWith("C# CompilerThre"))
                .mapToLong(Map.Entry::getValue)
                .sum();
        System.out.printf(
                "  of which the JIT's compiler threads %.1f ms per change, the rest %.1f ms per change%n",
                jit * 10.0 / changes, (cpu1[0] - cpu0[0] - jit) * 10.0 / changes);
        System.out.printf(
                "  by thread (ms per change): %s%n",
                String.join(
                        ", ",
                        threads.stream()
                                .limit(12)
                                .map(e -> e.getKey() + " " + String.format("%.1f", e.getValue() * 10.0 / changes))
                                .toList()));
        System.out.printf("  changes from %s to %s%n", from, to);
        for (Agent ag : all) ag.close();
        System.exit(0);
    }

    private static final Random RANDOM = new Random(42);
    private static final Map<String, Integer> WEIGHTS = new HashMap<>();

    /**
     * Makes {@code changes} changes, one at a time, each a real server's weight in a random virtual
     * server; returns each one's latency from the REST response to the last ACK of its directors.
     */
    static long[] changes(Rest rest, List<Agent> all, List<List<String>> serving, int changes) throws Exception {
        long[] latency = new long[changes];
        for (int c = 0; c < changes; c++) {
            int vs = RANDOM.nextInt(VIRTUAL_SERVERS);
            int r = RANDOM.nextInt(REAL_SERVERS);
            // every change changes something (a write that changes nothing is pushed to nobody)
            int weight = WEIGHTS.merge(vs + "/" + r, 2, (old, x) -> old % 200 + 2);
            String body = "{\"name\":\"r" + r + "\",\"address\":\"10.100." + (vs / 250) + "." + (vs % 250 + 1)
                    + "\",\"port\":" + (8000 + r) + ",\"weight\":" + weight + "}";
            long revision = rest.putRevision("/api/v1/virtual-servers/vs" + vs + "/real-servers/r" + r, body);
            long committed = System.nanoTime();
            long last = committed;
            for (String d : serving.get(vs))
                last = Math.max(last, all.get(Integer.parseInt(d.substring(1))).awaitAck(revision));
            latency[c] = last - committed;
            Thread.sleep(20); // one change at a time, ~40 changes/s
        }
        return latency;
    }

    /** utime+stime in clock ticks, and VmRSS in kB, of a process. */
    static long[] cpu(long pid) throws Exception {
        long ticks = ProcFigures.cpuTicks(ProcFigures.stat(pid));
        long rss = Math.max(0, ProcFigures.rssKb(ProcFigures.status(pid)));
        return new long[] {ticks, rss};
    }

    /** utime+stime in clock ticks of each of a process's threads, by thread id, with its name. */
    static Map<String, Map.Entry<String, Long>> threadTicks(long pid) throws Exception {
        Map<String, Map.Entry<String, Long>> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                out.put(t.getFileName().toString(), Map.entry(name, ProcFigures.cpuTicks(stat)));
            }
        }
        return out;
    }

    /**
     * The CPU each group of threads used between two {@link #threadTicks}, in ticks, by thread name
     * with its digits left out (a pool's threads together), largest first; a thread that ended in
     * between is not counted.
     */
    static List<Map.Entry<String, Long>> byThread(
            Map<String, Map.Entry<String, Long>> before, Map<String, Map.Entry<String, Long>> after) {
        Map<String, Long> used = new HashMap<>();
        for (var e : after.entrySet()) {
            var was = before.get(e.getKey());
            long ticks = e.getValue().getValue() - (was == null ? 0 : was.getValue());
            used.merge(e.getValue().getKey().replaceAll("[0-9]+", "#"), ticks, Long::sum);
        }
        return used.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .toList();
    }

    static String json(List<String> names) {
        return "[\"" + String.join("\",\"", names) + "\"]";
    }

    /** One agent: holds its state as the real agent does and ACKs each revision after validating it. */
    static final class Agent implements StreamObserver<ControlMessage> {
        final String name;
        final ManagedChannel channel;
        final StreamObserver<AgentMessage> out;
        final CountDownLatch snapshot = new CountDownLatch(1);
        final Map<Long, Long> acked = new ConcurrentHashMap<>();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong resources = new AtomicLong();
        volatile long newest;
        final HeldState held = new HeldState();

        Agent(String name, String token, int port, Path cert) throws Exception {
            this.name = name;
            channel = NettyChannelBuilder.forAddress("localhost", port)
                    .sslContext(GrpcSslContexts.forClient()
                            .trustManager(cert.toFile())
                            .build())
                    .build();
            out = AgentServiceGrpc.newStub(channel).connect(this);
            out.onNext(AgentMessage.newBuilder()
                    .setHello(
                            Hello.newBuilder().setDirector(name).setToken(token).setSoftwareVersion("bench"))
                    .build());
        }

        @Override
        public synchronized void onNext(ControlMessage m) {
            DesiredState d = m.getDesired();
            bytes.addAndGet(d.getSerializedSize());
            resources.addAndGet(d.getPutCount() + d.getRemoveCount());
            // agents run on their own machines: here each keeps its work per message proportional to the
            // message (an incremental digest, no whole-document validation) so that N agents on this
            // machine's 2 cores measure the control plane, not N copies of the agent
            if (!held.apply(d).equals(d.getDigest())) throw new IllegalStateException(name + ": digest mismatch");
            out.onNext(AgentMessage.newBuilder()
                    .setAck(Ack.newBuilder().setRevision(d.getRevision()))
                    .build());
            acked.put(d.getRevision(), System.nanoTime());
            synchronized (this) {
                newest = Math.max(newest, d.getRevision());
                notifyAll();
            }
            snapshot.countDown();
        }

        /** When this agent acked {@code revision} (or a later one that includes it). */
        synchronized long awaitAck(long revision) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 30_000;
            while (newest < revision) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) throw new IllegalStateException(name + ": revision " + revision + " not acked in 30 s");
                wait(left);
            }
            return acked.entrySet().stream()
                    .filter(e -> e.getKey() >= revision)
                    .mapToLong(Map.Entry::getValue)
                    .min()
                    .orElseThrow();
        }

        @Override
        public void onError(Throwable t) {
            if (!closing) System.err.println(name + ": stream ended: " + t);
        }

        @Override
        public void onCompleted() {}

        volatile boolean closing;

        void close() throws InterruptedException {
            closing = true;
            out.onCompleted();
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    record Rest(int port, String token) {
        static final HttpClient HTTP =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        int get(String path) throws Exception {
            return HTTP.send(req(path).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }

        void put(String path, String body) throws Exception {
            putRevision(path, body);
        }

        /** PUTs and returns the revision the write committed as. */
        long putRevision(String path, String body) throws Exception {
            var r = HTTP.send(
                    req(path).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2)
                throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
            var m = Pattern.compile("\"revision\":(\\d+)").matcher(r.body());
            if (!m.find()) throw new IllegalStateException(path + ": no revision in " + r.body());
            return Long.parseLong(m.group(1));
        }

        String enroll(String director) throws Exception {
            var r = HTTP.send(
                    req("/api/v1/directors/" + director + "/enrollment-tokens")
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            var m = Pattern.compile("\"secret\":\"([^\"]+)\"").matcher(r.body());
            if (!m.find()) throw new IllegalStateException("no enrollment token: " + r.body());
            return m.group(1);
        }

        private HttpRequest.Builder req(String path) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json");
        }
    }
}
