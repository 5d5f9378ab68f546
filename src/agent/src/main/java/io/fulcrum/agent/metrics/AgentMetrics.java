package io.fulcrum.agent.metrics;

import static io.fulcrum.agent.metrics.TextFormat.labels;
import static io.fulcrum.agent.metrics.TextFormat.name;
import static io.fulcrum.agent.metrics.TextFormat.with;

import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.agent.reconcile.ServiceStats;
import io.fulcrum.agent.run.AgentVrrp;
import io.fulcrum.agent.run.LoopListener;
import io.fulcrum.agent.run.StatusSnapshot;
import io.fulcrum.agent.table.DesiredTables;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.health.HealthEvent;
import io.fulcrum.health.decide.Health;
import io.fulcrum.health.decide.RealServerHealth;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.Validator;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.vrrp.machine.Counters;
import io.fulcrum.vrrp.machine.State;
import io.fulcrum.vrrp.packet.DropReason;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/**
 * The agent's metrics: counted as they happen (a {@link LoopListener}: VRRP transitions, reconciles, health
 * changes) and read from a {@link StatusSnapshot} (the kernel's counters, health, VRRP groups) at each scrape,
 * written in the Prometheus text format. Names follow Prometheus's conventions ({@code fulcrum_..._total} for
 * counters, seconds and bytes); labels are bounded by the configuration: virtual server, real server, VRRP
 * group, track script, and small fixed sets (state, direction, reason). Per real server the kernel's totals
 * are exported, its per-second estimates only per virtual server: {@code rate()} gives them per real server.
 */
public final class AgentMetrics implements LoopListener {
    /** Upper bounds of the reconcile duration histogram, in seconds. */
    static final double[] BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final String director;
    private final String version;

    private final Map<String, Map<State, LongAdder>> transitions = new ConcurrentHashMap<>();
    private final AtomicLongArray reconcileBuckets = new AtomicLongArray(BUCKETS.length);
    private final AtomicLong reconciles = new AtomicLong();
    private final AtomicLong reconcileNanos = new AtomicLong();
    private final AtomicLong stepsApplied = new AtomicLong();
    private final AtomicLong stepsFailed = new AtomicLong();
    private final Map<String, LongAdder> healthChanges = new ConcurrentHashMap<>();

    public AgentMetrics(String director, String version) {
        this.director = director;
        this.version = version;
    }

    @Override
    public void health(HealthEvent event) {
        if (event instanceof HealthEvent.RealServerChanged c)
            healthChanges
                    .computeIfAbsent(c.health().name().toLowerCase(Locale.ROOT), k -> new LongAdder())
                    .increment();
    }

    @Override
    public void vrrp(Instant at, String group, State from, State to, String reason) {
        transitions
                .computeIfAbsent(group, g -> new ConcurrentHashMap<>())
                .computeIfAbsent(to, s -> new LongAdder())
                .increment();
    }

    @Override
    public void reconciled(Duration took, Reconciler.Result result) {
        double seconds = took.toNanos() / 1e9;
        for (int i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) reconcileBuckets.incrementAndGet(i);
        reconciles.incrementAndGet();
        reconcileNanos.addAndGet(took.toNanos());
        stepsApplied.addAndGet(result.applied());
        stepsFailed.addAndGet(result.failures().size());
    }

    /**
     * Writes every metric to {@code sink}, from {@code s} (null: none taken yet) and what was counted.
     *
     * @return the bytes written
     * @throws UncheckedIOException when the sink fails (the scraper went away)
     */
    public long render(StatusSnapshot s, OutputStream sink) {
        try (TextFormat out = new TextFormat(sink)) {
            agent(out, s);
            if (s != null) {
                ipvs(out, s);
                health(out, s);
                vrrp(out, s);
            }
            return out.written();
        }
    }

    /** Every metric as text (tests, small scrapes). */
    public String render(StatusSnapshot s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        render(s, b);
        return b.toString(StandardCharsets.UTF_8);
    }

