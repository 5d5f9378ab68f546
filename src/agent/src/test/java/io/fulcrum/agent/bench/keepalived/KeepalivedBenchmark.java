package io.fulcrum.agent.bench.keepalived;

import io.fulcrum.agent.bench.keepalived.Report.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark (not a test), run inside the kernel lab by src/benchmarks/keepalived.sh (bin/fulcrum bench
 * keepalived): for each case, the same configuration given to Debian's keepalived ({@code keepalived --check},
 * the file written by the project's exporter) and to Fulcrum's agent ({@code fulcrum agent --state}), one after
 * the other on the same kernel and the same responders, and printed as ratios Fulcrum / keepalived. Only this
 * benchmark forks keepalived and {@code ipvsadm -C}; its pictures of the kernel's table are its own netlink
 * dumps.
 * <p>
 * Per case: keepalived is started, timed until the kernel holds the whole table, measured in its steady state,
 * then changed once (a weight), once more (a real server added), then {@code --changes} times one after the
 * other, each change a reload (file rewritten, SIGHUP), and stopped. The agent is started the same way with the
 * launcher's default {@code --interval} (5 s) for the start and the steady state, then restarted with
 * {@code --agent-interval} (it looks at its file that often) for the changes. Then, when keepalived.sh started
 * a control plane on the host, the agent once more as the product runs it: the fleet applied through REST, the
 * agent connected over gRPC, the same changes each one REST call. Both programs run the fleet's VRRP group on
 * the {@link Segment}, where the adverts are heard and a steady client sends requests through a VIP during
 * every change.
 */
public final class KeepalivedBenchmark {
    private KeepalivedBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchOptions o;
        try {
            o = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench keepalived: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path work = Files.createDirectories(Path.of(System.getProperty("bench.dir", "/dev/shm/bench-keepalived")));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> agentOpts = Arrays.stream(
                        System.getenv().getOrDefault("AGENT_JAVA_OPTS", "").split("\\s+"))
                .filter(s -> !s.isBlank())
                .toList();
        String classpath = System.getProperty("java.class.path");
        long runStart = System.nanoTime();
        log("cases: " + o.cases() + "; steady " + o.steady() + " s, " + o.changes() + " changes"
                + (o.seriesBudget() > 0 ? " (at most " + o.seriesBudget() + " s of them)" : "") + "; agent JVM: "
                + agentOpts);
        ControlPlaneSubject.Endpoint cp =
                ControlPlaneSubject.Endpoint.from(System.getenv()).orElse(null);
        if (cp == null) log("no control plane (BENCH_CP_* not set): the changes through REST are not measured");
        else log("control plane at " + cp.http() + " (REST) and " + cp.grpc() + " (gRPC)");
        Segment.setUp();
        List<String> reports = new ArrayList<>();
        try (Responder responder = new Responder(Fleet.PORT);
                NetlinkKernel kernel = new NetlinkKernel();
                AdvertListener adverts = new AdvertListener();
                SteadyClient client = new SteadyClient()) {
            Measurements m = new Measurements(kernel, responder, adverts, client, o.timeout());
            for (BenchCase c : o.cases()) {
                long t0 = System.nanoTime();
                Report r = runCase(c, o, m, work, java, agentOpts, classpath, cp);
                String md = r.markdown();
                reports.add(md);
                System.out.println(md);
                System.out.flush();
                log(String.format(Locale.ROOT, "%s took %.0f s", c, (System.nanoTime() - t0) / 1e9));
            }
        }
        log(String.format(Locale.ROOT, "the whole run took %.0f s", (System.nanoTime() - runStart) / 1e9));
        Path out = work.resolve("report.md");
        Files.writeString(out, String.join("\n", reports));
    }

