package io.fulcrum.controlplane.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.controlplane.ControlPlaneProcess;
import io.fulcrum.controlplane.TestFiles;
import io.fulcrum.controlplane.auth.Secrets;
import io.fulcrum.controlplane.db.EmbeddedPostgres;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.runtime.Processes;
import io.fulcrum.runtime.Shutdown;
import io.fulcrum.runtime.Threads;
import io.fulcrum.wire.agent.DesiredStates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One fault-injection run, start to verdict: PostgreSQL, two replicas on it, a proxy in front of each
 * replica's gRPC port, the directors and their virtual servers (each served by every director, so every
 * write changes every agent's state), the agents, the writer; then the {@link FaultSchedule}'s faults one
 * after the other while the writes flow; then the end: writes stopped, the exports, the audit trail and the
 * agents' records read into a {@link History}, and its {@link Verification}. Every process, thread and
 * socket belongs to one {@link Shutdown}, closed in reverse order of start by {@link #close}.
 */
public final class ChaosRun implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChaosRun.class.getName());

    /**
     * @param dir   the run's files (PostgreSQL's cluster, the replicas' data and logs); emptied first
     * @param app   the packaged control plane, quarkus-run.jar
     */
    public record Settings(
            Path dir,
            Path app,
            long seed,
            int agents,
            double writesPerSecond,
            int virtualServers,
            FaultSchedule.Settings faults,
            ChaosAgent.Settings agent) {}

    /** A fault in progress or done; converged is set by the monitor. */
    private static final class Pending {
        final Fault fault;
        final long injected;
        final long ended;
        final long target;
        final String failure;
        volatile long converged = -1;

        Pending(Fault fault, long injected, long ended, long target, String failure) {
            this.fault = fault;
            this.injected = injected;
            this.ended = ended;
            this.target = target;
            this.failure = failure;
        }
    }

    private final Settings settings;
    private final Shutdown owner = new Shutdown("chaos");
    private final long origin = System.nanoTime();
    private volatile long runStart;
    private final List<Pending> pending = new CopyOnWriteArrayList<>();
    private final List<ChaosAgent> agents = new ArrayList<>();
    private final List<ControlPlaneProcess> replicas = new ArrayList<>();
    private final List<TcpProxy> proxies = new ArrayList<>();
    private final List<Rest> rests = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private EmbeddedPostgres db;
    private Writer writer;

    public ChaosRun(Settings settings) {
        this.settings = settings;
    }

    /** Milliseconds since the run's start (negative during the set-up). */
    private long now() {
        return (System.nanoTime() - origin) / 1_000_000 - runStart;
    }

    public Verification.Report run() throws Exception {
        setUp();
        List<Fault> plan = FaultSchedule.plan(settings.seed(), settings.faults());
        say("run: %d agents, %.1f writes/s, %d s, seed %d; %d faults planned"
                .formatted(
                        settings.agents(),
                        settings.writesPerSecond(),
                        settings.faults().run().toSeconds(),
                        settings.seed(),
                        plan.size()));
        ScheduledExecutorService monitor =
                owner.add("convergence monitor", new Closer(Threads.scheduler("chaos-monitor"))).executor;
        runStart = (System.nanoTime() - origin) / 1_000_000;
        monitor.scheduleWithFixedDelay(this::checkConvergence, 20, 20, TimeUnit.MILLISECONDS);
        writer.start();
        long end = settings.faults().run().toMillis();
        long lastFaultEnd = 0;
        long free = 0;
        for (Fault f : plan) {
            long at = Math.max(f.atMillis(), free);
            if (at + f.holdMillis() > end - settings.faults().quietTail().toMillis()) {
                say("  %s not injected: the run is behind its plan".formatted(f));
                continue;
            }
            sleepUntil(at);
            Pending p = inject(f);
            pending.add(p);
            lastFaultEnd = Math.max(lastFaultEnd, p.ended);
            free = now() + settings.faults().minGap().toMillis();
        }
        sleepUntil(end);
        writer.stop();
        long settled = Math.max(now(), lastFaultEnd);
        say("writes stopped at %d ms (%d skipped: all %d writers busy)"
                .formatted(now(), writer.skipped(), Writer.IN_FLIGHT));
        Verification.Report report = verdict(settled);
        say(WriteStalls.text(WriteStalls.attribute(writer.skippedAt(), writer.timings(), faultOutcomes())));
        return report;
    }

    private void setUp() throws Exception {
        Path dir = settings.dir().toAbsolutePath();
        TestFiles.deleteTree(dir);
        Files.createDirectories(dir);
        db = owner.add("postgres", EmbeddedPostgres.start(dir.resolve("postgres")));
        String token = Secrets.generate("fulcrum_");
        Map<String, String> env = new HashMap<>(Map.of(
                "FULCRUM_DB_URL",
                db.jdbcUrl(),
                "FULCRUM_DB_USER",
                db.user(),
                "FULCRUM_DB_PASSWORD",
                db.password(),
                "FULCRUM_ADMIN_TOKEN",
                token,
                "FULCRUM_HTTP_HOST",
                "127.0.0.1",
                "FULCRUM_GRPC_HOST",
                "127.0.0.1"));
        ControlPlaneProcess a = owner.add("replica a", replica("a", dir, env));
        a.startReady(Duration.ofSeconds(180));
        Path tls = a.data.resolve("tls");
        env.put("FULCRUM_GRPC_TLS_CERT", tls.resolve("grpc-cert.pem").toString());
        env.put("FULCRUM_GRPC_TLS_KEY", tls.resolve("grpc-key.pem").toString());
        ControlPlaneProcess b = owner.add("replica b", replica("b", dir, env));
        b.startReady(Duration.ofSeconds(180));
        replicas.addAll(List.of(a, b));
        for (ControlPlaneProcess r : replicas) {
            proxies.add(owner.add("proxy " + r.name, new TcpProxy(r.name, r.grpc)));
            rests.add(new Rest(r.http, token, Duration.ofSeconds(5)));
        }

        Rest rest = rests.get(0);
        List<String> directors = new ArrayList<>();
        for (int d = 0; d < settings.agents(); d++) {
            String name = "d" + d;
            directors.add(name);
            must(rest.put(
                    "/api/v1/directors/" + name,
                    "{\"name\":\"" + name + "\",\"managementAddress\":\"10.9." + d / 250 + "." + (d % 250 + 1)
                            + "\"}"));
        }
        List<String> servers = new ArrayList<>();
        for (int v = 0; v < settings.virtualServers(); v++) {
            String name = "vs" + v;
            servers.add(name);
            must(rest.put(
                    "/api/v1/virtual-servers/" + name,
                    "{\"name\":\"" + name + "\",\"address\":\"10.200.0." + (v + 1)
                            + "\",\"port\":80,\"scheduler\":\"wlc\",\"forwarding\":\"nat\",\"directors\":"
                            + DocumentCodec.JSON.writeValueAsString(directors) + ",\"realServers\":[]}"));
        }
        List<String> tokens = new ArrayList<>();
        for (String d : directors) {
            Rest.Answer t = must(rest.post("/api/v1/directors/" + d + "/enrollment-tokens", "{}"));
            tokens.add(DocumentCodec.JSON.readTree(t.body()).get("secret").asText());
        }
        setupRevision = rest.revision();
        Path ca = tls.resolve("grpc-cert.pem");
        List<Integer> ports = proxies.stream().map(TcpProxy::port).toList();
        for (int i = 0; i < directors.size(); i++) {
            ChaosAgent agent = new ChaosAgent(
                    directors.get(i),
                    tokens.get(i),
                    ports,
                    ca,
                    settings.agent(),
                    settings.seed() * 1_000 + i,
                    this::now);
            agents.add(owner.add("agent " + agent.name(), agent));
            agent.start();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!agents.stream().allMatch(ChaosAgent::ready)) {
            if (System.nanoTime() - deadline > 0)
                throw new IllegalStateException("not every agent had its snapshot within 120 s");
            Thread.sleep(100);
        }
        writer = owner.add("writer", new Writer(rests, servers, settings.writesPerSecond(), this::now));
        say("set up: revision %d, %d directors, %d virtual servers served by all, replicas on :%d and :%d"
                .formatted(setupRevision, directors.size(), servers.size(), a.http, b.http));
    }

    private long setupRevision;

    /**
     * A replica on the run's PostgreSQL, its data and log ({@code replica.log}) in {@code dir/name}, on
     * loopback; a small JVM, so that two replicas, the agents and the writer share a 2-core machine.
     */
    private ControlPlaneProcess replica(String name, Path dir, Map<String, String> env) throws IOException {
        Path data = dir.resolve(name);
        return new ControlPlaneProcess(
                name,
                settings.app(),
                data,
                data.resolve("replica.log"),
                List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                env);
    }

    private Pending inject(Fault f) {
        long injected = now();
        String failure = null;
        String note = "";
        try {
            switch (f.type()) {
                case REPLICA_KILL -> {
                    ControlPlaneProcess r = replicas.get(f.targets().get(0));
                    r.kill();
                    Thread.sleep(f.holdMillis());
                    long t = now();
                    r.start();
                    if (!r.awaitReady(Duration.ofSeconds(120)))
                        failure = "replica " + r.name + " not ready again within 120 s";
                    note = "restarted, ready in " + (now() - t) + " ms";
                }
                case DATABASE_KILL -> {
                    killPostmaster();
                    Thread.sleep(f.holdMillis());
                    long t = now();
                    db.restart(Duration.ofSeconds(60)); // retried while its last backends hold its memory
                    note = "restarted in " + (now() - t) + " ms";
                }
                case AGENT_KILL -> {
                    for (int i : f.targets()) agents.get(i).kill();
                    Thread.sleep(f.holdMillis());
                    for (int i : f.targets()) agents.get(i).restart();
                }
                case CONNECTIONS_CUT -> {
                    int cut = 0;
                    for (int i : f.targets()) cut += proxies.get(i).cut();
                    note = cut + " connections";
                }
                case REPLICA_PAUSE -> {
                    ControlPlaneProcess r = replicas.get(f.targets().get(0));
                    r.pause();
                    Thread.sleep(f.holdMillis());
                    r.resume();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } catch (Exception e) {
            failure = e.toString();
        }
        long ended = failure == null ? now() : -1;
        Pending p = new Pending(f, injected, ended, writer.highestAcknowledged(), failure);
        say("  %6d ms %-22s %-12s ended at %6d ms, target revision %d%s%s"
                .formatted(
                        injected,
                        f.type().label(),
                        what(f),
                        ended,
                        p.target,
                        note.isEmpty() ? "" : "; " + note,
                        failure == null ? "" : "; FAILED: " + failure));
        return p;
    }

    private static String what(Fault f) {
        return switch (f.type()) {
            case AGENT_KILL -> f.targets().size() + " agents";
            case DATABASE_KILL -> "postmaster";
            case CONNECTIONS_CUT -> "both proxies";
            case REPLICA_KILL, REPLICA_PAUSE ->
                "replica " + "ab".charAt(f.targets().get(0));
        };
    }

    /** Marks the faults whose target every running agent holds (the monitor's thread). */
    private void checkConvergence() {
        long min = Long.MAX_VALUE;
        for (ChaosAgent a : agents) min = Math.min(min, a.ready() ? a.appliedRevision() : -1);
        long t = now();
        for (Pending p : pending) if (p.converged < 0 && p.ended >= 0 && min >= p.target) p.converged = t;
    }

    private Verification.Report verdict(long settled) throws Exception {
        List<Set<String>> exports = new ArrayList<>();
        JsonNode export = null;
        for (Rest r : rests) {
            JsonNode e = retry(r::export);
            if (export == null) export = e;
            Set<String> names = new HashSet<>();
            for (JsonNode vs : e.path("virtualServers"))
                for (JsonNode rs : vs.path("realServers"))
                    names.add(vs.get("name").asText() + "/" + rs.get("name").asText());
            exports.add(names);
        }
        String expected = DesiredStates.digest(DesiredStates.resources(DocumentCodec.decodeDocument(export, false)));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() - deadline < 0
                && !agents.stream()
                        .allMatch(a -> a.ready() && expected.equals(a.history().finalDigest()))) Thread.sleep(50);
        Map<String, Set<Long>> audit = retry(rests.get(0)::audit);
        Thread.sleep(200); // the monitor's last look
        List<History.FaultOutcome> faults = faultOutcomes();
        History h = new History(
                setupRevision,
                writer.outcomes(),
                audit,
                exports,
                expected,
                agents.stream().map(ChaosAgent::history).toList(),
                faults,
                settled);
        Verification.Report report = Verification.verify(h);
        lines.add(report.text());
        return report;
    }

    private List<History.FaultOutcome> faultOutcomes() {
        return pending.stream()
                .map(p -> new History.FaultOutcome(p.fault, p.injected, p.ended, p.target, p.converged, p.failure))
                .toList();
    }

    /** The run's log: settings, each fault as injected, and the report. */
    public String text() {
        return String.join("\n", lines);
    }

    private interface Read<T> {
        T read() throws IOException, InterruptedException;
    }

    /** A read at the end, retried for up to 60 s (a replica may still be coming back). */
    private static <T> T retry(Read<T> read) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return read.read();
            } catch (IOException e) {
                if (System.nanoTime() - deadline > 0) throw e;
                Thread.sleep(500);
            }
        }
    }

    private void sleepUntil(long at) throws InterruptedException {
        long left = at - now();
        if (left > 0) Thread.sleep(left);
    }

    private void say(String line) {
        lines.add(line);
        LOG.log(System.Logger.Level.INFO, line);
    }

    private static Rest.Answer must(Rest.Answer a) throws IOException {
        if (!a.ok()) throw new IOException("set-up write refused: " + a.status() + " " + a.body());
        return a;
    }

    /** kill -9 of the run's postmaster; waits until it is gone. */
    private void killPostmaster() throws IOException {
        ProcessHandle postmaster = db.postmaster().orElseThrow(() -> new IOException("no postmaster running"));
        if (!Processes.send("KILL", postmaster.pid(), false))
            throw new IOException("kill -9 " + postmaster.pid() + " failed");
        Processes.awaitExit(List.of(postmaster), Duration.ofSeconds(10));
    }

    /** An executor as a part of the shutdown owner. */
    private record Closer(ScheduledExecutorService executor) implements AutoCloseable {
        @Override
        public void close() {
            Threads.shutdown(executor, 1_000);
        }
    }

    /** Stops everything the run started, in reverse order of start. */
    @Override
    public void close() {
        owner.close();
    }
}