    /** The protocol's names of the VRRP states, in lower case: init, backup, master, fault. */
    static String state(State s) {
        return s == State.INITIALIZE ? "init" : s.name().toLowerCase(Locale.ROOT);
    }

    private void agent(TextFormat out, StatusSnapshot s) {
        out.family("fulcrum_agent_info", "gauge", "The agent: its director and software version (always 1).");
        out.sample("fulcrum_agent_info", labels("director", director, "version", version), 1);
        if (s != null) {
            out.family(
                    "fulcrum_agent_ipvs_available",
                    "gauge",
                    "1 when the kernel's IPVS can be programmed, 0 when it has none (the agent runs VRRP and"
                            + " health checks on).");
            out.sample("fulcrum_agent_ipvs_available", new byte[0], s.ipvsUnavailable() == null ? 1 : 0);
            out.family(
                    "fulcrum_agent_desired_state_loaded",
                    "gauge",
                    "1 when a desired state is in force, 0 before the first one.");
            out.sample("fulcrum_agent_desired_state_loaded", new byte[0], s.document() == null ? 0 : 1);
            out.family(
                    "fulcrum_agent_drift_services",
                    "gauge",
                    "IPVS services the last reconcile found differing from the desired state or not this agent's.");
            out.sample("fulcrum_agent_drift_services", new byte[0], s.drift().size());
            out.family(
                    "fulcrum_agent_status_timestamp_seconds",
                    "gauge",
                    "When the kernel's counters and the states below were read (Unix time).");
            out.sample("fulcrum_agent_status_timestamp_seconds", new byte[0], s.at().toEpochMilli() / 1000.0);
        }
        byte[] none = new byte[0];
        out.family(
                "fulcrum_agent_reconcile_duration_seconds",
                "histogram",
                "How long a reconcile of the kernel's IPVS table took (dump when due, plan, apply).");
        byte[] bucket = name("fulcrum_agent_reconcile_duration_seconds_bucket");
        for (int i = 0; i < BUCKETS.length; i++)
            out.sample(bucket, labels("le", Double.toString(BUCKETS[i])), reconcileBuckets.get(i));
        out.sample(bucket, labels("le", "+Inf"), reconciles.get());
        out.sample("fulcrum_agent_reconcile_duration_seconds_sum", none, reconcileNanos.get() / 1e9);
        out.sample("fulcrum_agent_reconcile_duration_seconds_count", none, reconciles.get());
        out.family("fulcrum_agent_reconcile_steps_total", "counter", "IPVS changes reconciles made, by result.");
        out.sample("fulcrum_agent_reconcile_steps_total", labels("result", "applied"), stepsApplied.get());
        out.sample("fulcrum_agent_reconcile_steps_total", labels("result", "refused"), stepsFailed.get());
    }

    private static final byte[] CLOSE = "\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] IN = "\",direction=\"in\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OUT = "\",direction=\"out\"}".getBytes(StandardCharsets.US_ASCII);

    /**
     * {@code {virtual_server="NAME",real_server="}: a real server's labels are this, its name and {@link #CLOSE}
     * (names are letters, digits, '.', '_' and '-': nothing to escape). Built once per virtual server, not per
     * real server and family: at 10,000 x 10 a label set per sample would be a million arrays a scrape.
     */
    private static byte[] prefix(VirtualServer v) {
        return ("{virtual_server=\"" + v.name() + "\",real_server=\"").getBytes(StandardCharsets.UTF_8);
    }

    /** A virtual server in the kernel: its labels, its destinations' real server names (null: not one), its counters. */
    private record InKernel(byte[] labels, byte[] prefix, String[] names, ServiceStats stats) {}

