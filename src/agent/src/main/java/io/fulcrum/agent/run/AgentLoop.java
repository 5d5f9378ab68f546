package io.fulcrum.agent.run;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import io.fulcrum.agent.fullnat.FullnatReconciler;
import io.fulcrum.agent.reconcile.IpvsKernel;
import io.fulcrum.agent.reconcile.Plan;
import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.agent.reconcile.ServiceStats;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.health.HealthListener;
import io.fulcrum.health.HealthMonitor;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Enums;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.runtime.FileWatcher;
import io.fulcrum.vrrp.runtime.GroupChanges;
import io.fulcrum.vrrp.track.GroupScripts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The director agent's main loop: the one thread that reconciles the kernel's IPVS table to the
 * desired state in force, with the health checker's verdicts, at every interval and whenever
 * something wakes it (a health change, a new desired state). Desired states come from a watched file
 * ({@link #watching}: the --state mode, a bad document is reported and the previous one stays) or are
 * {@link #offer offered} (the control-plane client): an offer completes with its {@link Outcome}
 * once it is in force, refused, or undone after the kernel refused it. The status stream's snapshots
 * are read on this thread too ({@link #status()}), so the netlink socket has one user.
 */
public final class AgentLoop {
    /**
     * How many rounds of the interval the agent relies on its picture of the kernel before dumping again
     * (a round a wake-up brings, as a delta's, does not count: else a stream of deltas would cost a dump of
     * the whole table every few deltas); at the latest after as many intervals.
     */
    public static final int RESYNC_EVERY_ROUNDS = 12;

    private static final System.Logger LOG = System.getLogger(AgentLoop.class.getName());

    private record Task(Runnable work, CompletableFuture<?> result) {}

    private final String director;
    private final IpvsKernel kernel;
    private final Reconciler reconciler;
    private final HealthMonitor health;
    private final Duration interval;
    /** A health change or a task wakes the loop at once, so a failed real server leaves IPVS within a round trip. */
    private final Semaphore wake = new Semaphore(0);

    private final ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();
    private final List<LoopListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;
    private FileWatcher file;
    /** Where VRRP's track scripts and every notify hook run; none by default (a state naming one is refused). */
    private GroupScripts scripts = GroupScripts.NONE;
    /** Where VRRP keeps the originals of the sysctls it changes (null: in memory only). */
    private Path stateDir;
    /** FULLNAT's source NAT rules (null: not reconciled, as in tests of the IPVS path alone). */
    private FullnatReconciler fullnat;

    // the loop thread's own
    private ConfigDocument doc;
    /** The desired table in force, kept one virtual server at a time. */
    private final KeptTable table = new KeptTable();
    /** Virtual servers the health checker reported a change of (its listener's thread adds to it). */
    private final Set<String> healthChanged = ConcurrentHashMap.newKeySet();
    /** Changed FULLNAT virtual servers since the last FULLNAT reconcile. */
    private boolean fullnatTouched;
    /** Whether something woke the loop for this round (else the interval passed). */
    private boolean woken;
    /** When the last round that dumps the kernel ran (System.nanoTime). */
    private long lastResync = System.nanoTime();
    /** When the last whole reconcile ran (System.nanoTime), and the health events dropped then. */
    private long lastWhole;

    private long droppedBefore;
    private AgentVrrp vrrp;
    private long round;
    private List<Plan.Drift> drift = List.of();
    /** Why the kernel's IPVS cannot be programmed (the last look), or null while it can. */
    private String ipvsUnavailable;
    /** The last FULLNAT reconcile (null: none ran), and its failure last told to the listeners (or null). */
    private FullnatReconciler.Result fullnatResult;

    private String fullnatFailed;

    public AgentLoop(
            String director, IpvsKernel kernel, Reconciler reconciler, HealthMonitor health, Duration interval) {
        this.director = director;
        this.kernel = kernel;
        this.reconciler = reconciler;
        this.health = health;
        this.interval = interval;
    }

    /** Also takes the desired state from {@code file}: at start, whenever it changes, checked every round. */
    public AgentLoop watching(Path file) {
        this.file = new FileWatcher(file);
        return this;
    }

    /**
     * Runs VRRP track scripts and the notify hooks (VRRP groups', real servers', virtual servers') through
     * {@code s}: the agent's allowed script directory. Without it a state that names such a script is refused.
     */
    public AgentLoop scripts(GroupScripts s) {
        this.scripts = s;
        return this;
    }

    /** Keeps the originals of the sysctls VRRP changes for virtual MACs in {@code dir}, so a restart after a kill -9 restores them. */
    public AgentLoop stateDir(Path dir) {
        this.stateDir = dir;
        return this;
    }

    /** Also reconciles the nftables rules of FULLNAT virtual servers, before IPVS in every round. */
    public AgentLoop fullnat(FullnatReconciler f) {
        this.fullnat = f;
        return this;
    }

    public void addListener(LoopListener l) {
        listeners.add(l);
    }

    public void removeListener(LoopListener l) {
        listeners.remove(l);
    }

    /**
     * Offers a desired state ({@code origin} names it in the log). The future completes on the loop's
     * thread with the outcome; exceptionally (CancellationException) when the loop stops first.
     */
    public CompletableFuture<Outcome> offer(ConfigDocument next, String origin) {
        return offer(next, origin, Touched.ALL);
    }

    /**
     * Offers a desired state that differs from the one in force (when that is the document of revision
     * {@code touched.base()}) only in {@code touched}: the loop's work is then in proportion to that.
     */
    public CompletableFuture<Outcome> offer(ConfigDocument next, String origin, Touched touched) {
        return submit(() -> accept(next, origin, touched));
    }

    /** What the agent sees now, read on the loop's thread. */
    public CompletableFuture<StatusSnapshot> status() {
        return submit(this::snapshot);
    }

    /** Makes {@link #run} return after the round in progress. */
    public void stop() {
        stopped = true;
        wake.release();
    }

    /**
     * Runs rounds until {@link #stop}: resync now and then, read the file, carry out offers and
     * status reads, reconcile the state in force.
     *
     * @throws IOException when the watched file cannot be read
     */
    public void run() throws IOException {
        HealthListener onHealth = e -> {
            healthChanged.add(e.virtualServer()); // before the wake-up: the round takes it again
            LOG.log(INFO, "health: " + Reports.describe(e));
            NotifyHooks.run(e, scripts); // queued: never waits
            wake.release();
            tell(l -> l.health(e));
        };
        health.addListener(onHealth);
        try {
            ipvsReady(); // a kernel without IPVS is reported at once, before any desired state
            do {
                // a full dump now and then shows drift; draining needs fresh connection counts (IPVS only)
                long now = System.nanoTime();
                boolean periodic = !woken && round++ % RESYNC_EVERY_ROUNDS == 0
                        || now - lastResync >= RESYNC_EVERY_ROUNDS * interval.toNanos();
                if (periodic) lastResync = now;
                if (periodic || table.draining()) reconciler.resync();
                if (periodic && fullnat != null) fullnat.resync();
                if (file != null) pollFile();
                if (doc != null && ipvsReady()) report(reconcileNow(!woken));
                if (vrrp != null && doc != null)
                    vrrp.track(doc, health.view()); // tracked virtual servers, after the same health
                runTasks(); // after the round: a status read sees what it did
            } while (!await());
        } finally {
            stopped = true;
            health.removeListener(onHealth);
            if (vrrp != null)
                vrrp.stop(); // priority 0, addresses given back, STOP hooks queued (on SIGTERM too: AgentMain's
            // Shutdown stops the loop)
            for (Task t; (t = tasks.poll()) != null; )
                t.result().completeExceptionally(new CancellationException("the agent is stopping"));
        }
    }

    private <T> CompletableFuture<T> submit(Supplier<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Task task = new Task(
                () -> {
                    try {
                        f.complete(work.get());
                    } catch (RuntimeException e) {
                        f.completeExceptionally(e);
                    }
                },
                f);
        tasks.add(task);
        wake.release();
        if (stopped && tasks.remove(task)) f.completeExceptionally(new CancellationException("the agent is stopping"));
        return f;
    }

    private void runTasks() {
        for (Task t; (t = tasks.poll()) != null; ) t.work().run();
    }

    private void pollFile() throws IOException {
        if (!file.changed()) return;
        Path f = file.file();
        try {
            ConfigDocument loaded = DocumentCodec.readDocument(f);
            loaded.requireDirector(director, f);
            adopt(loaded, f.toString());
            table.drop(); // the next reconcile takes the whole document
            applyVrrp();
        } catch (ValidationException e) {
            refused(e);
        }
    }

    /** Makes {@code loaded} the state in force when its health checks can run here (else throws, changing nothing). */
    private void adopt(ConfigDocument loaded, String origin) {
        List<VirtualServer> served = loaded.servedBy(director);
        List<FieldError> refusedScripts = NotifyHooks.refused(loaded, director, scripts);
        if (!refusedScripts.isEmpty()) throw new ValidationException(refusedScripts); // before anything changes
        health.update(served); // refuses bad checks, changing nothing
        doc = loaded;
        LOG.log(
                INFO,
                "loaded " + origin + ": " + served.size() + " service(s) for '" + director + "', "
                        + health.runningChecks() + " health check(s)");
    }

    private void refused(ValidationException e) {
        for (FieldError f : e.errors()) LOG.log(WARNING, "invalid configuration: " + f.field() + ": " + f.message());
        LOG.log(WARNING, "keeping the previous desired state");
    }

    /**
     * Makes {@code loaded}, which differs from the document in force only in {@code touched}, the state in
     * force when its health checks can run here (else throws, changing nothing): only the touched virtual
     * servers are looked at, and marked for the next reconcile.
     */
    private void adopt(ConfigDocument loaded, String origin, Touched touched) {
        Set<String> groups = new HashSet<>();
        for (VrrpGroup g : loaded.groupsOf(director)) groups.add(g.name());
        List<VirtualServer> changed = new ArrayList<>();
        Set<String> gone = new HashSet<>();
        for (VirtualServer v : touched.changed()) {
            boolean mine = v.vrrpGroup() != null
                    ? groups.contains(v.vrrpGroup())
                    : v.directors().contains(director);
            if (mine) changed.add(v);
            else if (table.serves(v.name())) gone.add(v.name());
        }
        for (String name : touched.removed()) if (table.serves(name)) gone.add(name);
        List<FieldError> hooks = new ArrayList<>();
        for (VirtualServer v : changed) NotifyHooks.checkServer(v, "", scripts, hooks);
        if (!hooks.isEmpty()) { // refused as a whole document is, naming each field by its place there
            List<FieldError> refusedScripts = NotifyHooks.refused(loaded, director, scripts);
            if (!refusedScripts.isEmpty()) throw new ValidationException(refusedScripts);
        }
        health.update(changed, gone); // refuses bad checks, changing nothing
        doc = loaded;
        for (String name : gone) fullnatTouched |= fullnat(table.put(name, null));
        for (VirtualServer v : changed) fullnatTouched |= fullnat(table.put(v.name(), v)) || fullnat(v);
        LOG.log(
                INFO,
                "loaded " + origin + ": " + table.served() + " service(s) for '" + director + "', "
                        + health.runningChecks() + " health check(s)");
    }

    private static boolean fullnat(VirtualServer v) {
        return v != null && v.forwarding() == Enums.Forwarding.FULLNAT;
    }

    /**
     * An offered state: in force once the kernel holds it. A refused step gets a second try from a
     * fresh dump (the agent's picture of the kernel may have been stale); when that fails too, the
     * previous state is put back (VRRP takes only a state that applied).
     */
    private Outcome accept(ConfigDocument next, String origin, Touched touched) {
        ConfigDocument previous = doc;
        // only what changed, when the change is from the document in force and the table is kept
        boolean partly = !touched.all()
                && previous != null
                && table.kept()
                && previous.revision() != null
                && previous.revision() == touched.base();
        try {
            next.requireDirector(director, origin);
            if (partly) adopt(next, origin, touched);
            else adopt(next, origin);
        } catch (ValidationException e) {
            refused(e);
            return new Outcome.Refused(e.errors());
        }
        if (!partly) table.drop(); // the next reconcile takes the whole document
        if (!ipvsReady()) { // VRRP and the health checks take it now, the IPVS table once the kernel has IPVS
            drift = List.of();
            applyVrrp();
            return new Outcome.Applied(next, 0);
        }
        List<Outcome.Failure> failures = new ArrayList<>();
        try {
            Reconciler.Result r = reconcileNow(false);
            report(r);
            if (!r.converged() || !fullnatConverged()) {
                reconciler.resync();
                if (fullnat != null) fullnat.resync();
                r = reconcileNow(false);
                report(r);
            }
            if (r.converged() && fullnatConverged()) {
                applyVrrp();
                return new Outcome.Applied(next, r.applied());
            }
            Reconciler.Result failed = r;
            failed.failures()
                    .forEach((i, e) -> failures.add(
                            new Outcome.Failure(failed.plan().steps().get(i), e.getMessage())));
            if (!fullnatConverged())
                failures.add(new Outcome.Failure(
                        null, "fullnat: " + fullnatResult.failure().getMessage()));
        } catch (RuntimeException e) {
            failures.add(new Outcome.Failure(
                    null, "the kernel's IPVS table could not be read or changed: " + e.getMessage()));
        }
        LOG.log(
                WARNING,
                origin + " did not apply; "
                        + (previous != null
                                ? "putting the previous desired state back"
                                : "there is no previous desired state: the rules applied so far stay, and nothing is reconciled until a desired state applies"));
        try {
            health.update(previous == null ? List.of() : previous.servedBy(director));
        } catch (ValidationException e) {
            LOG.log(WARNING, "health checks of the previous desired state: " + e.getMessage());
        }
        doc = previous;
        table.drop();
        if (previous != null) {
            reconciler.resync();
            if (fullnat != null) fullnat.resync();
            report(reconcileNow(false));
        }
        return new Outcome.KernelFailed(next, failures);
    }

    /**
     * Whether the kernel's IPVS can be programmed now. Its going and coming back are logged and told to the
     * listeners; when it comes back, the next reconcile starts from a fresh dump.
     */
    private boolean ipvsReady() {
        String why = kernel.unavailable().orElse(null);
        if (why != null && ipvsUnavailable == null) {
            String message = "IPVS unavailable: " + why;
            LOG.log(WARNING, message + "; VRRP and health checks run on, the IPVS table follows once IPVS is there");
            tell(l -> l.notice(Instant.now(), "ipvs", "", message));
        } else if (why == null && ipvsUnavailable != null) {
            LOG.log(INFO, "IPVS is available now: programming the kernel's table");
            tell(l -> l.notice(Instant.now(), "ipvs", "", "IPVS is available now"));
            reconciler.resync();
        }
        ipvsUnavailable = why;
        return why == null;
    }

    /**
     * Reconciles the kernel to the document in force and the health checker's verdicts: the whole table
     * in a round of the interval ({@code periodic}: nothing woke the loop), after a whole new document,
     * when health events were dropped, or when wake-ups kept it from it for four intervals; else only the
     * virtual servers that changed since (in the document, or in a health event).
     */
    private Reconciler.Result reconcileNow(boolean periodic) {
        long start = System.nanoTime();
        long dropped = health.droppedEvents();
        boolean whole =
                !table.kept() || periodic || dropped != droppedBefore || start - lastWhole >= 4 * interval.toNanos();
        // the source NAT first, so that the first connections of a new FULLNAT service find it
        if (fullnat != null && (whole || fullnatTouched || !fullnatConverged()))
            fullnatReconciled(fullnat.reconcile(doc, director));
        fullnatTouched = false;
        Reconciler.Result r;
        if (whole) {
            healthChanged.clear(); // before the view is read: a later event is taken by the next round
            r = reconciler.reconcile(table.whole(doc, director, health.view()));
            drift = r.plan().drift();
            lastWhole = start;
            droppedBefore = dropped;
        } else {
            for (Iterator<String> i = healthChanged.iterator(); i.hasNext(); ) {
                table.touch(i.next());
                i.remove();
            }
            Set<ServiceKey> keys = table.refresh(health.view());
            r = reconciler.reconcile(keys, table::entry, table::table); // drift: as the last whole run found
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        tell(l -> l.reconciled(took, r));
        return r;
    }

    /** Whether the last FULLNAT reconcile (if any) put every rule in place. */
    private boolean fullnatConverged() {
        return fullnatResult == null || fullnatResult.converged();
    }

    /** Keeps {@code r} for {@link #accept}; a new failure is told once to the listeners (FullnatReconciler logs it). */
    private void fullnatReconciled(FullnatReconciler.Result r) {
        fullnatResult = r;
        String why = r.converged() ? null : "fullnat: " + r.failure().getMessage();
        if (why != null && !why.equals(fullnatFailed)) tell(l -> l.notice(Instant.now(), "fullnat", "", why));
        fullnatFailed = why;
    }

    private void report(Reconciler.Result r) {
        if (!r.plan().isEmpty() || !r.converged()) Reports.log(r);
    }

    /**
     * The state in force for VRRP: starts the director's groups the first time it has any; after that a
     * change of its groups is applied as a reload (unchanged groups run on untouched), each group's outcome logged.
     */
    private void applyVrrp() {
        if (vrrp == null) {
            if (!doc.groupsOf(director).isEmpty()) vrrp = startVrrp(doc);
            return;
        }
        if (!AgentVrrp.changed(vrrp, doc, director)) return;
        try {
            for (GroupChanges.Change c : vrrp.reconfigure(doc, health.view())) {
                LOG.log(INFO, "VRRP group " + c.group() + ": " + AgentVrrp.outcome(c));
            }
        } catch (RuntimeException e) { // a ValidationException among them
            vrrpRefused("VRRP changes not applied", e);
            LOG.log(WARNING, "VRRP groups run on as they were");
        }
    }

    /** The director's VRRP groups, or null (none, or refused: reported, and the IPVS side runs on). */
    private AgentVrrp startVrrp(ConfigDocument d) {
        try {
            return AgentVrrp.start(
                    d,
                    director,
                    (group, from, to, reason) -> tell(l -> l.vrrp(Instant.now(), group, from, to, reason)),
                    scripts,
                    health.view(),
                    stateDir);
        } catch (RuntimeException e) { // a ValidationException among them
            vrrpRefused("VRRP not started", e);
            return null;
        }
    }

    /** Reports why VRRP refused a state: each invalid field (or the failure) in the log, and once to the listeners. */
    private void vrrpRefused(String what, RuntimeException e) {
        List<String> lines = e instanceof ValidationException v
                ? v.errors().stream().map(f -> f.field() + ": " + f.message()).toList()
                : List.of(String.valueOf(e.getMessage()));
        lines.forEach(line -> LOG.log(WARNING, what + ": " + line));
        String message = what + ": " + String.join("; ", lines);
        tell(l -> l.notice(Instant.now(), "vrrp", "", message));
    }

    private StatusSnapshot snapshot() {
        List<ServiceStats> stats;
        try {
            stats = ipvsReady() ? kernel.stats() : List.of();
        } catch (RuntimeException e) {
            LOG.log(WARNING, "reading the kernel's counters failed: " + e.getMessage());
            stats = List.of();
        }
        return new StatusSnapshot(
                Instant.now(),
                doc,
                doc == null ? List.of() : doc.servedBy(director),
                stats,
                drift,
                health.view(),
                vrrp == null ? List.of() : vrrp.status(),
                ipvsUnavailable,
                vrrp == null ? Map.of() : vrrp.counters(),
                vrrp == null ? Map.of() : vrrp.scriptHealth());
    }

    private void tell(Consumer<LoopListener> event) {
        for (LoopListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.log(WARNING, "a status listener failed: " + e, e);
            }
        }
    }

    /** Waits for the next round (the interval, or a wake-up); true when the loop is to stop. */
    private boolean await() {
        if (stopped) return true;
        try {
            woken = wake.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS);
            wake.drainPermits();
            return stopped;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
