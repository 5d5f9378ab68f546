package io.fulcrum.agent.cli;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import io.fulcrum.agent.controlplane.AppliedStateStore;
import io.fulcrum.agent.controlplane.Backoff;
import io.fulcrum.agent.controlplane.ControlPlaneClient;
import io.fulcrum.agent.controlplane.ControlPlaneTarget;
import io.fulcrum.agent.fullnat.FullnatReconciler;
import io.fulcrum.agent.fullnat.FullnatRules;
import io.fulcrum.agent.kernel.NetlinkIpvsKernel;
import io.fulcrum.agent.kernel.PollingIpvsKernel;
import io.fulcrum.agent.metrics.AgentMetrics;
import io.fulcrum.agent.metrics.MetricsServer;
import io.fulcrum.agent.metrics.SnapshotCache;
import io.fulcrum.agent.realserver.FileChangeJournal;
import io.fulcrum.agent.realserver.NetlinkHostNetwork;
import io.fulcrum.agent.realserver.ProcSysctl;
import io.fulcrum.agent.realserver.RealServerRole;
import io.fulcrum.agent.reconcile.IpvsKernel;
import io.fulcrum.agent.reconcile.OwnershipStore;
import io.fulcrum.agent.reconcile.Plan;
import io.fulcrum.agent.reconcile.Planner;
import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.agent.run.AgentLoop;
import io.fulcrum.agent.run.AgentScripts;
import io.fulcrum.agent.run.Reports;
import io.fulcrum.agent.table.DesiredTables;
import io.fulcrum.agent.table.Table;
import io.fulcrum.health.HealthMonitor;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Enums;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.netlink.NetlinkException;
import io.fulcrum.netlink.NotFoundException;
import io.fulcrum.netlink.PermissionException;
import io.fulcrum.netlink.SdNotify;
import io.fulcrum.netlink.ipvs.IpvsClient;
import io.fulcrum.netlink.nftables.Nftables;
import io.fulcrum.runtime.Logs;
import io.fulcrum.runtime.Shutdown;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The director agent's command line (bin/fulcrum agent, bin/fulcrum ipvs):
 * <pre>
 *   ipvs list [--json]
 *   ipvs apply FILE [--director NAME] [--dry-run] [--state-dir DIR] [--purge-foreign]
 *   agent --name NAME --state FILE [--interval SECONDS] [--state-dir DIR] [--scripts DIR] [--purge-foreign]
 *   agent --name NAME --control-plane URL --token-file FILE [--ca FILE] [--server-name NAME] [--status-interval SECONDS] [...]
 *   agent --config FILE [options]
 * </pre>
 * Exit status: 0 done, 1 refused (bad document, kernel error), 2 bad usage.
 *
 * <p>A command's result (the listing, the plan, a usage error) is its output on stdout/stderr; the agent
 * logs through {@link System.Logger} to stdout ({@link Logs}: text, or JSON lines with
 * FULCRUM_LOG_FORMAT=json; FULCRUM_LOG_LEVEL).
 *
 * <p>Shutdown: the agent process has one owner of its shutdown, {@link Shutdown} (the only JVM shutdown
 * hook: SIGTERM, SIGINT, or the loop's end). Parts are added as they start and closed in reverse:
 * <ul>
 *   <li>director agent: started netlink IPVS socket (one looked for again while the kernel has no IPVS),
 *       health checks, scripts and hooks, metrics endpoint, control-plane client, agent loop; closed: the
 *       loop (its round ends, its VRRP groups stop gracefully: priority 0, addresses given back; waited for
 *       at most {@value #LOOP_STOP_SECONDS} s), the control-plane stream (half-closed, channel shut down), the
 *       metrics endpoint, the scripts and hooks (STOP hooks run, at most 3 s), the health checks, the netlink
 *       socket; the kernel's IPVS rules stay;</li>
 *   <li>real server: started the rtnetlink socket, the real-server role; closed: the role (every change
 *       undone), the socket.</li>
 * </ul>
 */
public final class AgentMain {
    static {
        Logs.keepHandlersUntilExit(); // before the first logger: the last lines of a SIGTERM are logged too
    }

    private static final System.Logger LOG = System.getLogger(AgentMain.class.getName());
    /** The port of the metrics endpoint by default (on the loopback address). */
    static final int METRICS_PORT = 9444;

    /** How long the shutdown waits for the loop's round to end. */
    static final int LOOP_STOP_SECONDS = 5;

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
                  --scripts: the only directory misc checks, VRRP track scripts and notify hooks may run
                  from, as an unprivileged user
              fulcrum agent --name NAME --control-plane URL --token-file FILE [--ca FILE] [--server-name NAME]
                            [--status-interval SECONDS] [--interval SECONDS] [--state-dir DIR] [--scripts DIR] [--purge-foreign]
                  the same, with the desired state from the control plane (URL: https://HOST:PORT or HOST:PORT,
                  TLS; http://HOST:PORT, plaintext, for a loopback test); --token-file: the director's enrollment
                  token; --ca: the PEM certificate(s) to trust (default: the JVM's trust store); --server-name: the
                  name the control plane's certificate carries when it differs from HOST; a status every
                  --status-interval (default 10) seconds. The last applied state is kept in --state-dir and
                  enforced at start, also while the control plane is unreachable; it reconnects on its own
              fulcrum agent --config FILE [options]
                  options from FILE, one 'key = value' a line ('#' starts a comment), keys the long options
                  without '--' (name, control-plane, token-file, ca, server-name, status-interval, state,
                  interval, state-dir, scripts, purge-foreign, metrics-address); an option on the command line wins
              fulcrum agent --role real-server --vip ADDRESS [--vip ADDRESS...] [--forwarding dr|tun] [--state-dir DIR]
                  on a real server of a DR or TUN service (realserver.sh): the VIPs on lo (dr) or tunl0 (tun),
                  arp_ignore=1/arp_announce=2 (dr) or rp_filter=0 (tun); undone when the agent stops
            --metrics-address ADDRESS:PORT|off: where the agent serves its Prometheus metrics, GET /metrics
            (default 127.0.0.1:9444; an address that cannot be bound is logged and the agent runs on without it)
            --state-dir: where the agent remembers the services it created, and as a real server what it
            changed, so that a restart after a crash still undoes it (default /var/lib/fulcrum/agent);
            it never touches other rules unless --purge-foreign, and never flushes the table.
            """;

    private AgentMain() {}

    public static void main(String[] args) {
        try {
            Logs.configureFromEnvironment(System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("fulcrum: " + e.getMessage());
            System.exit(2);
        }
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Options o = Options.parse(args);
            return switch (o.command) {
                case "ipvs list" -> list(o, out);
                case "ipvs apply" -> apply(o, out, err);
                case "agent" -> o.realServer ? realServer(o) : agent(o);
                default -> {
                    out.print(USAGE);
                    yield 0;
                }
            };
        } catch (UsageException e) {
            err.println("fulcrum: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (ValidationException e) {
            for (FieldError f : e.errors())
                err.println("fulcrum: invalid configuration: " + (f.field().isEmpty() ? "(document)" : f.field()) + ": "
                        + f.message());
            err.println("fulcrum: nothing was applied");
            return 1;
        } catch (PermissionException e) {
            err.println("fulcrum: the kernel refused (" + e.getMessage() + "): IPVS needs root (CAP_NET_ADMIN)");
            return 1;
        } catch (NotFoundException e) {
            err.println(
                    "fulcrum: this kernel has no IPVS (generic netlink family IPVS not found): load it with 'modprobe ip_vs'");
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
        ConfigDocument doc = document(o.file);
        Table desired = desired(doc, o.director, o.file);
        OwnershipStore store = new OwnershipStore(o.stateDir);
        try (IpvsClient ipvs = IpvsClient.open()) {
            IpvsKernel kernel = new NetlinkIpvsKernel(ipvs);
            if (o.dryRun) {
                Plan plan = Planner.plan(desired, kernel.dump(), store.load(), o.purgeForeign);
                Reports.print(plan, out, "would ");
                out.println(plan.steps().size() + " step(s) planned; nothing applied (--dry-run)");
                return 0;
            }
            boolean fullnatConverged = applyFullnat(
                    doc, o.director, () -> new FullnatReconciler(Nftables::open, new ProcSysctl()), out, err);
            Reconciler.Result r = new Reconciler(kernel, store.load(), o.purgeForeign, store::save).reconcile(desired);
            int rc = Reports.report(r, out, err);
            return fullnatConverged ? rc : Math.max(rc, 1);
        }
    }

    /**
     * FULLNAT's source NAT for {@code ipvs apply}: it takes the director's addresses, so only with
     * --director; without one the rules in place are left alone (not reconciled to none). False when
     * the rules could not be put in place (reported on {@code err}).
     */
    static boolean applyFullnat(
            ConfigDocument doc,
            String director,
            Supplier<FullnatReconciler> reconciler,
            PrintStream out,
            PrintStream err) {
        if (director == null) return true;
        FullnatRules.Wanted fullnat = FullnatRules.forDirector(doc, director);
        fullnat.warnings().forEach(w -> err.println("fullnat: " + w));
        FullnatReconciler.Result f = reconciler.get().reconcile(fullnat.rules());
        if (!f.converged()) err.println("fullnat: " + f.failure().getMessage());
        else if (!f.plan().isEmpty()) out.println("fullnat: " + f.plan());
        return f.converged();
    }

    /** The director agent: the loop on this thread, its desired state from the file or the control plane. */
    private static int agent(Options o) throws IOException {
        OwnershipStore store = new OwnershipStore(o.stateDir);
        if (o.file != null) {
            LOG.log(
                    INFO,
                    "fulcrum agent '" + o.name + "': desired state from " + o.file + ", every " + o.interval.toSeconds()
                            + " s and on change; rules are kept when the agent stops");
        } else {
            LOG.log(
                    INFO,
                    "fulcrum agent '" + o.name + "': desired state from the control plane at " + o.controlPlane
                            + ", reconciled every " + o.interval.toSeconds()
                            + " s; rules are kept when the agent stops and while the control plane is unreachable");
        }
        // SIGTERM: the loop ends its round, the stream is closed, then the rest (see the class comment)
        Shutdown shutdown = new Shutdown("agent").onSignals();
        try {
            AtomicBoolean ran = new AtomicBoolean();
            shutdown.add("stop notice", () -> {
                if (ran.get()) LOG.log(INFO, "stopped; the kernel's rules stay as they are");
            });
            // a kernel without IPVS: the agent runs on (VRRP, health checks) and programs IPVS once it is there
            PollingIpvsKernel kernel = shutdown.add("netlink IPVS socket", PollingIpvsKernel.system());
            HealthMonitor health = shutdown.add("health checks", startHealth(o));
            AgentScripts scripts = shutdown.add("scripts and hooks", startScripts(o));
            AgentLoop loop = new AgentLoop(
                            o.name,
                            kernel,
                            new Reconciler(kernel, store.load(), o.purgeForeign, store::save),
                            health,
                            o.interval)
                    .scripts(scripts.scripts())
                    .stateDir(o.stateDir)
                    .fullnat(new FullnatReconciler(Nftables::open, new ProcSysctl()));
            AgentMetrics metrics = new AgentMetrics(o.name, softwareVersion());
            loop.addListener(metrics);
            if (o.metricsAddress != null) startMetrics(o, loop, metrics, shutdown);
            ControlPlaneClient client = null;
            if (o.file != null) {
                loop.watching(o.file);
            } else {
                String version = softwareVersion();
                client = shutdown.add(
                        "control-plane stream",
                        new ControlPlaneClient(
                                o.controlPlane.channel(o.ca, o.serverName, "fulcrum-agent/" + version),
                                ControlPlaneClient.Settings.of(
                                        o.name, version, o.controlPlane.toString(), o.statusInterval),
                                o.token,
                                loop,
                                new AppliedStateStore(o.stateDir),
                                Backoff.standard()));
                client.start();
            }
            CountDownLatch loopEnded = new CountDownLatch(1);
            shutdown.add("agent loop", () -> {
                loop.stop();
                if (!loopEnded.await(LOOP_STOP_SECONDS, TimeUnit.SECONDS)) {
                    LOG.log(WARNING, "the agent loop did not end its round within " + LOOP_STOP_SECONDS + " s");
                }
            });
            ran.set(true);
            // systemd (Type=notify): sockets open, health checks and the stream started, the loop runs next
            SdNotify.ready("director " + o.name
                    + (o.file != null ? ", state from " + o.file : ", control plane " + o.controlPlane));
            try {
                if (!shutdown.stopRequested()) loop.run(); // a signal while starting: no round
            } finally {
                loopEnded.countDown();
            }
        } finally {
            shutdown.close(); // after a signal: waits for the hook's close
        }
        return 0;
    }

    /** The metrics endpoint; an address that cannot be bound is logged and the agent runs on without it. */
    private static void startMetrics(Options o, AgentLoop loop, AgentMetrics metrics, Shutdown shutdown) {
        try {
            shutdown.add(
                    "metrics endpoint",
                    MetricsServer.start(o.metricsAddress, metrics, loop::status, SnapshotCache.MAX_AGE));
        } catch (IOException e) {
            LOG.log(
                    WARNING,
                    "metrics: cannot listen on " + o.metricsAddress + " (" + e.getMessage()
                            + "); running without the metrics endpoint");
        }
    }

    private static HealthMonitor startHealth(Options o) {
        try {
            return HealthMonitor.start(HealthMonitor.Options.defaults().withScripts(o.scripts));
        } catch (IllegalArgumentException e) { // the script directory vanished since the options were read
            throw new UsageException("--scripts " + o.scripts + ": " + e.getMessage());
        }
    }

    /** VRRP track scripts and notify hooks, from the same --scripts directory as misc checks. */
    private static AgentScripts startScripts(Options o) {
        try {
            return AgentScripts.of(o.scripts);
        } catch (IllegalArgumentException | IllegalStateException e) { // the directory vanished, setpriv is missing
            throw new UsageException("--scripts " + o.scripts + ": " + e.getMessage());
        }
    }

    /** This build's version (the jar's Implementation-Version), "dev" when run from classes. */
    static String softwareVersion() {
        String v = AgentMain.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The real-server role: applied at start, held until SIGTERM/SIGINT, undone on the way out. */
    private static int realServer(Options o) {
        Shutdown shutdown = new Shutdown("real-server").onSignals();
        try {
            NetlinkHostNetwork network = shutdown.add("rtnetlink socket", NetlinkHostNetwork.open());
            RealServerRole role = new RealServerRole(
                    o.forwarding, o.vips, network, new ProcSysctl(), new FileChangeJournal(o.stateDir));
            role.start();
            SdNotify.ready("real server: " + role.changes().size() + " change(s) applied");
            shutdown.add("real-server role", () -> {
                role.stop();
                LOG.log(INFO, "real-server role undone: " + role.changes().size() + " change(s) left");
            });
            LOG.log(
                    INFO,
                    "real-server role for " + o.forwarding.name().toLowerCase(Locale.ROOT) + ": "
                            + role.changes().size() + " change(s) applied; held until the agent stops");
            shutdown.awaitStop(Duration.ofDays(36500));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutdown.close(); // after a signal: waits for the hook's close
        }
        return 0;
    }

    /** The document's table for one director (or every virtual server when none is named). */
    static Table desired(Path file, String director) throws IOException {
        return desired(document(file), director, file);
    }

    static ConfigDocument document(Path file) throws IOException {
        return DocumentCodec.readDocument(file);
    }

    static Table desired(ConfigDocument doc, String director, Path file) {
        if (director == null) {
            Table.Builder all = new Table.Builder();
            doc.virtualServers().forEach(v -> DesiredTables.addTo(all, v));
            return all.build();
        }
        doc.requireDirector(director, file);
        return DesiredTables.forDirector(doc, director);
    }

    static final class UsageException extends RuntimeException {
        UsageException(String m) {
            super(m);
        }
    }

    /**
     * The parsed command line (and --config file); every default in one place. Holds the enrollment
     * token read from --token-file: never print it (this class has no toString for that reason).
     */
    static final class Options {
        /** The keys a --config file may give: the director agent's long options without "--". */
        static final Set<String> CONFIG_KEYS = Set.of(
                "name",
                "control-plane",
                "token-file",
                "ca",
                "server-name",
                "status-interval",
                "state",
                "interval",
                "state-dir",
                "scripts",
                "purge-foreign",
                "metrics-address");

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
        List<InetAddress> vips = new ArrayList<>();
        Enums.Forwarding forwarding = Enums.Forwarding.DR;
        Path config;
        ControlPlaneTarget controlPlane;
        Path tokenFile;
        /** The enrollment token (trimmed content of --token-file). Secret. */
        String token;

        Path ca;
        String serverName;
        Duration statusInterval = Duration.ofSeconds(10);
        /** Where the Prometheus metrics are served (GET /metrics); null: nowhere. */
        InetSocketAddress metricsAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), METRICS_PORT);

        static Options parse(String[] args) {
            Options o = new Options();
            List<String> rest = new ArrayList<>(List.of(args));
            if (rest.isEmpty() || rest.get(0).equals("help") || rest.get(0).equals("--help")) return o;
            String first = rest.remove(0);
            if (first.equals("ipvs")) {
                if (rest.isEmpty()) throw new UsageException("ipvs needs 'list' or 'apply'");
                o.command = "ipvs " + rest.remove(0);
                if (!o.command.equals("ipvs list") && !o.command.equals("ipvs apply"))
                    throw new UsageException("unknown command '" + o.command + "'");
            } else if (first.equals("agent")) {
                o.command = "agent";
            } else {
                throw new UsageException("unknown command '" + first + "'");
            }
            Set<String> given = new HashSet<>();
            while (!rest.isEmpty()) {
                String a = rest.remove(0);
                switch (a) {
                    case "--json" -> o.json = true;
                    case "--dry-run" -> o.dryRun = true;
                    case "--purge-foreign" -> o.purgeForeign = true;
                    case "--config" -> {
                        if (!o.command.equals("agent")) throw new UsageException("--config is for 'agent'");
                        o.config = Path.of(value(rest, a));
                    }
                    case "--director",
                            "--name",
                            "--state",
                            "--state-dir",
                            "--scripts",
                            "--role",
                            "--vip",
                            "--forwarding",
                            "--interval",
                            "--control-plane",
                            "--token-file",
                            "--ca",
                            "--server-name",
                            "--status-interval",
                            "--metrics-address" -> o.set(a.substring(2), value(rest, a), a);
                    default -> {
                        if (a.startsWith("--") || o.file != null || !o.command.equals("ipvs apply"))
                            throw new UsageException("unexpected argument '" + a + "'");
                        o.file = Path.of(a);
                    }
                }
                if (a.startsWith("--")) given.add(a.substring(2));
            }
            if (o.config != null) o.readConfig(given);
            o.check();
            return o;
        }

        /** Sets one option; {@code where} names it in a usage error ("--interval", "config lb.conf line 3: interval"). */
        private void set(String key, String v, String where) {
            switch (key) {
                case "director" -> director = v;
                case "name" -> {
                    if (!DocumentCodec.isName(v))
                        throw new UsageException(
                                where + " '" + v + "' is not a director name (letters, digits, '.', '_', '-')");
                    name = v;
                }
                case "state" -> file = Path.of(v);
                case "state-dir" -> stateDir = Path.of(v);
                case "scripts" -> scripts = Path.of(v);
                case "purge-foreign" -> {
                    if (!v.equals("true") && !v.equals("false"))
                        throw new UsageException(where + " is true or false, not '" + v + "'");
                    purgeForeign = v.equals("true");
                }
                case "role" -> {
                    if (!v.equals("real-server") && !v.equals("director"))
                        throw new UsageException("--role is director or real-server, not '" + v + "'");
                    realServer = v.equals("real-server");
                }
                case "vip" ->
                    vips.add(Addresses.parse(v)
                            .orElseThrow(() -> new UsageException("--vip '" + v + "' is not an IP address")));
                case "forwarding" -> {
                    if (!v.equals("dr") && !v.equals("tun"))
                        throw new UsageException("--forwarding is dr or tun for a real server, not '" + v + "'");
                    forwarding = v.equals("dr") ? Enums.Forwarding.DR : Enums.Forwarding.TUN;
                }
                case "interval" -> interval = seconds(v, where);
                case "status-interval" -> statusInterval = seconds(v, where);
                case "control-plane" -> {
                    try {
                        controlPlane = ControlPlaneTarget.parse(v);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(where + " " + e.getMessage());
                    }
                }
                case "metrics-address" -> metricsAddress = v.equals("off") ? null : socketAddress(v, where);
                case "token-file" -> tokenFile = Path.of(v);
                case "ca" -> ca = Path.of(v);
                case "server-name" -> {
                    if (!v.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})?")
                            && Addresses.parse(v).isEmpty()) {
                        throw new UsageException(where + " '" + v + "' is not a host name");
                    }
                    serverName = v;
                }
                default -> throw new UsageException(where + ": unknown option");
            }
        }

        /** "ADDRESS:PORT", an IPv6 address in brackets ("[::1]:9444"). */
        private static InetSocketAddress socketAddress(String v, String where) {
            int colon = v.lastIndexOf(':');
            String host = colon < 0 ? "" : v.substring(0, colon);
            String port = colon < 0 ? "" : v.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            InetAddress address = Addresses.parse(host).orElse(null);
            if (address == null || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535)
                throw new UsageException(
                        where + " is ADDRESS:PORT (an IP address, [IPv6]:PORT) or off, not '" + v + "'");
            return new InetSocketAddress(address, Integer.parseInt(port));
        }

        private static Duration seconds(String v, String where) {
            if (!v.matches("\\d{1,6}") || Integer.parseInt(v) < 1)
                throw new UsageException(where + " takes whole seconds, at least 1: " + v);
            return Duration.ofSeconds(Integer.parseInt(v));
        }

        /** The --config file: 'key = value' lines; a key the command line gave is left as the command line set it. */
        private void readConfig(Set<String> given) {
            List<String> lines;
            try {
                lines = Files.readAllLines(config, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new UsageException("--config " + config + ": cannot read it (" + why(e) + ")");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                String where = "config " + config + " line " + (i + 1);
                int eq = line.indexOf('=');
                if (eq < 0) throw new UsageException(where + ": expected 'key = value', got '" + line + "'");
                String key = line.substring(0, eq).strip();
                String v = line.substring(eq + 1).strip();
                if (key.startsWith("--")) key = key.substring(2);
                if (!CONFIG_KEYS.contains(key))
                    throw new UsageException(where + ": unknown key '" + key + "' (keys: "
                            + String.join(", ", CONFIG_KEYS.stream().sorted().toList()) + ")");
                if (!seen.add(key)) throw new UsageException(where + ": '" + key + "' is given twice");
                if (v.isEmpty()) throw new UsageException(where + ": '" + key + "' has no value");
                if (!given.contains(key)) set(key, v, where + ": " + key);
            }
        }

        private void check() {
            if (command.equals("ipvs apply") && file == null)
                throw new UsageException("ipvs apply needs a configuration document");
            if (!command.equals("ipvs list") && json) throw new UsageException("--json is for 'ipvs list'");
            if (!command.equals("agent")) return;
            if (realServer) {
                if (vips.isEmpty()) throw new UsageException("a real server needs at least one --vip");
                return;
            }
            if (name == null) throw new UsageException("agent needs --name");
            if (file != null && controlPlane != null) {
                throw new UsageException(
                        "--state and --control-plane are mutually exclusive: the desired state comes from a file or from the control plane");
            }
            if (file == null && controlPlane == null)
                throw new UsageException("agent needs --state FILE or --control-plane URL (with --token-file)");
            if (scripts != null && !Files.isDirectory(scripts))
                throw new UsageException("--scripts " + scripts + " is not a directory");
            if (controlPlane == null) {
                String stray = tokenFile != null
                        ? "--token-file"
                        : ca != null ? "--ca" : serverName != null ? "--server-name" : null;
                if (stray != null) throw new UsageException(stray + " is for --control-plane");
                return;
            }
            if (tokenFile == null)
                throw new UsageException("--control-plane needs --token-file (the director's enrollment token)");
            token = readToken(tokenFile);
            if (!controlPlane.tls() && (ca != null || serverName != null)) {
                throw new UsageException(
                        (ca != null ? "--ca" : "--server-name") + " is for TLS; " + controlPlane + " is plaintext");
            }
            if (ca != null) checkCertificates(ca);
        }

        /** The token: the file's content without surrounding white space. The message never shows the content. */
        private static String readToken(Path f) {
            String t;
            try {
                t = Files.readString(f, StandardCharsets.UTF_8).strip();
            } catch (IOException | RuntimeException e) {
                throw new UsageException("--token-file " + f + ": cannot read it (" + why(e) + ")");
            }
            if (t.isEmpty()) throw new UsageException("--token-file " + f + " is empty");
            if (t.chars().anyMatch(c -> c < 0x21 || c > 0x7e))
                throw new UsageException(
                        "--token-file " + f + " holds more than one token (or a character a token cannot have)");
            return t;
        }

        private static void checkCertificates(Path f) {
            try (InputStream in = Files.newInputStream(f)) {
                if (CertificateFactory.getInstance("X.509")
                        .generateCertificates(in)
                        .isEmpty()) {
                    throw new UsageException("--ca " + f + " holds no PEM certificate");
                }
            } catch (IOException e) {
                throw new UsageException("--ca " + f + ": cannot read it (" + why(e) + ")");
            } catch (GeneralSecurityException e) { // its message may quote the file: it is not shown
                throw new UsageException(
                        "--ca " + f + " is not a PEM certificate (X.509, '-----BEGIN CERTIFICATE-----')");
            }
        }

        private static String value(List<String> rest, String option) {
            if (rest.isEmpty()) throw new UsageException(option + " needs a value");
            return rest.remove(0);
        }
    }

    /** Why a file could not be read, in words (Java names a missing file only by its path). */
    static String why(Exception e) {
        if (e instanceof NoSuchFileException) return "no such file";
        if (e instanceof AccessDeniedException) return "permission denied";
        return e.getMessage();
    }
}