    private static void ipvs(TextFormat out, StatusSnapshot s) {
        Map<ServiceKey, ServiceStats> kernel = new HashMap<>(s.kernel().size() * 4 / 3 + 1);
        for (ServiceStats st : s.kernel()) kernel.put(st.key(), st);
        List<InKernel> rows = new ArrayList<>();
        for (VirtualServer v : s.served()) {
            ServiceStats st = kernel.get(DesiredTables.serviceKey(v));
            if (st == null) continue;
            String[] names = new String[st.destinations().size()];
            for (int i = 0; i < names.length; i++) {
                ServiceStats.DestinationStats d = st.destinations().get(i);
                names[i] = realServer(v, d.key().address(), d.key().port());
            }
            rows.add(new InKernel(labels("virtual_server", v.name()), prefix(v), names, st));
        }
        vsCounters(out, rows);
        String p = "fulcrum_ipvs_real_server_";
        out.family(p + "connections_total", "counter", "Connections the kernel sent to the real server.");
        perDestination(
                out, rows, p + "connections_total", CLOSE, d -> d.counters().connections());
        out.family(
                p + "active_connections", "gauge", "The real server's established connections (ipvsadm ActiveConn).");
        perDestination(out, rows, p + "active_connections", CLOSE, ServiceStats.DestinationStats::activeConnections);
        out.family(p + "inactive_connections", "gauge", "The real server's other connections (ipvsadm InActConn).");
        perDestination(
                out, rows, p + "inactive_connections", CLOSE, ServiceStats.DestinationStats::inactiveConnections);
        out.family(p + "packets_total", "counter", "Packets to (in) and from (out) the real server.");
        perDestination(out, rows, p + "packets_total", IN, d -> d.counters().packetsIn());
        perDestination(out, rows, p + "packets_total", OUT, d -> d.counters().packetsOut());
        out.family(p + "bytes_total", "counter", "Bytes to (in) and from (out) the real server.");
        perDestination(out, rows, p + "bytes_total", IN, d -> d.counters().bytesIn());
        perDestination(out, rows, p + "bytes_total", OUT, d -> d.counters().bytesOut());
        out.family(p + "weight", "gauge", "The real server's weight in the kernel (0: takes no new connections).");
        perDestination(out, rows, p + "weight", CLOSE, ServiceStats.DestinationStats::weight);
    }

    private static void perDestination(
            TextFormat out,
            List<InKernel> rows,
            String name,
            byte[] suffix,
            ToLongFunction<ServiceStats.DestinationStats> value) {
        byte[] n = name(name);
        for (InKernel row : rows) {
            List<ServiceStats.DestinationStats> ds = row.stats().destinations();
            for (int i = 0; i < row.names().length; i++) {
                if (row.names()[i] != null)
                    out.sample(n, row.prefix(), row.names()[i], suffix, value.applyAsLong(ds.get(i)));
            }
        }
    }

    private static void vsCounters(TextFormat out, List<InKernel> rows) {
        String p = "fulcrum_ipvs_virtual_server_";
        out.family(p + "connections_total", "counter", "Connections the kernel scheduled for the virtual server.");
        for (InKernel r : rows)
            out.sample(p + "connections_total", r.labels(), r.stats().counters().connections());
        out.family(p + "packets_total", "counter", "Packets to (in) and from (out) the virtual server.");
        for (InKernel r : rows) {
            out.sample(
                    p + "packets_total",
                    with(r.labels(), "direction", "in"),
                    r.stats().counters().packetsIn());
            out.sample(
                    p + "packets_total",
                    with(r.labels(), "direction", "out"),
                    r.stats().counters().packetsOut());
        }
        out.family(p + "bytes_total", "counter", "Bytes to (in) and from (out) the virtual server.");
        for (InKernel r : rows) {
            out.sample(
                    p + "bytes_total",
                    with(r.labels(), "direction", "in"),
                    r.stats().counters().bytesIn());
            out.sample(
                    p + "bytes_total",
                    with(r.labels(), "direction", "out"),
                    r.stats().counters().bytesOut());
        }
        out.family(p + "connections_per_second", "gauge", "The kernel's estimate of new connections per second.");
        for (InKernel r : rows)
            out.sample(
                    p + "connections_per_second",
                    r.labels(),
                    r.stats().counters().connectionsPerSecond());
        out.family(p + "packets_per_second", "gauge", "The kernel's estimate of packets per second, in and out.");
        for (InKernel r : rows) {
            ServiceStats.Counters c = r.stats().counters();
            out.sample(p + "packets_per_second", with(r.labels(), "direction", "in"), c.packetsInPerSecond());
            out.sample(p + "packets_per_second", with(r.labels(), "direction", "out"), c.packetsOutPerSecond());
        }
        out.family(p + "bytes_per_second", "gauge", "The kernel's estimate of bytes per second, in and out.");
        for (InKernel r : rows) {
            ServiceStats.Counters c = r.stats().counters();
            out.sample(p + "bytes_per_second", with(r.labels(), "direction", "in"), c.bytesInPerSecond());
            out.sample(p + "bytes_per_second", with(r.labels(), "direction", "out"), c.bytesOutPerSecond());
        }
    }

