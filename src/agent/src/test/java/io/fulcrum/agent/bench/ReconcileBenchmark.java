package io.fulcrum.agent.bench;

import io.fulcrum.agent.kernel.NetlinkIpvsKernel;
import io.fulcrum.agent.reconcile.IpvsKernel;
import io.fulcrum.agent.reconcile.Planner;
import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.agent.reconcile.Step;
import io.fulcrum.agent.table.Destination;
import io.fulcrum.agent.table.Service;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.agent.table.Table;
import io.fulcrum.model.Enums;
import io.fulcrum.netlink.NetlinkSocket;
import io.fulcrum.netlink.ipvs.IpvsClient;
import io.fulcrum.runtime.ProcFigures;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Benchmark (not a test), run inside the kernel lab by src/benchmarks/ipvs-reconcile.sh: for N
 * services x D destinations, the agent's cold apply, a restarted agent's no-change reconcile (one
 * dump), a single weight change (one request, no dump), and ipvsadm -R restoring the same rules in
 * the same VM, with the ratios; and ipvsadm -Ln, which makes the same dumps as a no-change
 * reconcile. Only this benchmark forks ipvsadm: the product never does.
 * <p>
 * The no-change reconcile is split: the time spent in the socket's send and receive (native I/O,
 * {@link TimedTransport}) and the rest (Java). With {@code --out DIR} the kernel's replies of a
 * no-change reconcile are also recorded to DIR ({@link NetlinkRecording}) and replayed in the VM;
 * {@code --replay DIR}, run on the host afterwards, replays them there and prints the figure outside
 * emulation: the host's Java side plus the VM's native I/O divided by the lab's slowdown, which is
 * measured on this very code (the same replay in the VM over the host).
 */
