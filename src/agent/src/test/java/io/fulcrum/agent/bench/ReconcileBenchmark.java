package io.fulcrum.agent.bench;

import io.fulcrum.agent.kernel.NetlinkIpvsKernel;
import io.fulcrum.agent.reconcile.IpvsKernel;
import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.agent.reconcile.Step;
import io.fulcrum.agent.table.Destination;
import io.fulcrum.agent.table.Service;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.agent.table.Table;
import io.fulcrum.model.Enums;
import io.fulcrum.netlink.ipvs.IpvsClient;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Benchmark (not a test), run inside the kernel lab by src/benchmarks/ipvs-reconcile.sh: for N
 * services x D destinations, the agent's cold apply, a restarted agent's no-change reconcile (one
 * dump), a single weight change (one request, no dump), and ipvsadm -R restoring the same rules in
 * the same VM, with the ratios; and ipvsadm -Ln, which makes the same dumps as a no-change
 * reconcile. Only this benchmark forks ipvsadm: the product never does.
 */
public final class ReconcileBenchmark {
    public static void main(String[] args) throws Exception {
        int dests = 10;
        // the agent is a daemon: the table arrives at a running JVM. Warm it (and jnr-ffi's stubs) with a small
        // apply first, timed on its own, so that "cold apply" measures applying a table to an empty kernel.
        long w0 = System.nanoTime();
        try (IpvsClient client = IpvsClient.open()) {
            ipvsadm("-C");
            new Reconciler(new NetlinkIpvsKernel(client), Set.of(), false, owned -> {}).reconcile(table(200, dests));
            ipvsadm("-C");
        }
        System.out.printf("JVM warm-up: a first apply of 200x%d took %.0f ms (a new JVM's first apply, not counted below)%n",
                dests, (System.nanoTime() - w0) / 1e6);
        System.out.printf("%-12s %12s %12s %8s %14s %12s %8s %12s %10s %16s%n", "services", "cold apply", "ipvsadm -R", "ratio",
                "no-change", "ipvsadm -Ln", "ratio", "one change", "requests", "RSS (peak)");
        for (String a : args) run(Integer.parseInt(a), dests);
    }

    static void run(int services, int dests) throws Exception {
        Table desired = table(services, dests);
        ipvsadm("-C");
        try (IpvsClient client = IpvsClient.open()) {
            Counting kernel = new Counting(new NetlinkIpvsKernel(client));
            long coldNs = coldApply(kernel, desired);

            Reconciler restarted = new Reconciler(kernel, desired.services().keySet(), false, owned -> {});
            kernel.requests = 0;
            long t0 = System.nanoTime();
            var noop = restarted.reconcile(desired);
            long noopNs = System.nanoTime() - t0;
            if (!noop.plan().steps().isEmpty() || kernel.requests != 0) throw new IllegalStateException("no-change reconcile changed something");

            Table changed = withWeight(desired, 7);
            kernel.requests = 0;
            int dumps = kernel.dumps;
            t0 = System.nanoTime();
            restarted.reconcile(changed);
            long oneNs = System.nanoTime() - t0;
            int oneRequests = kernel.requests;
            if (kernel.dumps != dumps) throw new IllegalStateException("a single change dumped the table");
            long rss = statusKb("VmRSS:");
            long peak = statusKb("VmHWM:");

            // the same rules restored by ipvsadm, timed in the same VM
            Path rules = Files.createTempFile("ipvs-rules", ".txt");
            try (PrintWriter w = new PrintWriter(rules.toFile())) {
                desired.services().forEach((k, e) -> {
                    String vip = k.address().getHostAddress() + ":" + k.port();
                    w.println("-A -t " + vip + " -s wrr");
                    e.destinations().values().forEach(d -> w.println("-a -t " + vip + " -r " + d.address().getHostAddress() + ":" + d.port() + " -m -w " + d.weight()));
                });
            }
            // the same dumps as a no-change reconcile (the services, then each one's destinations), by ipvsadm
            t0 = System.nanoTime();
            ipvsadm("-Ln");
            long listNs = System.nanoTime() - t0;
            ipvsadm("-C");
            t0 = System.nanoTime();
            ProcessBuilder pb = new ProcessBuilder("ipvsadm", "-R").redirectInput(rules.toFile()).redirectErrorStream(true);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) throw new IllegalStateException("ipvsadm -R failed: " + out);
            long restoreNs = System.nanoTime() - t0;
            Files.delete(rules);
            ipvsadm("-C");

            System.out.printf("%-12s %10.0fms %10.0fms %8.2f %12.0fms %10.0fms %8.2f %10.2fms %10d %7dMB (%dMB)%n", services + "x" + dests,
                    coldNs / 1e6, restoreNs / 1e6, (double) coldNs / restoreNs, noopNs / 1e6, listNs / 1e6, (double) noopNs / listNs,
                    oneNs / 1e6, oneRequests, rss / 1024, peak / 1024);
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
                b.destination(k, new Destination(ip(10, 200 + d, (i / 256) % 256, i % 256), 8080, Enums.Forwarding.NAT,
                        null, null, null, 1, 0, 0, false, 0));
            }
        }
        return b.build();
    }

    static Table withWeight(Table t, int weight) {
        Table.Builder b = new Table.Builder();
        boolean first = true;
        for (var e : t.services().values()) {
            b.service(e.service());
            for (Destination d : e.destinations().values()) {
                b.destination(e.service().key(), first ? d.withWeight(weight) : d);
                first = false;
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
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
        if (p.waitFor() != 0) throw new IllegalStateException("ipvsadm failed");
    }

    /** A size line of /proc/self/status, e.g. VmRSS: (resident now) or VmHWM: (resident at the peak), in KiB. */
    static long statusKb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }

    /** Counts the requests and dumps that reach the kernel. */
    static final class Counting implements IpvsKernel {
        final IpvsKernel inner;
        int requests;
        int dumps;

        Counting(IpvsKernel inner) { this.inner = inner; }

        @Override public Table dump() { dumps++; return inner.dump(); }

        @Override public void apply(Step step) { requests++; inner.apply(step); }
    }
}
