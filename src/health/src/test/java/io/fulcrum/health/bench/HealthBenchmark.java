package io.fulcrum.health.bench;

import io.fulcrum.health.HealthMonitor;
import io.fulcrum.health.HealthView;
import io.fulcrum.health.decide.Health;
import io.fulcrum.health.probe.NettyProber;
import io.fulcrum.health.probe.ProbeResult;
import io.fulcrum.health.probe.Prober;
import io.fulcrum.health.schedule.LoopTimer;
import io.fulcrum.health.spec.CheckSpec;
import io.fulcrum.model.Enums;
import io.fulcrum.model.HealthCheck;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.runtime.ProcFigures;
import io.fulcrum.scripts.ScriptPolicy;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One health monitor checking N real servers (127.1.0.0/16 addresses, served by {@link BenchServer}
 * in the same loopback-only network namespace) every second, over TCP or HTTP (keep-alive off). Prints
 * checks per second, CPU of this process, RSS, and how check starts spread. Not a test: see
 * src/benchmarks/health-checks.sh (bin/fulcrum bench health).
 *
 * <p>Arguments: tcp|http, number of real servers, measured seconds, event-loop threads; system
 * property warmup.ms (default 10 s) before measuring.
 */
public final class HealthBenchmark {
    static final int PER_VS = 100;

    /** Counts probes and records start times; probe() is called on the monitor's single timer thread. */
    static final class Recording implements Prober {
        final Prober inner;
        final long[] lastStart;
        final LongAdder ok = new LongAdder();
        final LongAdder failed = new LongAdder();
        final ConcurrentHashMap<String, LongAdder> reasons = new ConcurrentHashMap<>();
        final long[] latencyBuckets = new long[64]; // probe durations, log2 of microseconds
        volatile boolean measuring;
        long started;
        final long[] phase = new long[10]; // starts per 100 ms of each second
        final List<Long> perSecond = new ArrayList<>();
        long secondStart = -1;
        long inSecond;
        final int[] gapsMicros; // |start - previous start - 1 s| per measured start
        int gaps;

        Recording(Prober inner, int servers, int seconds) {
            this.inner = inner;
            this.lastStart = new long[1 << 16];
            this.gapsMicros = new int[servers * (seconds + 3)];
        }

        static int index(CheckSpec s) {
            byte[] a = s.address().getAddress();
            return ((a[2] & 0xff) << 8 | (a[3] & 0xff));
        }

        @Override
        public CompletionStage<ProbeResult> probe(CheckSpec spec) {
            long now = System.nanoTime();
            int i = index(spec);
            if (measuring) {
                started++;
                phase[(int) ((now / 100_000_000L) % 10)]++;
                long sec = now / 1_000_000_000L;
                if (sec != secondStart) {
                    if (secondStart >= 0) perSecond.add(inSecond);
                    secondStart = sec;
                    inSecond = 0;
                }
                inSecond++;
                if (lastStart[i] != 0 && gaps < gapsMicros.length)
                    gapsMicros[gaps++] =
                            (int) Math.min(Integer.MAX_VALUE, Math.abs(now - lastStart[i] - 1_000_000_000L) / 1000);
            }
            lastStart[i] = now;
            return inner.probe(spec).whenComplete((r, e) -> {
                if (!measuring) return;
                long us = Math.max(1, (System.nanoTime() - now) / 1000);
                synchronized (latencyBuckets) {
                    latencyBuckets[63 - Long.numberOfLeadingZeros(us)]++;
                }
                if (r != null && r.ok()) {
                    ok.increment();
                } else {
                    failed.increment();
                    reasons.computeIfAbsent(r == null ? String.valueOf(e) : r.reason(), k -> new LongAdder())
                            .increment();
                }
            });
        }

        @Override
        public Set<Enums.CheckType> types() {
            return inner.types();
        }
    }

    /** utime and stime of this process in clock ticks (proc(5) /proc/pid/stat fields 14 and 15). */
    static long[] cpuTicks() throws Exception {
        String stat = ProcFigures.stat(ProcessHandle.current().pid());
        return new long[] {ProcFigures.userTicks(stat), ProcFigures.systemTicks(stat)};
    }

    static long statusKb(String key) throws Exception {
        return ProcFigures.statusKb(ProcFigures.status(ProcessHandle.current().pid()), key);
    }