public final class ReconcileBenchmark {
    /** How often the recorded dump is replayed in the VM (after one more run to warm up); the median is printed. */
    static final int VM_REPLAYS = 5;

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--replay")) {
            replayOnHost(Path.of(args[1]));
            return;
        }
        Path out = null;
        int first = 0;
        if (args.length >= 2 && args[0].equals("--out")) {
            out = Path.of(args[1]);
            first = 2;
        }
        int dests = 10;
        // the agent is a daemon: the table arrives at a running JVM. Warm it (and jnr-ffi's stubs) with a small
        // apply first, timed on its own, so that "cold apply" measures applying a table to an empty kernel.
        long w0 = System.nanoTime();
        try (IpvsClient client = IpvsClient.open()) {
            ipvsadm("-C");
            new Reconciler(new NetlinkIpvsKernel(client), Set.of(), false, owned -> {}).reconcile(table(200, dests));
            ipvsadm("-C");
        }
        System.out.printf(
                "JVM warm-up: a first apply of 200x%d took %.0f ms (a new JVM's first apply, not counted below)%n",
                dests, (System.nanoTime() - w0) / 1e6);
        System.out.printf(
                "%-12s %12s %12s %8s %14s %12s %12s %12s %8s %12s %10s %16s%n",
                "services",
                "cold apply",
                "ipvsadm -R",
                "ratio",
                "no-change",
                "(native I/O",
                "Java)",
                "ipvsadm -Ln",
                "ratio",
                "one change",
                "requests",
                "RSS (peak)");
        for (int i = first; i < args.length; i++) run(Integer.parseInt(args[i]), dests, out);
    }

    static void run(int services, int dests, Path out) throws Exception {
        Table desired = table(services, dests);
        Table changed = withWeight(desired, 7);
        ipvsadm("-C");
        TimedTransport io = new TimedTransport(NetlinkSocket.openGeneric());
        try (IpvsClient client = IpvsClient.connect(io)) {
            Counting kernel = new Counting(new NetlinkIpvsKernel(client));
            long coldNs = coldApply(kernel, desired);

            Reconciler restarted = new Reconciler(kernel, desired.services().keySet(), false, owned -> {});
            kernel.requests = 0;
            io.reset();
            long t0 = System.nanoTime();
            var noop = restarted.reconcile(desired);
            long noopNs = System.nanoTime() - t0;
            long noopIoNs = io.nanos;
            int noopDatagrams = io.sends + io.receives;
            if (!noop.plan().steps().isEmpty() || kernel.requests != 0)
                throw new IllegalStateException("no-change reconcile changed something");

            kernel.requests = 0;
            int dumps = kernel.dumps;
            t0 = System.nanoTime();
            restarted.reconcile(changed);
            long oneNs = System.nanoTime() - t0;
            int oneRequests = kernel.requests;
            if (kernel.dumps != dumps) throw new IllegalStateException("a single change dumped the table");
            String status = ProcFigures.status(ProcessHandle.current().pid());
            long rss = ProcFigures.statusKb(status, "VmRSS");
            long peak = ProcFigures.statusKb(status, "VmHWM");
            restarted = null; // the replays below hold their own picture of the table; not two at once

            // the same dumps on file, replayed without the kernel: the Java side alone, here and (bench script) on the
            // host
            Replayed replayed = out == null ? null : recordAndReplay(services, dests, changed, out);

            // the same rules restored by ipvsadm, timed in the same VM
            Path rules = Files.createTempFile("ipvs-rules", ".txt");
            try (PrintWriter w = new PrintWriter(rules.toFile())) {
                desired.services().forEach((k, e) -> {
                    String vip = k.address().getHostAddress() + ":" + k.port();
                    w.println("-A -t " + vip + " -s wrr");
                    e.destinations()
                            .values()
                            .forEach(d -> w.println("-a -t " + vip + " -r "
                                    + d.address().getHostAddress() + ":" + d.port() + " -m -w " + d.weight()));
                });
            }
            // the same dumps as a no-change reconcile (the services, then each one's destinations), by ipvsadm
            t0 = System.nanoTime();
            ipvsadm("-Ln");
            long listNs = System.nanoTime() - t0;
            ipvsadm("-C");
            t0 = System.nanoTime();
            ProcessBuilder pb = new ProcessBuilder("ipvsadm", "-R")
                    .redirectInput(rules.toFile())
                    .redirectErrorStream(true);
            Process p = pb.start();
            String text = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) throw new IllegalStateException("ipvsadm -R failed: " + text);
            long restoreNs = System.nanoTime() - t0;
            Files.delete(rules);
            ipvsadm("-C");

            System.out.printf(
                    "%-12s %10.0fms %10.0fms %8.2f %12.0fms %10.0fms %10.0fms %10.0fms %8.2f %10.2fms %10d %7dMB (%dMB)%n",
                    services + "x" + dests,
                    coldNs / 1e6,
                    restoreNs / 1e6,
                    (double) coldNs / restoreNs,
                    noopNs / 1e6,
                    noopIoNs / 1e6,
                    (noopNs - noopIoNs) / 1e6,
                    listNs / 1e6,
                    (double) noopNs / listNs,
                    oneNs / 1e6,
                    oneRequests,
                    rss / 1024,
                    peak / 1024);
            System.out.printf(
                    "%-12s no-change: %d datagrams sent and received; %s%n",
                    "",
                    noopDatagrams,
                    replayed == null
                            ? "not recorded (no --out)"
                            : String.format(
                                    "the recorded dump (%.1f MB) replayed in this VM, Java side only: "
                                            + "median %.0f ms of %d runs",
                                    replayed.megabytes, replayed.medianNs / 1e6, VM_REPLAYS));
            if (out != null) {
                Properties r = new Properties();
                r.setProperty("services", String.valueOf(services));
                r.setProperty("dests", String.valueOf(dests));
                r.setProperty("vm.noChangeNs", String.valueOf(noopNs));
                r.setProperty("vm.noChangeIoNs", String.valueOf(noopIoNs));
                r.setProperty("vm.replayMedianNs", String.valueOf(replayed.medianNs));
                r.setProperty("vm.ipvsadmListNs", String.valueOf(listNs));
                try (var w = Files.newBufferedWriter(out.resolve("vm-" + services + ".properties"))) {
                    r.store(w, "ReconcileBenchmark in the kernel lab");
                }
            }
        }
    }

    record Replayed(long medianNs, double megabytes) {}

    /**
     * Records a no-change reconcile's netlink conversation (a new client: family lookup, the service dump, one
     * destination dump per service) to {@code out/dump-N.bin}, then replays it {@link #VM_REPLAYS} times (after one
     * untimed run) in this JVM: the Java side without the kernel, to compare with the same replay on the host.
     */
    static Replayed recordAndReplay(int services, int dests, Table desired, Path out) throws IOException {
        Path local =
                Path.of("/dev/shm/ipvs-dump-" + services + ".bin"); // tmpfs in the lab: recording and mapping are quick
        try (IpvsClient recording =
                IpvsClient.connect(new NetlinkRecording.Recorder(NetlinkSocket.openGeneric(), local))) {
            var r = new Reconciler(
                            new NetlinkIpvsKernel(recording), desired.services().keySet(), false, owned -> {})
                    .reconcile(desired);
            if (!r.plan().steps().isEmpty())
                throw new IllegalStateException("recorded reconcile was not a no-change one");
        }
        NetlinkRecording.Tape tape = new NetlinkRecording.Tape(local);
        long median = medianNs(tape, desired, 1, VM_REPLAYS);
        Files.copy(local, out.resolve("dump-" + services + ".bin"), StandardCopyOption.REPLACE_EXISTING);
        Files.delete(local);
        return new Replayed(median, tape.receivedBytes / 1e6);
    }

    /** One no-change reconcile over a replayed dump, as a restarted agent runs it: the dump (parse, table) and the plan. */
    static long replayOnce(NetlinkRecording.Tape tape, Table desired) {
        long t0 = System.nanoTime();
        try (IpvsClient client = IpvsClient.connect(tape.replay())) {
            var r = new Reconciler(
                            new NetlinkIpvsKernel(client), desired.services().keySet(), false, owned -> {})
                    .reconcile(desired);
            if (!r.plan().steps().isEmpty())
                throw new IllegalStateException(
                        "replayed reconcile planned " + r.plan().steps().size() + " steps");
        }
        return System.nanoTime() - t0;
    }

    static long medianNs(NetlinkRecording.Tape tape, Table desired, int warmups, int runs) {
        for (int i = 0; i < warmups; i++) replayOnce(tape, desired);
        long[] ns = new long[runs];
        for (int i = 0; i < runs; i++) ns[i] = replayOnce(tape, desired);
        return median(ns);
    }

    static long median(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /**
     * On the host (bench script, after the lab): replays each recording of {@code dir} with a warm JIT, prints the
     * median, the lab's slowdown for this very code (the same replay's median in the VM over the host's), and the
     * no-change reconcile outside emulation: the host's Java side plus the VM's native I/O divided by that slowdown.
     */
    static void replayOnHost(Path dir) throws Exception {
        List<Path> results;
        try (var s = Files.list(dir)) {
            results = s.filter(f -> f.getFileName().toString().matches("vm-\\d+\\.properties"))
                    .sorted(Comparator.comparingInt(
                            f -> Integer.parseInt(f.getFileName().toString().replaceAll("\\D", ""))))
                    .toList();
        }
        if (results.isEmpty()) throw new IllegalStateException("no recordings in " + dir);
        // other load on this host inflates the host's medians, so it shrinks the slowdown and grows the estimate
        System.out.println("host load average (1, 5, 15 min): "
                + Files.readString(Path.of("/proc/loadavg")).trim() + "; "
                + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.printf(
                "%-12s %12s %14s %12s %10s %14s %12s %16s %10s%n",
                "services",
                "host Java",
                "(dump / plan)",
                "VM replay",
                "slowdown",
                "VM native I/O",
                "I/O / slow.",
                "no-change est.",
                "goal <1s");
        for (Path f : results) {
            Properties vm = new Properties();
            try (var r = Files.newBufferedReader(f)) {
                vm.load(r);
            }
            int services = Integer.parseInt(vm.getProperty("services"));
            int dests = Integer.parseInt(vm.getProperty("dests"));
            NetlinkRecording.Tape tape = new NetlinkRecording.Tape(dir.resolve("dump-" + services + ".bin"));
            Table desired; // what the lab's kernel held when recorded: the replayed reconcile then plans nothing, as
            // there
            try (IpvsClient client = IpvsClient.connect(tape.replay())) {
                desired = new NetlinkIpvsKernel(client).dump();
            }
            int runs = services > 5000 ? 9 : 15;
            for (int i = 0; i < runs; i++) replayOnce(tape, desired); // warm-up
            long[] hostRuns = new long[runs];
            for (int i = 0; i < runs; i++) hostRuns[i] = replayOnce(tape, desired);
            long hostNs = median(hostRuns);
            // the two halves, for the record: the dump alone (netlink parse, table) and the plan alone
            Table actual = null;
            long[] dumpNs = new long[runs];
            for (int i = 0; i < runs; i++) {
                actual =
                        null; // one picture at a time, as in a reconcile: three 10k x 10 tables crowd the agent's 96 MB
                // heap
                long t0 = System.nanoTime();
                try (IpvsClient client = IpvsClient.connect(tape.replay())) {
                    actual = new NetlinkIpvsKernel(client).dump();
                }
                dumpNs[i] = System.nanoTime() - t0;
            }
            long[] planNs = new long[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                Planner.plan(desired, actual, desired.services().keySet(), false);
                planNs[i] = System.nanoTime() - t0;
            }
            long vmReplay = Long.parseLong(vm.getProperty("vm.replayMedianNs"));
            long vmIo = Long.parseLong(vm.getProperty("vm.noChangeIoNs"));
            double slowdown = (double) vmReplay / hostNs;
            double estimate = hostNs + vmIo / slowdown;
            System.out.printf(
                    "%-12s %10.0fms %6.0f / %3.0fms %10.0fms %9.1fx %12.0fms %10.0fms %14.0fms %10s%n",
                    services + "x" + dests,
                    hostNs / 1e6,
                    median(dumpNs) / 1e6,
                    median(planNs) / 1e6,
                    vmReplay / 1e6,
                    slowdown,
                    vmIo / 1e6,
                    vmIo / slowdown / 1e6,
                    estimate / 1e6,
                    estimate < 1e9 ? "met" : "not met");
            System.out.printf(
                    "%-12s (host Java fastest run %.0f ms; VM: no-change %.0f ms, ipvsadm -Ln %.0f ms; %.1f MB of replies, %d datagrams;"
                            + " medians of %d runs after %d)%n",
                    "",
                    Arrays.stream(hostRuns).min().getAsLong() / 1e6,
                    Long.parseLong(vm.getProperty("vm.noChangeNs")) / 1e6,
                    Long.parseLong(vm.getProperty("vm.ipvsadmListNs")) / 1e6,
                    tape.receivedBytes / 1e6,
                    tape.datagrams(),
                    runs,
                    runs);
        }
    }

    /**
     * A new agent's first apply on an empty kernel, in ns. Its own method, so that the cold reconciler (and
     * its picture of the table) is garbage afterwards: the RSS below is what one agent holds, not two.
     */
    static long coldApply(IpvsKernel kernel, Table desired) {
        long t0 = System.nanoTime();
        Reconciler cold = new Reconciler(kernel, Set.of(), false, owned -> {});
        if (!cold.reconcile(desired).converged()) throw new IllegalStateException("cold apply failed");
        return System.nanoTime() - t0;
    }

    static Table table(int services, int dests) throws UnknownHostException {
        Table.Builder b = new Table.Builder();
        for (int i = 0; i < services; i++) {
            ServiceKey k = ServiceKey.inet(ip(10, 100 + i / 65536, (i / 256) % 256, i % 256), 80, Enums.Protocol.TCP);
            b.service(new Service(k, Enums.Scheduler.WRR, Set.of(), null, 32, false));
            for (int d = 0; d < dests; d++) {
                b.destination(
                        k,
                        new Destination(
                                ip(10, 200 + d, (i / 256) % 256, i % 256),
                                8080,
                                Enums.Forwarding.NAT,
                                null,
                                null,
                                null,
                                1,
                                0,
                                0,
                                false,
                                0));
            }
        }
        return b.build();
    }

    /**
     * {@code t} with the weight of the first service's first destination changed. Always the same one: a table's
     * iteration order differs from JVM to JVM, and the host replays what the lab recorded.
     */
    static Table withWeight(Table t, int weight) throws UnknownHostException {
        ServiceKey service = ServiceKey.inet(ip(10, 100, 0, 0), 80, Enums.Protocol.TCP);
        Destination.Key dest = new Destination.Key(ip(10, 200, 0, 0), 8080);
        Table.Builder b = new Table.Builder();
        for (var e : t.services().values()) {
            b.service(e.service());
            for (Destination d : e.destinations().values()) {
                b.destination(
                        e.service().key(),
                        e.service().key().equals(service) && d.key().equals(dest) ? d.withWeight(weight) : d);
            }
        }
        return b.build();
    }

    static InetAddress ip(int a, int b, int c, int d) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    }

    static void ipvsadm(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "ipvsadm";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(new File("/dev/null"))
                .start();
        if (p.waitFor() != 0) throw new IllegalStateException("ipvsadm failed");
    }

    /** Counts the requests and dumps that reach the kernel. */
    static final class Counting implements IpvsKernel {
        final IpvsKernel inner;
        int requests;
        int dumps;

        Counting(IpvsKernel inner) {
            this.inner = inner;
        }

        @Override
        public Table dump() {
            dumps++;
            return inner.dump();
        }

        @Override
        public void apply(Step step) {
            requests++;
            inner.apply(step);
        }
    }
}