    private void health(TextFormat out, StatusSnapshot s) {
        out.family(
                "fulcrum_virtual_server_serving_real_servers",
                "gauge",
                "Real servers taking new connections (healthy, weight above 0, not draining; not the sorry server).");
        for (VirtualServer v : s.served())
            out.sample(
                    "fulcrum_virtual_server_serving_real_servers",
                    labels("virtual_server", v.name()),
                    s.health().servingRealServers(v));
        List<byte[]> prefixes = new ArrayList<>(s.served().size());
        List<RealServerHealth[]> health = new ArrayList<>(s.served().size());
        for (VirtualServer v : s.served()) {
            prefixes.add(prefix(v));
            RealServerHealth[] h = new RealServerHealth[v.realServers().size()];
            for (int i = 0; i < h.length; i++)
                h[i] = s.health().get(v.name(), v.realServers().get(i).name());
            health.add(h);
        }
        out.family(
                "fulcrum_health_up",
                "gauge",
                "1 when the real server is healthy (or has no check), 0 when its checks took it down.");
        byte[] n = name("fulcrum_health_up");
        for (int k = 0; k < prefixes.size(); k++) {
            List<RealServer> rs = s.served().get(k).realServers();
            RealServerHealth[] h = health.get(k);
            for (int i = 0; i < h.length; i++)
                out.sample(n, prefixes.get(k), rs.get(i).name(), CLOSE, h[i] == null || h[i].up() ? 1 : 0);
        }
        out.family(
                "fulcrum_health_check_duration_seconds",
                "gauge",
                "How long the real server's last health check took (all its attempts).");
        n = name("fulcrum_health_check_duration_seconds");
        for (int k = 0; k < prefixes.size(); k++) {
            List<RealServer> rs = s.served().get(k).realServers();
            RealServerHealth[] h = health.get(k);
            for (int i = 0; i < h.length; i++) {
                if (h[i] != null && h[i].checked() && h[i].last() != null)
                    out.sample(
                            n,
                            prefixes.get(k),
                            rs.get(i).name(),
                            CLOSE,
                            h[i].last().took().toNanos() / 1e9);
            }
        }
        out.family(
                "fulcrum_health_transitions_total",
                "counter",
                "Real servers the health checker took up or down, by the new state.");
        for (String to : List.of("up", "down")) {
            LongAdder a = healthChanges.get(to);
            out.sample("fulcrum_health_transitions_total", labels("to", to), a == null ? 0 : a.sum());
        }
    }