    public static void main(String[] args) throws Exception {
        String type = args[0];
        int n = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        boolean http = type.equals("http");
        int port = http ? BenchServer.HTTP_PORT : BenchServer.TCP_PORT;

        HealthCheck check = new HealthCheck(
                http ? Enums.CheckType.HTTP : Enums.CheckType.TCP,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                1,
                Duration.ofSeconds(1),
                3,
                1,
                null,
                null,
                null,
                false,
                http
                        ? new HealthCheck.Http(
                                List.of(new HealthCheck.Url(
                                        "/", List.of(HealthCheck.StatusRange.of(200)), null, null, null)),
                                null,
                                null,
                                null)
                        : null,
                null,
                null,
                null,
                null);
        List<VirtualServer> vss = new ArrayList<>();
        for (int v = 0; v * PER_VS < n; v++) {
            List<RealServer> rs = new ArrayList<>();
            for (int i = v * PER_VS; i < Math.min(n, (v + 1) * PER_VS); i++) {
                InetAddress a = InetAddress.getByAddress(new byte[] {127, 1, (byte) (i >> 8), (byte) i});
                rs.add(new RealServer(
                        "r" + i,
                        null,
                        Map.of(),
                        a,
                        port,
                        1,
                        0,
                        0,
                        null,
                        null,
                        false,
                        Enums.AdminState.ENABLED,
                        null,
                        null));
            }
            vss.add(new VirtualServer(
                    "vs" + v,
                    null,
                    Map.of(),
                    new VirtualServer.InetService(InetAddress.getByName("192.0.2.1"), 20000 + v, Enums.Protocol.TCP),
                    Enums.Scheduler.WLC,
                    Set.of(),
                    Enums.Forwarding.NAT,
                    null,
                    null,
                    false,
                    check,
                    null,
                    1,
                    0,
                    null,
                    null,
                    false,
                    null,
                    List.of("bench"),
                    rs));
        }

        NioEventLoopGroup group = new NioEventLoopGroup(threads, new DefaultThreadFactory("fulcrum-health", true));
        Recording rec = new Recording(new NettyProber(group, null), n, seconds);
        HealthMonitor monitor = new HealthMonitor(
                new LoopTimer(group.next(), Clock.systemUTC()),
                rec,
                ScriptPolicy.none(),
                () -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
        long t0 = System.nanoTime();
        monitor.update(vss);
        long updateMs = (System.nanoTime() - t0) / 1_000_000;
        Thread.sleep(Long.getLong(
                "warmup.ms", 10_000)); // every check has run several rounds, the JIT has compiled the hot paths
        rec.measuring = true;
        long[] cpu0 = cpuTicks();
        long w0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        rec.measuring = false;
        long w1 = System.nanoTime();
        long[] cpu1 = cpuTicks();
        HealthView view = monitor.view();
        long down = view.realServers().values().stream()
                .filter(h -> h.health() == Health.DOWN)
                .count();
        long rss = statusKb("VmRSS");
        long hwm = statusKb("VmHWM");
        monitor.close();

        double wall = (w1 - w0) / 1e9;
        double user = (cpu1[0] - cpu0[0]) / 100.0; // USER_HZ = 100
        double sys = (cpu1[1] - cpu0[1]) / 100.0;
        double cpu = user + sys;
        long done = rec.ok.sum() + rec.failed.sum();
        int[] gaps = Arrays.copyOf(rec.gapsMicros, rec.gaps);
        Arrays.sort(gaps);
        List<Long> ps = rec.perSecond.size() > 2 ? rec.perSecond.subList(1, rec.perSecond.size()) : rec.perSecond;
        double mean = Arrays.stream(rec.phase).average().orElse(0);
        double sd = Math.sqrt(Arrays.stream(rec.phase)
                .mapToDouble(c -> (c - mean) * (c - mean))
                .average()
                .orElse(0));
        System.out.printf("%s servers=%d threads=%d measured=%.1fs update=%dms%n", type, n, threads, wall, updateMs);
        System.out.printf(
                "  checks/s=%.0f (ok %d, failed %d; started %d), down at end=%d%n",
                done / wall, rec.ok.sum(), rec.failed.sum(), rec.started, down);
        System.out.printf(
                "  cpu=%.2f cores (user %.2f, system %.2f), cpu per check=%.1f us%n",
                cpu / wall, user / wall, sys / wall, done == 0 ? 0 : cpu * 1e6 / done);
        System.out.printf("  rss=%d MB (peak %d MB)%n", rss / 1024, hwm / 1024);
        System.out.printf(
                "  starts per second: min %d max %d; per 100 ms of the second: min %d max %d (stddev %.1f%% of mean)%n",
                ps.stream().mapToLong(Long::longValue).min().orElse(0),
                ps.stream().mapToLong(Long::longValue).max().orElse(0),
                Arrays.stream(rec.phase).min().orElse(0),
                Arrays.stream(rec.phase).max().orElse(0),
                mean == 0 ? 0 : 100 * sd / mean);
        long total = Arrays.stream(rec.latencyBuckets).sum();
        StringBuilder lat = new StringBuilder();
        long acc = 0;
        for (double q : new double[] {0.5, 0.9, 0.99}) {
            long need = (long) Math.ceil(q * total);
            acc = 0;
            for (int b = 0; b < 64; b++) {
                acc += rec.latencyBuckets[b];
                if (acc >= need) {
                    lat.append(String.format(" p%.0f<%dus", q * 100, 1L << (b + 1)));
                    break;
                }
            }
        }
        System.out.println("  probe duration (start to verdict):" + lat);
        rec.reasons.entrySet().stream()
                .sorted((x, y) -> Long.compare(y.getValue().sum(), x.getValue().sum()))
                .limit(3)
                .forEach(x ->
                        System.out.printf("  failure: %d x %s%n", x.getValue().sum(), x.getKey()));
        if (gaps.length > 0) {
            System.out.printf(
                    "  start-to-start deviation from the 1 s interval: p50 %d us, p99 %d us, max %d us%n",
                    gaps[gaps.length / 2], gaps[(int) (gaps.length * 0.99)], gaps[gaps.length - 1]);
        }
        System.exit(0);
    }
}
