package io.fulcrum.agent.cli;

import io.fulcrum.agent.kernel.NetlinkIpvsKernel;
import io.fulcrum.agent.reconcile.IpvsKernel;
import io.fulcrum.agent.reconcile.OwnershipStore;
import io.fulcrum.agent.reconcile.Plan;
import io.fulcrum.agent.reconcile.PlanText;
import io.fulcrum.agent.reconcile.Planner;
import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.agent.reconcile.Step;
import io.fulcrum.agent.table.DesiredTables;
import io.fulcrum.agent.table.Table;
import io.fulcrum.health.HealthEvent;
import io.fulcrum.health.HealthMonitor;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.netlink.NetlinkException;
import io.fulcrum.netlink.NotFoundException;
import io.fulcrum.netlink.PermissionException;
import io.fulcrum.netlink.ipvs.IpvsClient;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The director agent's command line (bin/fulcrum agent, bin/fulcrum ipvs):
 * <pre>
 *   ipvs list [--json]
 *   ipvs apply FILE [--director NAME] [--dry-run] [--state-dir DIR] [--purge-foreign]
 *   agent --name NAME --state FILE [--interval SECONDS] [--state-dir DIR] [--scripts DIR] [--purge-foreign]
 * </pre>
 * Exit status: 0 done, 1 refused (bad document, kernel error), 2 bad usage.
 */
public final class AgentMain {
    static final String USAGE = """
            usage:
              fulcrum ipvs list [--json]
                  the kernel's IPVS table as the agent reads it: services, destinations, flags, counters
              fulcrum ipvs apply FILE [--director NAME] [--dry-run] [--state-dir DIR] [--purge-foreign]
                  reconcile the kernel to a configuration document (JSON or YAML) and print the plan;
                  --director: only what that director serves (default: every virtual server in FILE)
              fulcrum agent --name NAME --state FILE [--interval SECONDS] [--state-dir DIR] [--scripts DIR] [--purge-foreign]
                  run the agent from a configuration document, with no control plane: reconcile at start,
                  whenever FILE changes, and every --interval (default 5) seconds; run the VRRP groups
                  that list NAME as a member (as first loaded; a graceful handover when the agent stops);
                  health-check the real servers, taking failed ones out (or to weight 0) until they recover;
                  --scripts: the only directory misc (script) checks may run from, as an unprivileged user
              fulcrum agent --role real-server --vip ADDRESS [--vip ADDRESS...] [--forwarding dr|tun] [--state-dir DIR]
                  on a real server of a DR or TUN service (realserver.sh): the VIPs on lo (dr) or tunl0 (tun),
                  arp_ignore=1/arp_announce=2 (dr) or rp_filter=0 (tun); undone when the agent stops
            --state-dir: where the agent remembers the services it created, and as a real server what it
            changed, so that a restart after a crash still undoes it (default /var/lib/fulcrum/agent);
            it never touches other rules unless --purge-foreign, and never flushes the table.
            """;