    static Report runCase(
            BenchCase c,
            BenchOptions o,
            Measurements m,
            Path work,
            String java,
            List<String> agentOpts,
            String cp,
            ControlPlaneSubject.Endpoint controlPlane)
            throws IOException, InterruptedException {
        Fleet fleet = Fleet.of(c);
        Change weight = Change.weight(fleet);
        Change added = Change.addition(weight.after());
        List<Change> rolling = new ArrayList<>();
        Fleet f = added.after();
        for (int k = 0; k < o.changes(); k++) {
            Change ch = Change.rolling(f, k);
            rolling.add(ch);
            f = ch.after();
        }
        String tag = c.services() + "x" + c.dests() + "-" + c.forwarding() + "-" + c.check();
        int settle = c.intervalSeconds() + 5;

        // keepalived
        NetlinkKernel.clear();
        CaseReport.Side k = new CaseReport.Side();
        KeepalivedSubject ka = new KeepalivedSubject(work.resolve(tag + "/keepalived"));
        ka.configTest(fleet);
        try (ka) {
            log(c + ": keepalived --config-test accepts the exported file; starting keepalived");
            k.start = m.startToComplete(ka, fleet);
            log(c + ": keepalived complete after " + Report.format(Unit.MILLIS, k.start) + "; steady state");
            k.steady = m.steady(ka, settle, o.steady(), c.intervalSeconds());
            log(c + ": keepalived " + k.steady);
            k.weight = m.one(ka, weight);
            log(c + ": keepalived weight change " + Report.format(Unit.MILLIS, k.weight.millis()));
            k.added = m.one(ka, added);
            log(c + ": keepalived added real server " + Report.format(Unit.MILLIS, k.added.millis()));
            if (!rolling.isEmpty()) {
                k.series = m.series(ka, rolling, o.seriesBudget());
                log(c + ": keepalived " + k.series.millis().size() + " changes "
                        + Report.format(Unit.MILLIS, k.series.totalMillis()));
            }
        } catch (IOException | RuntimeException e) {
            failed(c, ka, e);
        }

        // Fulcrum: start and steady state with the launcher's --interval, then the changes
        NetlinkKernel.clear();
        CaseReport.Side a = new CaseReport.Side();
        Path agentDir = work.resolve(tag + "/agent");
        try (AgentSubject agent = new AgentSubject(agentDir, java, agentOpts, cp, 5)) {
            log(c + ": agent starting");
            a.start = m.startToComplete(agent, fleet);
            log(c + ": agent complete after " + Report.format(Unit.MILLIS, a.start) + "; steady state");
            a.steady = m.steady(agent, settle, o.steady(), c.intervalSeconds());
            log(c + ": agent " + a.steady);
        } catch (IOException | RuntimeException e) {
            failed(c, null, e);
        }
        // as many as keepalived made within the budget: the same changes on every side
        int n = k.series == null ? rolling.size() : k.series.millis().size();
        try (AgentSubject agent = new AgentSubject(agentDir, java, agentOpts, cp, o.agentInterval())) {
            log(c + ": agent restarted with --interval " + o.agentInterval());
            int logFrom = agent.log().length();
            agent.start(fleet);
            // the table is still in the kernel: wait until the new agent has read its document, then a check interval
            m.waitLogged(agent, logFrom, "loaded ");
            m.waitComplete(agent, fleet, System.nanoTime());
            Measurements.sleep(settle * 1000L);
            a.weight = m.one(agent, weight);
            log(c + ": agent weight change " + Report.format(Unit.MILLIS, a.weight.millis()));
            a.added = m.one(agent, added);
            log(c + ": agent added real server " + Report.format(Unit.MILLIS, a.added.millis()));
            if (!rolling.isEmpty()) {
                a.series = m.series(agent, rolling.subList(0, n), 0);
                log(c + ": agent " + a.series.millis().size() + " changes "
                        + Report.format(Unit.MILLIS, a.series.totalMillis()));
            }
        } catch (IOException | RuntimeException e) {
            failed(c, null, e);
        }
        if (controlPlane != null)
            viaControlPlane(
                    c,
                    o,
                    m,
                    work.resolve(tag + "/agent-cp"),
                    java,
                    agentOpts,
                    cp,
                    controlPlane,
                    a,
                    rolling.subList(0, n));
        NetlinkKernel.clear();
        return CaseReport.of(c, a, k);
    }

    /**
     * Fulcrum through the control plane: the fleet applied through REST and the agent connected (timed until
     * the kernel holds the whole table), one check interval and 5 s, then the weight, the addition and the
     * series, each change one REST call.
     */
    private static void viaControlPlane(
            BenchCase c,
            BenchOptions o,
            Measurements m,
            Path dir,
            String java,
            List<String> agentOpts,
            String cp,
            ControlPlaneSubject.Endpoint endpoint,
            CaseReport.Side a,
            List<Change> rolling)
            throws InterruptedException {
        Fleet fleet = Fleet.of(c);
        Change weight = Change.weight(fleet);
        Change added = Change.addition(weight.after());
        try (ControlPlaneSubject rest = new ControlPlaneSubject(
                endpoint, new AgentSubject(dir, java, agentOpts, cp, 5), Duration.ofSeconds(o.timeout()))) {
            NetlinkKernel.clear();
            log(c + ": control plane: the document applied through REST, the agent connecting");
            a.restStart = m.startToComplete(rest, fleet);
            log(c + ": control plane: complete after " + Report.format(Unit.MILLIS, a.restStart));
            Measurements.sleep((c.intervalSeconds() + 5) * 1000L);
            a.restWeight = m.one(rest, weight);
            log(c + ": control plane: weight change " + Report.format(Unit.MILLIS, a.restWeight.millis()));
            a.restAdded = m.one(rest, added);
            log(c + ": control plane: added real server " + Report.format(Unit.MILLIS, a.restAdded.millis()));
            if (!rolling.isEmpty()) {
                a.restSeries = m.series(rest, rolling, 0);
                log(c + ": control plane: " + a.restSeries.millis().size() + " changes "
                        + Report.format(Unit.MILLIS, a.restSeries.totalMillis()));
            }
        } catch (IOException | RuntimeException e) {
            failed(c, null, e);
        }
    }

    /** A phase failed: said, with the end of the process's log; the case goes on with the figures it has. */
    private static void failed(BenchCase c, Subject s, Exception e) {
        log(c + ": FAILED: " + e);
        e.printStackTrace();
        if (s == null) return;
        try {
            log(s.name() + "'s log ends:\n" + Measurements.tail(s.log(), 3000));
        } catch (IOException ignored) {
            // no log to show
        }
    }

    static void log(String line) {
        System.err.println("bench keepalived: " + line);
    }
}