    private void vrrp(TextFormat out, StatusSnapshot s) {
        List<AgentVrrp.GroupStatus> groups = s.vrrp();
        out.family(
                "fulcrum_vrrp_state",
                "gauge",
                "1 for the VRRP group's current state (init, backup, master, fault), 0 for the others.");
        for (AgentVrrp.GroupStatus g : groups)
            for (State st : State.values())
                out.sample(
                        "fulcrum_vrrp_state", labels("group", g.group(), "state", state(st)), g.state() == st ? 1 : 0);
        out.family("fulcrum_vrrp_priority", "gauge", "This director's configured priority in the group.");
        for (AgentVrrp.GroupStatus g : groups)
            out.sample("fulcrum_vrrp_priority", labels("group", g.group()), g.priority());
        out.family(
                "fulcrum_vrrp_effective_priority",
                "gauge",
                "The priority it advertises now: changed by tracked interfaces, scripts and virtual servers.");
        for (AgentVrrp.GroupStatus g : groups)
            out.sample("fulcrum_vrrp_effective_priority", labels("group", g.group()), g.effectivePriority());
        out.family(
                "fulcrum_vrrp_state_since_seconds", "gauge", "When the group entered its current state (Unix time).");
        for (AgentVrrp.GroupStatus g : groups)
            out.sample(
                    "fulcrum_vrrp_state_since_seconds",
                    labels("group", g.group()),
                    g.since().toEpochMilli() / 1000.0);
        out.family("fulcrum_vrrp_transitions_total", "counter", "State changes of the group, by the state entered.");
        for (AgentVrrp.GroupStatus g : groups) {
            Map<State, LongAdder> t = transitions.getOrDefault(g.group(), Map.of());
            for (State st : State.values()) {
                LongAdder a = t.get(st);
                out.sample(
                        "fulcrum_vrrp_transitions_total",
                        labels("group", g.group(), "to", state(st)),
                        a == null ? 0 : a.sum());
            }
        }
        Map<String, Counters> counters = s.vrrpCounters();
        counter(out, counters, "fulcrum_vrrp_adverts_sent_total", "Adverts the group sent.", Counters::advertsSent);
        counter(
                out,
                counters,
                "fulcrum_vrrp_adverts_received_total",
                "Valid adverts the group received.",
                Counters::advertsReceived);
        counter(
                out,
                counters,
                "fulcrum_vrrp_priority_zero_sent_total",
                "Adverts with priority 0 (master stepping down) the group sent.",
                Counters::priorityZeroSent);
        counter(
                out,
                counters,
                "fulcrum_vrrp_priority_zero_received_total",
                "Adverts with priority 0 the group received.",
                Counters::priorityZeroReceived);
        counter(
                out,
                counters,
                "fulcrum_vrrp_become_master_total",
                "Times the group became master.",
                Counters::becameMaster);
        counter(
                out,
                counters,
                "fulcrum_vrrp_release_master_total",
                "Times the group stopped being master.",
                Counters::releasedMaster);
        counter(
                out,
                counters,
                "fulcrum_vrrp_auth_failures_total",
                "Adverts dropped for a wrong authentication type or password (RFC 3768 §5.3.6).",
                c -> c.dropped(DropReason.AUTH_TYPE) + c.dropped(DropReason.AUTH_PASSWORD));
        out.family("fulcrum_vrrp_adverts_dropped_total", "counter", "Adverts the group dropped, by reason.");
        counters.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            for (DropReason r : DropReason.values())
                out.sample(
                        "fulcrum_vrrp_adverts_dropped_total",
                        labels("group", e.getKey(), "reason", r.name().toLowerCase(Locale.ROOT)),
                        e.getValue().dropped(r));
        });
        out.family(
                "fulcrum_vrrp_script_up",
                "gauge",
                "1 when the group's track script succeeds (by its rise and fall), 0 when it fails; absent before its"
                        + " first result.");
        s.trackScripts().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> e.getValue()
                        .forEach((script, h) -> out.sample(
                                "fulcrum_vrrp_script_up",
                                labels("group", e.getKey(), "script", script),
                                h == Health.UP ? 1 : 0)));
    }

    private static void counter(
            TextFormat out, Map<String, Counters> counters, String name, String help, ToLongFunction<Counters> value) {
        out.family(name, "counter", help);
        byte[] n = name(name);
        counters.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.sample(n, labels("group", e.getKey()), value.applyAsLong(e.getValue())));
    }

    /** The real server (or "sorry-server") at that kernel destination, or null for one the document does not name. */
    private static String realServer(VirtualServer v, InetAddress address, int port) {
        for (RealServer r : v.realServers()) {
            if (r.address().equals(address) && Validator.effectivePort(v, r) == port) return r.name();
        }
        if (v.sorryServer() != null
                && v.sorryServer().address().equals(address)
                && Validator.effectivePort(v, v.sorryServer()) == port) return "sorry-server";
        return null;
    }
}