    private AgentMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Options o = Options.parse(args);
            return switch (o.command) {
                case "ipvs list" -> list(o, out);
                case "ipvs apply" -> apply(o, out, err);
                case "agent" -> o.realServer ? realServer(o, out) : agent(o, out, err);
                default -> { out.print(USAGE); yield 0; }
            };
        } catch (UsageException e) {
            err.println("fulcrum: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (ValidationException e) {
            for (FieldError f : e.errors()) err.println("fulcrum: invalid configuration: " + (f.field().isEmpty() ? "(document)" : f.field()) + ": " + f.message());
            err.println("fulcrum: nothing was applied");
            return 1;
        } catch (PermissionException e) {
            err.println("fulcrum: the kernel refused (" + e.getMessage() + "): IPVS needs root (CAP_NET_ADMIN)");
            return 1;
        } catch (NotFoundException e) {
            err.println("fulcrum: this kernel has no IPVS (generic netlink family IPVS not found): load it with 'modprobe ip_vs'");
            return 1;
        } catch (NetlinkException e) {
            err.println("fulcrum: netlink: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("fulcrum: " + e.getMessage());
            return 1;
        }
    }

    private static int list(Options o, PrintStream out) {
        try (IpvsClient ipvs = IpvsClient.open()) {
            var rows = IpvsListing.read(ipvs);
            if (o.json) IpvsListing.printJson(rows, out);
            else IpvsListing.printText(rows, out);
        }
        return 0;
    }

    private static int apply(Options o, PrintStream out, PrintStream err) throws IOException {
        Table desired = desired(o.file, o.director);
        OwnershipStore store = new OwnershipStore(o.stateDir);
        try (IpvsClient ipvs = IpvsClient.open()) {
            IpvsKernel kernel = new NetlinkIpvsKernel(ipvs);
            if (o.dryRun) {
                Plan plan = Planner.plan(desired, kernel.dump(), store.load(), o.purgeForeign);
                print(plan, out, "would ");
                out.println(plan.steps().size() + " step(s) planned; nothing applied (--dry-run)");
                return 0;
            }
            Reconciler.Result r = new Reconciler(kernel, store.load(), o.purgeForeign, store::save).reconcile(desired);
            return report(r, out, err);
        }
    }

    private static int agent(Options o, PrintStream out, PrintStream err) throws IOException {
        OwnershipStore store = new OwnershipStore(o.stateDir);
        CountDownLatch stop = new CountDownLatch(1);
        // a health change wakes the loop at once, so a failed real server leaves IPVS within a round trip
        Semaphore wake = new Semaphore(0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { stop.countDown(); wake.release(); }, "agent-stop"));
        out.println("fulcrum agent '" + o.name + "': desired state from " + o.file + ", every " + o.interval.toSeconds()
                + " s and on change; rules are kept when the agent stops");
        try (IpvsClient ipvs = IpvsClient.open();
             HealthMonitor health = HealthMonitor.start(HealthMonitor.Options.defaults().withScripts(o.scripts))) {
            health.addListener(e -> {
                out.println(Instant.now() + " health: " + describe(e));
                wake.release();
            });
            Reconciler reconciler = new Reconciler(new NetlinkIpvsKernel(ipvs), store.load(), o.purgeForeign, store::save);
            ConfigDocument doc = null;
            Table desired = null;
            AgentVrrp vrrp = null;
            boolean vrrpStarted = false;
            FileTime seen = null;
            long round = 0;
            do {
                // a full dump now and then shows drift; draining needs fresh connection counts
                if (round++ % RESYNC_EVERY_ROUNDS == 0 || desired != null && draining(desired)) reconciler.resync();
                FileTime mtime = Files.exists(o.file) ? Files.getLastModifiedTime(o.file) : null;
                if (mtime != null && !mtime.equals(seen)) {
                    seen = mtime;
                    try {
                        ConfigDocument loaded = document(o.file);
                        loaded.requireDirector(o.name, o.file);
                        List<VirtualServer> served = loaded.servedBy(o.name);
                        health.update(served); // refuses bad checks, changing nothing
                        doc = loaded;
                        out.println(Instant.now() + " loaded " + o.file + ": " + served.size() + " service(s) for '" + o.name
                                + "', " + health.runningChecks() + " health check(s)");
                        if (!vrrpStarted) {
                            vrrpStarted = true;
                            vrrp = startVrrp(doc, o.name, out, err);
                        } else if (AgentVrrp.changed(vrrp, doc, o.name)) {
                            out.println(Instant.now() + " VRRP group changes take effect when the agent restarts");
                        }
                    } catch (ValidationException e) {
                        for (FieldError f : e.errors()) err.println(Instant.now() + " invalid configuration: " + f.field() + ": " + f.message());
                        err.println(Instant.now() + " keeping the previous desired state");
                    }
                }
                if (doc != null) {
                    desired = DesiredTables.forDirector(doc, o.name, health.view());
                    Reconciler.Result r = reconciler.reconcile(desired);
                    if (!r.plan().isEmpty() || !r.converged()) report(r, out, err);
                }
            } while (!await(stop, wake, o.interval));
        }
        out.println(Instant.now() + " stopped; the kernel's rules stay as they are");
        return 0;
    }

    private static String describe(HealthEvent e) {
        if (e instanceof HealthEvent.RealServerChanged c) {
            return "real server " + c.virtualServer() + "/" + c.realServer() + " is " + c.health().name().toLowerCase()
                    + (c.weight() != null ? " (weight " + c.weight() + ")" : "") + ": " + c.reason();
        }
        if (e instanceof HealthEvent.QuorumChanged q) {
            return "virtual server " + q.virtualServer() + (q.up() ? " has" : " lost") + " quorum: " + q.reason();
        }
        HealthEvent.SorryServerChanged s = (HealthEvent.SorryServerChanged) e;
        return "virtual server " + s.virtualServer() + ": sorry server " + (s.active() ? "in" : "out");
    }

    /** The director's VRRP groups, or null (none, or refused: reported, and the IPVS side runs on). */
    private static AgentVrrp startVrrp(ConfigDocument doc, String name, PrintStream out, PrintStream err) {
        try {
            return AgentVrrp.start(doc, name, out);
        } catch (ValidationException e) {
            for (FieldError f : e.errors()) err.println(Instant.now() + " VRRP not started: " + f.field() + ": " + f.message());
        } catch (RuntimeException e) {
            err.println(Instant.now() + " VRRP not started: " + e.getMessage());
        }
        return null;
    }

    /** How many rounds the agent relies on its picture of the kernel before dumping again. */
    static final int RESYNC_EVERY_ROUNDS = 12;

    private static boolean draining(Table t) {
        return t.services().values().stream().anyMatch(e -> e.destinations().values().stream().anyMatch(d -> d.draining()));
    }

    /** The real-server role: applied at start, held until SIGTERM/SIGINT, undone on the way out. */
    private static int realServer(Options o, PrintStream out) {
        CountDownLatch stop = new CountDownLatch(1);
        try (var network = io.fulcrum.agent.realserver.NetlinkHostNetwork.open()) {
            var role = new io.fulcrum.agent.realserver.RealServerRole(o.forwarding, o.vips, network, new io.fulcrum.agent.realserver.ProcSysctl(),
                    new io.fulcrum.agent.realserver.FileChangeJournal(o.stateDir));
            Thread hook = new Thread(() -> {
                role.stop();
                out.println(Instant.now() + " real-server role undone: " + role.changes().size() + " change(s) left");
                stop.countDown();
            }, "real-server-stop");
            role.start();
            Runtime.getRuntime().addShutdownHook(hook);
            out.println(Instant.now() + " real-server role for " + o.forwarding.name().toLowerCase() + ": " + role.changes().size()
                    + " change(s) applied; held until the agent stops");
            await(stop, Duration.ofDays(36500));
        }
        return 0;
    }

    private static boolean await(CountDownLatch stop, Duration d) {
        try {
            return stop.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Waits for the next round (the interval, or a wake-up); true when the agent is to stop. */
    private static boolean await(CountDownLatch stop, Semaphore wake, Duration d) {
        try {
            wake.tryAcquire(d.toMillis(), TimeUnit.MILLISECONDS);
            wake.drainPermits();
            return stop.getCount() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** The document's table for one director (or every virtual server when none is named). */
    static Table desired(Path file, String director) throws IOException {
        return desired(document(file), director, file);
    }

    static ConfigDocument document(Path file) throws IOException { return DocumentCodec.readDocument(file); }

    static Table desired(ConfigDocument doc, String director, Path file) {
        if (director == null) {
            Table.Builder all = new Table.Builder();
            doc.virtualServers().forEach(v -> io.fulcrum.agent.table.DesiredTables.addTo(all, v));
            return all.build();
        }
        doc.requireDirector(director, file);
        return DesiredTables.forDirector(doc, director);
    }

    private static int report(Reconciler.Result r, PrintStream out, PrintStream err) {
        print(r.plan(), out, "");
        if (r.converged()) {
            out.println(Instant.now() + " applied " + r.applied() + " step(s)");
            return 0;
        }
        r.failures().forEach((i, e) -> err.println(Instant.now() + " the kernel refused: " + PlanText.describe(r.plan().steps().get(i)) + ": " + e.getMessage()));
        err.println(Instant.now() + " applied " + r.applied() + " of " + r.plan().steps().size() + " step(s); the next reconcile starts from the kernel's table");
        return 1;
    }

    private static void print(Plan plan, PrintStream out, String prefix) {
        for (Step s : plan.steps()) out.println(prefix + PlanText.describe(s));
        for (Plan.Drift d : plan.drift()) out.println("drift: " + d.service() + ": " + d.description());
    }

    static final class UsageException extends RuntimeException {
        UsageException(String m) { super(m); }
    }

    /** The parsed command line; every default in one place. */
    static final class Options {
        String command = "help";
        boolean json;
        boolean dryRun;
        boolean purgeForeign;
        Path file;
        String director;
        String name;
        Path stateDir = Path.of("/var/lib/fulcrum/agent");
        /** The only directory health-check scripts may come from (this director's own choice); null: none. */
        Path scripts;
        Duration interval = Duration.ofSeconds(5);
        boolean realServer;
        List<java.net.InetAddress> vips = new ArrayList<>();
        io.fulcrum.model.Enums.Forwarding forwarding = io.fulcrum.model.Enums.Forwarding.DR;

        static Options parse(String[] args) {
            Options o = new Options();
            List<String> rest = new ArrayList<>(List.of(args));
            if (rest.isEmpty() || rest.get(0).equals("help") || rest.get(0).equals("--help")) return o;
            String first = rest.remove(0);
            if (first.equals("ipvs")) {
                if (rest.isEmpty()) throw new UsageException("ipvs needs 'list' or 'apply'");
                o.command = "ipvs " + rest.remove(0);
                if (!o.command.equals("ipvs list") && !o.command.equals("ipvs apply")) throw new UsageException("unknown command '" + o.command + "'");
            } else if (first.equals("agent")) {
                o.command = "agent";
            } else {
                throw new UsageException("unknown command '" + first + "'");
            }
            while (!rest.isEmpty()) {
                String a = rest.remove(0);
                switch (a) {
                    case "--json" -> o.json = true;
                    case "--dry-run" -> o.dryRun = true;
                    case "--purge-foreign" -> o.purgeForeign = true;
                    case "--director" -> o.director = value(rest, a);
                    case "--name" -> o.name = value(rest, a);
                    case "--state" -> o.file = Path.of(value(rest, a));
                    case "--state-dir" -> o.stateDir = Path.of(value(rest, a));
                    case "--scripts" -> o.scripts = Path.of(value(rest, a));
                    case "--role" -> {
                        String v = value(rest, a);
                        if (!v.equals("real-server") && !v.equals("director")) throw new UsageException("--role is director or real-server, not '" + v + "'");
                        o.realServer = v.equals("real-server");
                    }
                    case "--vip" -> {
                        String v = value(rest, a);
                        o.vips.add(io.fulcrum.model.Addresses.parse(v).orElseThrow(() -> new UsageException("--vip '" + v + "' is not an IP address")));
                    }
                    case "--forwarding" -> {
                        String v = value(rest, a);
                        if (!v.equals("dr") && !v.equals("tun")) throw new UsageException("--forwarding is dr or tun for a real server, not '" + v + "'");
                        o.forwarding = v.equals("dr") ? io.fulcrum.model.Enums.Forwarding.DR : io.fulcrum.model.Enums.Forwarding.TUN;
                    }
                    case "--interval" -> {
                        String v = value(rest, a);
                        if (!v.matches("\\d{1,6}") || Integer.parseInt(v) < 1) throw new UsageException("--interval takes whole seconds, at least 1: " + v);
                        o.interval = Duration.ofSeconds(Integer.parseInt(v));
                    }
                    default -> {
                        if (a.startsWith("--") || o.file != null || !o.command.equals("ipvs apply")) throw new UsageException("unexpected argument '" + a + "'");
                        o.file = Path.of(a);
                    }
                }
            }
            if (o.command.equals("ipvs apply") && o.file == null) throw new UsageException("ipvs apply needs a configuration document");
            if (o.command.equals("agent") && o.realServer && o.vips.isEmpty()) throw new UsageException("a real server needs at least one --vip");
            if (o.command.equals("agent") && !o.realServer && (o.name == null || o.file == null)) throw new UsageException("agent needs --name and --state");
            if (!o.command.equals("ipvs list") && o.json) throw new UsageException("--json is for 'ipvs list'");
            return o;
        }

        private static String value(List<String> rest, String option) {
            if (rest.isEmpty()) throw new UsageException(option + " needs a value");
            return rest.remove(0);
        }
    }
}
