package io.fulcrum.vrrp.runtime;

import static java.lang.System.Logger.Level.WARNING;

import io.fulcrum.health.decide.Health;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.vrrp.machine.Counters;
import io.fulcrum.vrrp.machine.Event;
import io.fulcrum.vrrp.machine.State;
import io.fulcrum.vrrp.machine.VrrpEngine;
import io.fulcrum.vrrp.machine.VrrpMachine;
import io.fulcrum.vrrp.packet.Decoded;
import io.fulcrum.vrrp.packet.DropReason;
import io.fulcrum.vrrp.track.GroupScripts;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Runs a director's VRRP instances: one thread drives the {@link VrrpEngine} ({@link MachineDriver}) from
 * received adverts, timers and link changes (the host's link notifications, {@link LinkStates}: no polling),
 * and carries out its actions on a {@link Host}. {@link #run} blocks until {@link #stop}, which makes every
 * master advertise priority 0 and give its addresses back, and removes the virtual MAC links it created.
 * Track scripts, what is tracked outside the router ({@link #track}: virtual servers) and notify hooks go
 * through {@link Tracking}. A new desired state is applied as a reload ({@link #reconfigure}) on the router
 * thread like everything else: the host is read ({@link HostSnapshot}), the reload planned
 * ({@link ReloadPlanner}, pure) and carried out ({@link ReloadExecutor}); a start is the same from nothing.
 * A group whose virtual MAC link or advert channel cannot be set up, or whose virtual MAC link goes, is
 * held in FAULT on its own ({@link GroupSetup}) while the others run.
 */
public final class VrrpRouter {
    private static final System.Logger LOG = System.getLogger(VrrpRouter.class.getName());
    /** The longest {@link #stop} waits for the graceful goodbye. */
    static final long STOP_WAIT_MILLIS = 5_000;
    /**
     * Received datagrams waiting for the router thread, at most. Far above a legitimate burst (255 VRIDs
     * per interface and family, a few adverts each), small in memory; beyond it a flood is dropped, counted.
     */
    static final int INBOX_CAPACITY = 4_096;
    /** At most one "inbox full" line per this interval: a flood must not flood the log too. */
    static final long INBOX_FULL_LOG_NANOS = 10_000_000_000L;

    /** Told of every transition (the status stream, a notify hook). */
    public interface Listener {
        void transition(String group, State from, State to, String reason);
    }

    private record Inbound(String channelKey, Decoded decoded) {}

    /** A new desired state for the router thread, and who waits for its outcome. */
    private record Reload(ConfigDocument doc, CompletableFuture<List<GroupChanges.Change>> done) {}

    private static final Object STOP = new Object();
    /** Wakes a waiting loop for the link reports, which have their own queue (the inbox may be full of adverts). */
    private static final Object LINKS = new Object();
    /** Wakes a waiting loop for track script results and outside adjustments (their own queue: {@link Tracking}). */
    private static final Object TRACKS = new Object();
    /** Wakes a waiting loop for a reload (its own queue, as the links'). */
    private static final Object RELOAD = new Object();

    private final Host host;
    private final String director;
    private final LongSupplier clock;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>(INBOX_CAPACITY);
    private final AtomicLong inboxDropped = new AtomicLong();
    /** When the last "inbox full" line was logged; {@code Long.MIN_VALUE}: never. */
    private final AtomicLong inboxFullLoggedAt = new AtomicLong(Long.MIN_VALUE);

    private final CountDownLatch finished = new CountDownLatch(1);
    /** What the host reported about links, for the router thread; few and small, so unbounded: none may be lost. */
    private final ConcurrentLinkedQueue<Host.LinkReport> linkReports = new ConcurrentLinkedQueue<>();
    /** Reloads waiting for the router thread; few, none may be lost. */
    private final ConcurrentLinkedQueue<Reload> reloads = new ConcurrentLinkedQueue<>();
    /** Track scripts, outside adjustments, notify hooks. */
    private final Tracking tracking;

    private final Groups groups = new Groups();
    private final Channels channels = new Channels();
    private final MachineDriver driver;
    private final GroupSetup setup;
    private final LinkStates links;
    private final ReloadExecutor executor;
    private AutoCloseable linkWatch;
    private volatile boolean stopRequested;

    private VrrpRouter(Host host, String director, Listener listener, GroupScripts scripts, LongSupplier clock) {
        this.host = host;
        this.director = director;
        this.clock = clock;
        this.tracking = new Tracking(scripts, () -> inbox.offer(TRACKS));
        this.driver = new MachineDriver(host, groups, channels, tracking, listener);
        this.setup = new GroupSetup(host, channels, driver, this::received);
        this.links = new LinkStates(host, groups, driver, setup);
        this.executor = new ReloadExecutor(groups, channels, driver, setup, links, tracking);
    }

    /**
     * The instances {@code director} runs: every group of {@code doc} that lists it as a member.
     *
     * @throws ValidationException when a group cannot run here (no source address, a PASS group without its password)
     */
    public static VrrpRouter create(ConfigDocument doc, String director, Host host, Listener listener) {
        return create(doc, director, host, listener, GroupScripts.NONE, System::nanoTime);
    }

    /**
     * {@link #create} with the groups' track scripts and notify hooks run by {@code scripts}.
     *
     * @throws ValidationException also when {@code scripts} refuses a group's script (each named by its field)
     */
    public static VrrpRouter create(
            ConfigDocument doc, String director, Host host, Listener listener, GroupScripts scripts) {
        return create(doc, director, host, listener, scripts, System::nanoTime);
    }

    /** {@link #create} on {@code clock} (nanoseconds, monotonic): tests drive the router with a manual one. */
    static VrrpRouter create(ConfigDocument doc, String director, Host host, Listener listener, LongSupplier clock) {
        return create(doc, director, host, listener, GroupScripts.NONE, clock);
    }

    static VrrpRouter create(
            ConfigDocument doc,
            String director,
            Host host,
            Listener listener,
            GroupScripts scripts,
            LongSupplier clock) {
        checkScripts(doc, director, scripts);
        // each group's source: any address but its own virtual ones
        HostSnapshot snapshot = HostSnapshot.read(host, doc.groupsOf(director), g -> ReloadPlanner.vips(List.of(g)));
        ReloadPlan plan = ReloadPlanner.plan(List.of(), doc, director, snapshot);
        VrrpRouter router = new VrrpRouter(host, director, listener, scripts, clock);
        long now = clock.getAsLong();
        for (ReloadPlan.Step s : plan.steps()) {
            ReloadExecutor.warnings(s.instance());
            GroupState g = new GroupState(s.instance());
            router.groups.add(g);
            router.driver.add(g);
            router.tracking.add(g.machine(), g.group(), now);
        }
        return router;
    }

    /** @throws ValidationException naming each script of {@code director}'s groups that {@code scripts} refuses */
    private static void checkScripts(ConfigDocument doc, String director, GroupScripts scripts) {
        List<FieldError> refused = new ArrayList<>();
        for (int i = 0; i < doc.vrrpGroups().size(); i++) {
            VrrpGroup g = doc.vrrpGroups().get(i);
            if (g.hasMember(director)) GroupScripts.checkGroup(g, "/vrrpGroups/" + i, scripts, refused);
        }
        if (!refused.isEmpty()) throw new ValidationException(refused);
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }

    /** The priority each group advertises now, tracking included, by name (safe from any thread). */
    public Map<String, Integer> priorities() {
        return groups.priorities();
    }

    /**
     * From any thread: what a tracked condition outside the router (a tracked virtual server) does to
     * {@code group} now: an {@link Event.PriorityAdjusted} (delta 0 withdraws it) or an {@link Event.TrackFault};
     * the latest per source counts. Carried out on the router thread; before {@link #run}, before the startup.
     */
    public void track(String group, Event event) {
        if (!(event instanceof Event.PriorityAdjusted) && !(event instanceof Event.TrackFault)) {
            throw new IllegalArgumentException("not a tracking event: " + event);
        }
        tracking.offer(group, event);
    }

    /** Each group's counters (adverts sent and received, become-master, drops by reason), by name (any thread). */
    public Map<String, Counters> counters() {
        return groups.counters();
    }

    /** Each group's track scripts' results (UP / DOWN, once known), by group and script name (any thread). */
    public Map<String, Map<String, Health>> scriptHealth() {
        return tracking.scriptHealth();
    }

    /** The current state of each group, by name (safe from any thread). */
    public Map<String, State> states() {
        return groups.states();
    }

    /** Received datagrams dropped because the router thread was this far behind ({@link #INBOX_CAPACITY}); safe from any thread. */
    public long droppedReceived() {
        return inboxDropped.get();
    }

    /** Drives the instances until {@link #stop}. */
    public void run() {
        try {
            start();
            while (step(true)) {
                // one received advert, due timers, the link poll per turn
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            driver.broadcast(new Event.Shutdown(), clock.getAsLong());
        } finally {
            if (linkWatch != null) {
                try {
                    linkWatch.close();
                } catch (Exception e) {
                    LOG.log(WARNING, "stopping the link watch: " + e.getMessage());
                }
            }
            channels.closeAll();
            for (GroupState g : groups.all()) if (g.vmac() != null) setup.removeVmac(g.vmac());
            finished.countDown();
            for (Reload r; (r = reloads.poll()) != null; )
                r.done().completeExceptionally(new IllegalStateException("the VRRP router stopped"));
        }
    }

    /** Creates the virtual MAC links, opens the advert channels, watches and reads the links and starts every instance. */
    void start() {
        long setUpAt = clock.getAsLong();
        setup.removeLeftoverVmacs(groups.all());
        // one group's failure is its own: it is held in FAULT, the others run
        for (GroupState g : groups.all()) {
            if (g.vmac() != null) setup.setUpVmac(g, setUpAt);
        }
        for (GroupState g : groups.all()) {
            if (g.setupFault() == null) setup.setUpChannel(g, setUpAt);
        }
        // watch first, then read: a change between the two is reported, not missed
        linkWatch = host.watchLinks(report -> {
            linkReports.add(report);
            inbox.offer(LINKS); // wakes a waiting loop; when the inbox is full, the loop is not waiting
        });
        long now = clock.getAsLong();
        links.readAll(now);
        // what the scripts and the outside trackers say is known before the startup (an unweighted script holds it)
        tracking.initial((m, e) -> driver.handle(m, e, now));
        drainTracking(now);
        driver.broadcast(new Event.Startup(), now);
        tracking.runDue(now);
    }

    /**
     * One turn of the loop: takes one received advert (when {@code wait}, waits for one until the next
     * timer at most), applies what the host reported about links, then fires the timers that are due.
     *
     * @return false once a stop was asked for and carried out (priority 0 sent, addresses given back)
     */
    boolean step(boolean wait) throws InterruptedException {
        long now = clock.getAsLong();
        Object in = wait
                ? inbox.poll(
                        Math.max(0, Math.min(driver.nextDeadline(), tracking.nextDeadline()) - now),
                        TimeUnit.NANOSECONDS)
                : inbox.poll();
        now = clock.getAsLong();
        if (in == STOP || stopRequested) {
            driver.broadcast(new Event.Shutdown(), now);
            return false;
        }
        for (Host.LinkReport report; (report = linkReports.poll()) != null; ) links.apply(report, now);
        for (Reload r; (r = reloads.poll()) != null; ) reload(r, now);
        drainTracking(now);
        if (in instanceof Inbound r) dispatch(r, now);
        if (now >= driver.nextDeadline()) driver.broadcast(new Event.Tick(), now);
        tracking.runDue(now);
        return true;
    }

    /**
     * From any thread: runs the groups of {@code doc} that list this director from now on, as a reload
     * ({@link GroupChanges}): unchanged groups run on untouched; removed ones stop gracefully (a master
     * advertises priority 0 and gives its addresses back, the STOP hook runs, the sync daemon it ran stops);
     * changed ones are changed in place keeping their state ({@link VrrpMachine#reconfigure}), or
     * restarted when their identity changed; new ones start. Carried out on the router thread; the future
     * completes with each group's change there, or exceptionally with a {@link ValidationException} when
     * a group cannot run here (then nothing changed).
     */
    public CompletableFuture<List<GroupChanges.Change>> reconfigure(ConfigDocument doc) {
        var done = new CompletableFuture<List<GroupChanges.Change>>();
        if (finished.getCount() == 0 || stopRequested) {
            done.completeExceptionally(new IllegalStateException("the VRRP router stopped"));
            return done;
        }
        Reload reload = new Reload(doc, done);
        reloads.add(reload);
        inbox.offer(RELOAD); // wakes a waiting loop; when the inbox is full, the loop is not waiting
        if (finished.getCount() == 0 && reloads.remove(reload)) {
            done.completeExceptionally(new IllegalStateException("the VRRP router stopped"));
        }
        return done;
    }

    private void reload(Reload r, long now) {
        try {
            r.done().complete(reload(r.doc(), now));
        } catch (RuntimeException e) {
            r.done().completeExceptionally(e);
        }
    }

    /** Validates and plans everything first (nothing changes when a group cannot run here), then carries the plan out. */
    private List<GroupChanges.Change> reload(ConfigDocument doc, long now) {
        checkScripts(doc, director, tracking.scripts());
        List<VrrpGroup> running = groups.all().stream().map(GroupState::group).toList();
        // addresses that may be on the interfaces now or soon: never a source address
        List<InetAddress> except = ReloadPlanner.vips(running);
        except.addAll(ReloadPlanner.vips(doc.groupsOf(director)));
        HostSnapshot snapshot = HostSnapshot.read(host, doc.groupsOf(director), g -> except);
        ReloadPlan plan = ReloadPlanner.plan(
                groups.all().stream().map(GroupState::running).toList(), doc, director, snapshot);
        return executor.carryOut(plan, now);
    }

    /** Asks the loop to stop, without waiting. The flag, not the queue, carries it: the queue may be full. */
    void requestStop() {
        stopRequested = true;
        inbox.offer(STOP); // wakes a waiting loop; when full, the loop is not waiting
    }

    /** Received datagrams waiting for the router thread. */
    int queued() {
        return inbox.size();
    }

    /** Graceful stop from another thread (a shutdown hook): waits until the masters have said goodbye. */
    public void stop() {
        requestStop();
        try {
            finished.await(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * On a channel's receive thread: queue the datagram for the router thread, or, when the queue is
     * full, drop it at once (the receive thread never blocks), count it and say so at most every 10 s.
     */
    private void received(String channelKey, Decoded decoded) {
        if (inbox.offer(new Inbound(channelKey, decoded))) return;
        long dropped = inboxDropped.incrementAndGet();
        long now = clock.getAsLong();
        long last = inboxFullLoggedAt.get();
        if ((last == Long.MIN_VALUE || now - last >= INBOX_FULL_LOG_NANOS)
                && inboxFullLoggedAt.compareAndSet(last, now)) {
            LOG.log(
                    WARNING,
                    "received adverts arrive faster than they are handled: " + INBOX_CAPACITY
                            + " are waiting; dropping what arrives on " + channelKey + " (" + dropped
                            + " dropped so far; logged at most every " + INBOX_FULL_LOG_NANOS / 1_000_000_000L + " s)");
        }
    }

    private void dispatch(Inbound r, long now) {
        Counters counters = channels.counters(r.channelKey());
        if (counters == null) return; // queued before its channel was closed
        if (r.decoded() instanceof Decoded.Dropped d) {
            if (counters.drop(d.reason())) {
                LOG.log(
                        WARNING,
                        "dropped an advert on " + r.channelKey() + ": " + d.reason() + ": " + d.detail()
                                + " (counted; logged once)");
            }
            return;
        }
        Decoded.Valid v = (Decoded.Valid) r.decoded();
        for (GroupState g : groups.all()) {
            if (g.channelKey().equals(r.channelKey())
                    && g.machine().config().vrid() == v.advert().vrid()) {
                driver.handle(g, new Event.AdvertReceived(v.source(), v.advert()), now);
                return;
            }
        }
        if (counters.drop(DropReason.VRID)) {
            LOG.log(
                    WARNING,
                    "dropped an advert on " + r.channelKey() + " from "
                            + v.source().getHostAddress() + ": no group with vrid "
                            + v.advert().vrid() + " here (counted; logged once)");
        }
    }

    private void drainTracking(long now) {
        tracking.drain(
                now,
                name -> {
                    GroupState g = groups.find(name);
                    return g == null ? null : g.machine();
                },
                (m, e) -> driver.handle(m, e, now));
    }
}
