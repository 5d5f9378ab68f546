package io.fulcrum.vrrp.runtime;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Enums;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.netlink.NetlinkException;
import io.fulcrum.vrrp.machine.Action;
import io.fulcrum.vrrp.machine.Counters;
import io.fulcrum.vrrp.machine.Event;
import io.fulcrum.vrrp.machine.InstanceConfig;
import io.fulcrum.vrrp.machine.State;
import io.fulcrum.vrrp.machine.VrrpEngine;
import io.fulcrum.vrrp.machine.VrrpMachine;
import io.fulcrum.vrrp.packet.AdvertCodec;
import io.fulcrum.vrrp.packet.Advertisement;
import io.fulcrum.vrrp.packet.Decoded;
import io.fulcrum.vrrp.packet.DropReason;
import io.fulcrum.vrrp.packet.Vrrp;
import io.fulcrum.vrrp.track.GroupScripts;

/**
 * Runs a director's VRRP instances: one thread drives the {@link VrrpEngine} from received adverts,
 * timers and link changes (the host's link notifications: no polling), and carries out its actions on
 * a {@link Host}. {@link #run} blocks until {@link #stop}, which makes every master advertise priority 0
 * and give its addresses back, and removes the virtual MAC links it created. Track scripts, what is
 * tracked outside the router ({@link #track}: virtual servers) and notify hooks go through {@link Tracking}.
 * A new desired state is applied as a reload ({@link #reconfigure}), on the router thread like everything else.
 * A group whose virtual MAC link or advert channel cannot be set up, or whose virtual MAC link goes, is held
 * in FAULT on its own ({@link #setupFaults}) while the others run.
 */
public final class VrrpRouter {
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

    /** {@code previous}: the group as it was before the last in-place change (its dropped addresses are removed from there), or null. */
    private record Instance(VrrpMachine machine, VrrpGroup group, String channelKey, VrrpGroup previous) {
        Instance(VrrpMachine machine, VrrpGroup group, String channelKey) {
            this(machine, group, channelKey, null);
        }
    }

    private record Inbound(String channelKey, Decoded decoded) {}

    private static final Object STOP = new Object();
    /** Wakes a waiting loop for the link reports, which have their own queue (the inbox may be full of adverts). */
    private static final Object LINKS = new Object();
    /** Wakes a waiting loop for track script results and outside adjustments (their own queue: {@link Tracking}). */
    private static final Object TRACKS = new Object();
    /** Wakes a waiting loop for a reload (its own queue, as the links'). */
    private static final Object RELOAD = new Object();

    /** A new desired state for the router thread, and who waits for its outcome. */
    private record Reload(ConfigDocument doc, java.util.concurrent.CompletableFuture<List<GroupChanges.Change>> done) {}

    private final Host host;
    private final Consumer<String> log;
    private final Listener listener;
    private final LongSupplier clock;
    private final List<Instance> instances;
    private final VrrpEngine engine;
    private final Map<String, Host.Channel> channels = new LinkedHashMap<>();
    private final Map<String, Counters> receiverCounters = new LinkedHashMap<>();
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Map<String, Boolean> links = new LinkedHashMap<>();
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>(INBOX_CAPACITY);
    private final AtomicLong inboxDropped = new AtomicLong();
    /** When the last "inbox full" line was logged; {@code Long.MIN_VALUE}: never. */
    private final AtomicLong inboxFullLoggedAt = new AtomicLong(Long.MIN_VALUE);
    private final CountDownLatch finished = new CountDownLatch(1);
    /** What the host reported about links, for the router thread; few and small, so unbounded: none may be lost. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Host.LinkReport> linkReports = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** By group name, the virtual MAC link of each group with vmac (keepalived's vrrp.VRID). */
    private final Map<String, String> vmacs = new LinkedHashMap<>();
    /** By channel key, the interface the channel sends and receives adverts on. */
    private final Map<String, String> channelIfaces = new LinkedHashMap<>();
    /**
     * By group name, the fault source that holds a group in FAULT because its virtual MAC link or advert
     * channel is not usable (not set up, or the link went); set up again when its interface comes up or a reload restarts it.
     */
    private final Map<String, String> setupFaults = new LinkedHashMap<>();
    /** By group name, the last setup failure logged: a repeat is not logged again. */
    private final Map<String, String> setupFaultLogged = new LinkedHashMap<>();
    private AutoCloseable linkWatch;
    private volatile boolean stopRequested;
    /** Track scripts, outside adjustments, notify hooks. */
    private Tracking tracking = new Tracking(GroupScripts.NONE, line -> { }, () -> { });
    /** By group name, the priority each instance advertises now (tracking included), for any thread. */
    private final Map<String, Integer> priorities = new ConcurrentHashMap<>();
    /** Reloads waiting for the router thread; few, none may be lost. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Reload> reloads = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** The director this router runs the groups of. */
    private String director;

    private VrrpRouter(Host host, List<Instance> instances, Consumer<String> log, Listener listener, LongSupplier clock) {
        this.host = host;
        this.log = log;
        this.listener = listener;
        this.clock = clock;
        this.instances = new ArrayList<>(instances);
        this.engine = new VrrpEngine(instances.stream().map(Instance::machine).toList());
        for (Instance i : instances) states.put(i.group().name(), State.INITIALIZE);
        for (Instance i : instances) priorities.put(i.group().name(), i.machine().effectivePriority());
    }

    /**
     * The instances {@code director} runs: every group of {@code doc} that lists it as a member.
     *
     * @throws ValidationException when a group cannot run here (no source address, a PASS group without its password)
     */
    public static VrrpRouter create(ConfigDocument doc, String director, Host host, Consumer<String> log, Listener listener) {
        return create(doc, director, host, log, listener, GroupScripts.NONE, System::nanoTime);
    }

    /**
     * {@link #create} with the groups' track scripts and notify hooks run by {@code scripts}.
     *
     * @throws ValidationException also when {@code scripts} refuses a group's script (each named by its field)
     */
    public static VrrpRouter create(ConfigDocument doc, String director, Host host, Consumer<String> log, Listener listener, GroupScripts scripts) {
        return create(doc, director, host, log, listener, scripts, System::nanoTime);
    }

    /** {@link #create} on {@code clock} (nanoseconds, monotonic): tests drive the router with a manual one. */
    static VrrpRouter create(ConfigDocument doc, String director, Host host, Consumer<String> log, Listener listener, LongSupplier clock) {
        return create(doc, director, host, log, listener, GroupScripts.NONE, clock);
    }

    static VrrpRouter create(ConfigDocument doc, String director, Host host, Consumer<String> log, Listener listener, GroupScripts scripts,
                             LongSupplier clock) {
        List<FieldError> refused = new ArrayList<>();
        for (int i = 0; i < doc.vrrpGroups().size(); i++) {
            if (doc.vrrpGroups().get(i).hasMember(director)) GroupScripts.checkGroup(doc.vrrpGroups().get(i), "/vrrpGroups/" + i, scripts, refused);
        }
        if (!refused.isEmpty()) throw new ValidationException(refused);
        List<Instance> instances = new ArrayList<>();
        Map<String, InetAddress> sources = new LinkedHashMap<>();
        Map<String, String> vmacs = new LinkedHashMap<>();
        Map<String, String> channelIfaces = new LinkedHashMap<>();
        for (int i = 0; i < doc.vrrpGroups().size(); i++) {
            VrrpGroup g = doc.vrrpGroups().get(i);
            if (!g.hasMember(director)) continue;
            String at = "/vrrpGroups/" + i;
            Built b = build(g, at, director, host, vips(List.of(g)), vmacs.values());
            b.config().warnings().forEach(w -> log.accept("vrrp group " + g.name() + ": " + w));
            if (b.vmac() != null) vmacs.put(g.name(), b.vmac());
            channelIfaces.put(b.channelKey(), b.advertIface());
            checkSource(sources, b, at);
            instances.add(new Instance(new VrrpMachine(b.config()), g, b.channelKey()));
        }
        VrrpRouter router = new VrrpRouter(host, instances, log, listener, clock);
        router.director = director;
        router.tracking = new Tracking(scripts, log, () -> router.inbox.offer(TRACKS));
        long now = clock.getAsLong();
        for (Instance i : instances) router.tracking.add(i.machine(), i.group(), now);
        router.vmacs.putAll(vmacs);
        router.channelIfaces.putAll(channelIfaces);
        return router;
    }

    /** A group's instance as it is to run here: its configuration, virtual MAC link (or null) and advert channel. */
    private record Built(VrrpGroup group, InstanceConfig config, String vmac, String channelKey, String advertIface) {}

    /**
     * The instance of {@code g} here, its source address from the host (skipping {@code except}, virtual
     * addresses that may be on the interface), its virtual MAC link named clear of {@code takenVmacs}.
     *
     * @throws ValidationException when it cannot run here (a PASS group without its password, no source address)
     */
    private static Built build(VrrpGroup g, String at, String director, Host host, List<InetAddress> except, java.util.Collection<String> takenVmacs) {
        if (g.authentication() != null && g.authentication().type() == Enums.AuthType.PASS && g.authentication().password() == null) {
            throw new ValidationException(at + "/authentication/password", "group '" + g.name() + "' has auth type pass but the document carries no password");
        }
        boolean ipv6 = g.family() == Enums.AddressFamily.INET6;
        InetAddress primary;
        try {
            primary = host.primaryAddress(g.iface(), ipv6, except);
        } catch (NetlinkException e) {
            throw new ValidationException(at + "/interface", "group '" + g.name() + "': interface " + g.iface() + ": " + e.getMessage());
        }
        if (primary == null) {
            throw new ValidationException(at + "/interface", "group '" + g.name() + "': interface " + g.iface() + " has no "
                    + (ipv6 ? "IPv6 link-local" : "IPv4") + " address to send adverts from");
        }
        InstanceConfig c = InstanceConfig.of(g, director, primary);
        String vmac = g.vmac() ? vmacName(g.vrid(), ipv6, takenVmacs) : null;
        // adverts go out and come in on the virtual MAC link; unicast ones on the parent, as keepalived's vmac_xmit_base
        String advertIface = vmac != null && !g.unicast() ? vmac : g.iface();
        return new Built(g, c, vmac, advertIface + (ipv6 ? "/v6" : "/v4"), advertIface);
    }

    /** One source address per advert channel: {@code b}'s must be the one the channel has (recorded when first). */
    private static void checkSource(Map<String, InetAddress> sources, Built b, String at) {
        InetAddress other = sources.putIfAbsent(b.channelKey(), b.config().primaryAddress());
        if (other != null && !other.equals(b.config().primaryAddress())) {
            throw new ValidationException(at + "/members", "group '" + b.group().name() + "' sends from " + b.config().primaryAddress().getHostAddress()
                    + " but another group on " + b.group().iface() + " from " + other.getHostAddress() + "; one source per interface");
        }
    }

    private static List<InetAddress> vips(List<VrrpGroup> groups) {
        List<InetAddress> out = new ArrayList<>();
        for (VrrpGroup g : groups) g.virtualAddresses().forEach(v -> out.add(v.address().address()));
        return out;
    }

    /**
     * keepalived's default name of a virtual MAC link (vrrp.c create_vmac_name): {@code vrrp.VRID}, and when
     * another group took that, {@code vrrpN.VRID} with N = 1, 2, ... (an IPv6 group tries 6 first).
     */
    static String vmacName(int vrid, boolean ipv6, java.util.Collection<String> taken) {
        String name = "vrrp." + vrid;
        for (int n = ipv6 ? 6 : 1; taken.contains(name); ) {
            name = "vrrp" + n + "." + vrid;
            if (ipv6 && n == 6) n = 1;
            else if (ipv6 && n == 5) n = 7;
            else n++;
        }
        return name;
    }

    public boolean isEmpty() {
        return instances.isEmpty();
    }

    /** The priority each group advertises now, tracking included, by name (safe from any thread). */
    public Map<String, Integer> priorities() {
        return Map.copyOf(priorities);
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

    /** The current state of each group, by name (safe from any thread). */
    public Map<String, State> states() {
        return Map.copyOf(states);
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
            execute(engine.broadcast(new Event.Shutdown(), clock.getAsLong()));
        } finally {
            if (linkWatch != null) {
                try {
                    linkWatch.close();
                } catch (Exception e) {
                    log.accept("stopping the link watch: " + e.getMessage());
                }
            }
            channels.values().forEach(Host.Channel::close);
            for (String vmac : vmacs.values()) {
                try {
                    host.removeVmac(vmac);
                } catch (RuntimeException e) {
                    log.accept("removing " + vmac + " failed: " + e.getMessage());
                }
            }
            finished.countDown();
            for (Reload r; (r = reloads.poll()) != null; ) r.done().completeExceptionally(new IllegalStateException("the VRRP router stopped"));
        }
    }

    private void createVmac(Instance i, String vmac) {
        InstanceConfig c = i.machine().config();
        boolean ipv6 = c.primaryAddress() instanceof Inet6Address;
        // IPv6: the parent's link-local moves along, the source of the adverts (IPv4 ones keep the parent's address)
        host.createVmac(vmac, c.iface(), Vrrp.virtualMac(c.vrid(), ipv6), ipv6 ? c.primaryAddress() : null);
        log.accept(i.group().name() + ": virtual MAC " + java.util.HexFormat.ofDelimiter(":").formatHex(Vrrp.virtualMac(c.vrid(), ipv6))
                + " on " + vmac + " (macvlan on " + c.iface() + "); the virtual addresses go there");
    }

    /** Opens the instance's advert channel unless another instance opened it. */
    private void openChannel(Instance i) {
        String key = i.channelKey();
        if (!channels.containsKey(key)) {
            InstanceConfig c = i.machine().config();
            channels.put(key, host.open(channelIfaces.getOrDefault(key, c.iface()), c.primaryAddress() instanceof Inet6Address, c.primaryAddress(),
                    d -> received(key, d)));
            receiverCounters.put(key, new Counters());
        }
        log.accept(i.group().name() + ": vrid " + i.group().vrid() + " on " + i.group().iface() + ", VRRPv" + i.group().version()
                + ", priority " + i.machine().effectivePriority() + ", adverts from " + i.machine().config().primaryAddress().getHostAddress()
                + (i.machine().config().unicast() ? " to " + i.machine().config().unicastPeers() : " to the group"));
    }

    /** Creates the group's virtual MAC link; when that fails, the group is held in FAULT. */
    private boolean setUpVmac(Instance i, String vmac, long now) {
        try {
            createVmac(i, vmac);
            return true;
        } catch (RuntimeException e) {
            setupFault(i, "virtual MAC link " + vmac + " (not created)", "creating the virtual MAC link failed: " + e.getMessage(), now);
            return false;
        }
    }

    /** Opens the group's advert channel (unless open); when that fails, the group is held in FAULT. */
    private boolean setUpChannel(Instance i, long now) {
        try {
            openChannel(i);
            return true;
        } catch (RuntimeException e) {
            String iface = channelIfaces.getOrDefault(i.channelKey(), i.group().iface());
            setupFault(i, "advert channel on " + iface + " (not opened)", "opening the advert channel on " + iface + " failed: " + e.getMessage(), now);
            return false;
        }
    }

    /** Holds {@code i} in FAULT for {@code source} (a fault without weight, as an unweighted track's); logs {@code detail} unless it did last time. */
    private void setupFault(Instance i, String source, String detail, long now) {
        String name = i.group().name();
        String before = setupFaults.put(name, source);
        if (!detail.equals(setupFaultLogged.put(name, detail))) {
            log.accept(name + ": " + detail + "; held in FAULT until it is set up again (at once when "
                    + i.group().iface() + " is up and the virtual MAC link went, when " + i.group().iface() + " comes up, or by a reload)");
        }
        execute(engine.handle(i.machine(), new Event.TrackFault(source, true), now));
        if (before != null && !before.equals(source)) execute(engine.handle(i.machine(), new Event.TrackFault(before, false), now));
    }

    private void clearSetupFault(Instance i, long now) {
        String source = setupFaults.remove(i.group().name());
        setupFaultLogged.remove(i.group().name());
        if (source != null) execute(engine.handle(i.machine(), new Event.TrackFault(source, false), now));
    }

    /**
     * Sets a group held by {@link #setupFaults} up again: its virtual MAC link (created when it is not there,
     * or was never created) and its advert channel; the group leaves FAULT by the usual rules once both are.
     */
    private void setUpAgain(Instance i, long now) {
        String name = i.group().name();
        String source = setupFaults.get(name);
        if (source == null) return;
        String vmac = vmacs.get(name);
        if (vmac != null && (source.startsWith("virtual MAC link") || !linkExists(vmac))) {
            if (!setUpVmac(i, vmac, now)) return;
        }
        if (!setUpChannel(i, now)) return;
        log.accept(name + ": " + (vmac != null ? vmac + " and the advert channel are" : "the advert channel is") + " set up again");
        clearSetupFault(i, now);
    }

    /** The virtual MAC link of {@code i} went (deleted, or its parent was): its channel goes with it, the group to FAULT. */
    private void vmacGone(Instance i, String vmac, long now) {
        closeChannelsOn(vmac);
        setupFault(i, "virtual MAC link " + vmac + " (gone)", vmac + " is gone (deleted, or " + i.group().iface() + " was)", now);
    }

    /** Closes the channels on {@code iface} (a virtual MAC link), forgetting them. */
    private void closeChannelsOn(String iface) {
        for (String key : List.copyOf(channelIfaces.keySet())) {
            if (!iface.equals(channelIfaces.get(key))) continue;
            Host.Channel c = channels.remove(key);
            if (c != null) c.close();
            receiverCounters.remove(key);
        }
    }

    /**
     * Removes the macvlans on the groups' interfaces that carry a VRRP virtual MAC (RFC 5798 §7.3) and are
     * not a group's virtual MAC link here: left behind by a killed run of a group that is gone, such a link
     * keeps answering ARP for its addresses with the virtual MAC against the new master. Other macvlans stay.
     */
    private void removeLeftoverVmacs() {
        Set<String> parents = new java.util.LinkedHashSet<>();
        for (Instance i : instances) parents.add(i.group().iface());
        for (String parent : parents) {
            List<Host.Macvlan> found;
            try {
                found = host.macvlans(parent);
            } catch (RuntimeException e) {
                log.accept("listing the macvlans on " + parent + " failed: " + e.getMessage());
                continue;
            }
            for (Host.Macvlan m : found) {
                if (!Vrrp.isVirtualMac(m.mac()) || ownVmac(parent, m)) continue;
                log.accept("removing " + m.name() + ", a macvlan on " + parent + " with the VRRP virtual MAC " + m.mac()
                        + " that no group here uses (left behind by a process that was killed?)");
                try {
                    host.removeMacvlan(m.name());
                } catch (RuntimeException e) {
                    log.accept("removing " + m.name() + " failed: " + e.getMessage());
                }
            }
        }
    }

    /** True when {@code m} on {@code parent} is what a group's virtual MAC link here is: its name, parent and MAC (creating it replaces it). */
    private boolean ownVmac(String parent, Host.Macvlan m) {
        for (Instance i : instances) {
            InstanceConfig c = i.machine().config();
            if (!m.name().equals(vmacs.get(i.group().name())) || !parent.equals(c.iface())) continue;
            String mac = java.util.HexFormat.ofDelimiter(":").formatHex(Vrrp.virtualMac(c.vrid(), c.primaryAddress() instanceof Inet6Address));
            if (mac.equalsIgnoreCase(m.mac())) return true;
        }
        return false;
    }

    /** Creates the virtual MAC links, opens the advert channels, watches and reads the links and starts every instance. */
    void start() {
        long setUpAt = clock.getAsLong();
        removeLeftoverVmacs();
        // one group's failure is its own: it is held in FAULT, the others run
        for (Instance i : instances) {
            String vmac = vmacs.get(i.group().name());
            if (vmac != null) setUpVmac(i, vmac, setUpAt);
        }
        for (Instance i : instances) {
            if (!setupFaults.containsKey(i.group().name())) setUpChannel(i, setUpAt);
        }
        // watch first, then read: a change between the two is reported, not missed
        linkWatch = host.watchLinks(report -> {
            linkReports.add(report);
            inbox.offer(LINKS); // wakes a waiting loop; when the inbox is full, the loop is not waiting
        });
        long now = clock.getAsLong();
        readLinks(now);
        // what the scripts and the outside trackers say is known before the startup (an unweighted script holds it)
        tracking.initial((m, e) -> execute(engine.handle(m, e, now)));
        drainTracking(now);
        execute(engine.broadcast(new Event.Startup(), now));
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
                ? inbox.poll(Math.max(0, Math.min(engine.nextDeadline(), tracking.nextDeadline()) - now), TimeUnit.NANOSECONDS)
                : inbox.poll();
        now = clock.getAsLong();
        if (in == STOP || stopRequested) {
            execute(engine.broadcast(new Event.Shutdown(), now));
            return false;
        }
        for (Host.LinkReport report; (report = linkReports.poll()) != null; ) applyLinks(report, now);
        for (Reload r; (r = reloads.poll()) != null; ) reload(r, now);
        drainTracking(now);
        if (in instanceof Inbound r) dispatch(r, now);
        if (now >= engine.nextDeadline()) execute(engine.broadcast(new Event.Tick(), now));
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
    public java.util.concurrent.CompletableFuture<List<GroupChanges.Change>> reconfigure(ConfigDocument doc) {
        var done = new java.util.concurrent.CompletableFuture<List<GroupChanges.Change>>();
        if (finished.getCount() == 0 || stopRequested) {
            done.completeExceptionally(new IllegalStateException("the VRRP router stopped"));
            return done;
        }
        reloads.add(new Reload(doc, done));
        inbox.offer(RELOAD); // wakes a waiting loop; when the inbox is full, the loop is not waiting
        if (finished.getCount() == 0 && reloads.remove(new Reload(doc, done))) {
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

    /** Validates everything first (nothing changes when a group cannot run here), then stops, updates, starts. */
    private List<GroupChanges.Change> reload(ConfigDocument doc, long now) {
        List<FieldError> refused = new ArrayList<>();
        Map<String, String> at = new LinkedHashMap<>();
        for (int i = 0; i < doc.vrrpGroups().size(); i++) {
            VrrpGroup g = doc.vrrpGroups().get(i);
            if (!g.hasMember(director)) continue;
            at.put(g.name(), "/vrrpGroups/" + i);
            GroupScripts.checkGroup(g, "/vrrpGroups/" + i, tracking.scripts(), refused);
        }
        if (!refused.isEmpty()) throw new ValidationException(refused);
        List<VrrpGroup> running = instances.stream().map(Instance::group).toList();
        List<GroupChanges.Change> changes = new ArrayList<>(GroupChanges.diff(running, doc.vrrpGroups(), director));
        for (int k = 0; k < changes.size(); k++) {
            // a group held in FAULT by its setup is restarted: the reload sets it up afresh
            GroupChanges.Change c = changes.get(k);
            String fault = setupFaults.get(c.group());
            if (fault != null && (c.kind() == GroupChanges.Kind.UNCHANGED || c.kind() == GroupChanges.Kind.UPDATED)) {
                changes.set(k, new GroupChanges.Change(c.group(), GroupChanges.Kind.RESTART, c.before(), c.after(), "set up again: " + fault));
            }
        }
        // addresses that may be on the interfaces now or soon: never a source address
        List<InetAddress> except = vips(running);
        except.addAll(vips(doc.groupsOf(director)));
        Map<String, String> keptVmacs = new LinkedHashMap<>();
        for (GroupChanges.Change c : changes) {
            if ((c.kind() == GroupChanges.Kind.UNCHANGED || c.kind() == GroupChanges.Kind.UPDATED) && vmacs.containsKey(c.group())) {
                keptVmacs.put(c.group(), vmacs.get(c.group()));
            }
        }
        Map<String, Built> built = new LinkedHashMap<>();
        Map<String, InetAddress> sources = new LinkedHashMap<>();
        for (int k = 0; k < changes.size(); k++) {
            GroupChanges.Change c = changes.get(k);
            Instance i = c.before() == null ? null : byName(c.group());
            switch (c.kind()) {
                case REMOVED:
                    break;
                case UNCHANGED:
                    sources.putIfAbsent(i.channelKey(), i.machine().config().primaryAddress());
                    break;
                default:
                    java.util.Collection<String> taken = new ArrayList<>(keptVmacs.values());
                    built.values().forEach(b -> { if (b.vmac() != null) taken.add(b.vmac()); });
                    Built b = build(c.after(), at.get(c.group()), director, host, except, taken);
                    if (c.kind() == GroupChanges.Kind.UPDATED) {
                        if (VrrpMachine.sameIdentity(i.machine().config(), b.config())) {
                            b = new Built(b.group(), b.config(), keptVmacs.get(c.group()), i.channelKey(), channelIfaces.get(i.channelKey()));
                        } else {
                            changes.set(k, new GroupChanges.Change(c.group(), GroupChanges.Kind.RESTART, c.before(), c.after(),
                                    "source address " + i.machine().config().primaryAddress().getHostAddress() + " -> "
                                            + b.config().primaryAddress().getHostAddress()));
                        }
                    }
                    built.put(c.group(), b);
            }
        }
        for (Built b : built.values()) checkSource(sources, b, at.get(b.group().name()));

        // stop what goes (removed, and the old half of a restart) first: its addresses, VRID and virtual MAC are free then
        for (GroupChanges.Change c : changes) {
            if (c.kind() == GroupChanges.Kind.REMOVED || c.kind() == GroupChanges.Kind.RESTART) stopInstance(byName(c.group()), now, c);
        }
        for (GroupChanges.Change c : changes) {
            if (c.kind() != GroupChanges.Kind.UNCHANGED && c.kind() != GroupChanges.Kind.UPDATED) continue;
            Instance i = byName(c.group());
            if (c.kind() == GroupChanges.Kind.UNCHANGED) {
                replace(i, new Instance(i.machine(), c.after(), i.channelKey()));
            } else if (c.kind() == GroupChanges.Kind.UPDATED) {
                Built b = built.get(c.group());
                b.config().warnings().forEach(w -> log.accept("vrrp group " + c.group() + ": " + w));
                log.accept(c.group() + ": changing in place, keeping its state " + i.machine().state());
                replace(i, new Instance(i.machine(), c.after(), i.channelKey(), i.group()));
                execute(engine.reconfigure(i.machine(), b.config(), now));
                tracking.update(i.machine(), c.after(), now, (m, e) -> execute(engine.handle(m, e, now)));
                links(i.machine(), now);
            }
        }
        for (int k = 0; k < changes.size(); k++) {
            GroupChanges.Change c = changes.get(k);
            if (c.kind() != GroupChanges.Kind.ADDED && c.kind() != GroupChanges.Kind.RESTART) continue;
            startInstance(built.get(c.group()), now, c);
            // started, but its virtual MAC link or channel is not usable: said in its change, not only in its state
            String fault = setupFaults.get(c.group());
            if (fault != null) changes.set(k, new GroupChanges.Change(c.group(), c.kind(), c.before(), c.after(), c.reason() + "; held in FAULT: " + fault));
        }
        closeUnusedChannels();
        for (GroupChanges.Change c : changes) {
            String fault = c.kind() == GroupChanges.Kind.ADDED && setupFaults.containsKey(c.group()) ? "; held in FAULT: " + setupFaults.get(c.group()) : "";
            if (c.kind() != GroupChanges.Kind.UNCHANGED) log.accept(c.group() + ": " + describe(c) + fault);
        }
        long kept = changes.stream().filter(c -> c.kind() == GroupChanges.Kind.UNCHANGED).count();
        if (kept > 0) log.accept("reload: " + kept + " group(s) unchanged, running on untouched");
        return List.copyOf(changes);
    }

    /** A line for the log: what the reload did to the group. */
    public static String describe(GroupChanges.Change c) {
        return switch (c.kind()) {
            case UNCHANGED -> "kept (unchanged)";
            case REMOVED -> "stopped (" + c.reason() + ")";
            case ADDED -> "started";
            case UPDATED -> "updated in place";
            case RESTART -> "restarted (" + c.reason() + ")";
        };
    }

    private Instance byName(String group) {
        for (Instance i : instances) if (i.group().name().equals(group)) return i;
        throw new IllegalStateException("no running group " + group);
    }

    private void replace(Instance before, Instance after) {
        instances.set(instances.indexOf(before), after);
    }

    /** Graceful stop of one instance (a reload): priority 0 from a master, addresses given back, STOP hook, sync daemon stopped. */
    private void stopInstance(Instance i, long now, GroupChanges.Change c) {
        execute(engine.remove(i.machine(), now));
        tracking.remove(i.machine());
        instances.remove(i);
        setupFaults.remove(c.group());
        setupFaultLogged.remove(c.group());
        String vmac = vmacs.remove(c.group());
        if (vmac != null) {
            // the channel on the virtual MAC link is bound to that link: it goes with it (a restart opens a new one)
            closeChannelsOn(vmac);
            channelIfaces.values().removeIf(vmac::equals);
            try {
                host.removeVmac(vmac);
            } catch (RuntimeException e) {
                log.accept("removing " + vmac + " failed: " + e.getMessage());
            }
        }
        if (c.kind() == GroupChanges.Kind.REMOVED) {
            states.remove(c.group());
            priorities.remove(c.group());
        }
    }

    /** Starts one instance (a reload added or restarted it): virtual MAC, channel, links, tracking, then its startup. */
    private void startInstance(Built b, long now, GroupChanges.Change c) {
        VrrpGroup g = b.group();
        b.config().warnings().forEach(w -> log.accept("vrrp group " + g.name() + ": " + w));
        VrrpMachine m = new VrrpMachine(b.config());
        Instance i = new Instance(m, g, b.channelKey());
        if (b.vmac() != null) vmacs.put(g.name(), b.vmac());
        channelIfaces.put(b.channelKey(), b.advertIface());
        instances.add(i);
        engine.add(m);
        states.put(g.name(), State.INITIALIZE);
        priorities.put(g.name(), m.effectivePriority());
        // a failure holds this group in FAULT; the reload goes on with the others
        if (b.vmac() == null || setUpVmac(i, b.vmac(), now)) setUpChannel(i, now);
        links(m, now);
        tracking.add(m, g, now);
        java.util.function.BiConsumer<VrrpMachine, Event> handle = (x, e) -> execute(engine.handle(x, e, now));
        tracking.initial(m, handle);
        tracking.replay(g.name(), m, handle);
        execute(engine.handle(m, new Event.Startup(), now));
    }

    /** Tells {@code m} the state of each link it looks at, reading those the router did not know yet. */
    private void links(VrrpMachine m, long now) {
        Set<String> names = new java.util.LinkedHashSet<>();
        names.add(m.config().iface());
        m.config().trackInterfaces().forEach(t -> names.add(t.iface()));
        for (String name : names) {
            Boolean known = links.get(name);
            if (known != null) {
                execute(engine.handle(m, new Event.LinkChanged(name, known), now));
                continue;
            }
            linkState(name, linkUpNow(name), now, false);
        }
    }

    private void closeUnusedChannels() {
        Set<String> used = new HashSet<>();
        for (Instance i : instances) used.add(i.channelKey());
        for (String key : List.copyOf(channels.keySet())) {
            if (used.contains(key)) continue;
            channels.remove(key).close();
            receiverCounters.remove(key);
            channelIfaces.remove(key);
        }
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
        if ((last == Long.MIN_VALUE || now - last >= INBOX_FULL_LOG_NANOS) && inboxFullLoggedAt.compareAndSet(last, now)) {
            log.accept("received adverts arrive faster than they are handled: " + INBOX_CAPACITY + " are waiting; dropping what arrives on "
                    + channelKey + " (" + dropped + " dropped so far; logged at most every " + INBOX_FULL_LOG_NANOS / 1_000_000_000L + " s)");
        }
    }

    /** The links the instances look at: their interfaces and the tracked ones. */
    private Set<String> linkNames() {
        Set<String> names = new HashSet<>();
        for (Instance i : instances) {
            names.add(i.group().iface());
            i.group().trackInterfaces().forEach(t -> names.add(t.iface()));
        }
        return names;
    }

    /** The host's answer for {@code name}: up, or down when it is down, gone or cannot be read. */
    private boolean linkUpNow(String name) {
        try {
            return host.linkUp(name);
        } catch (NetlinkException e) {
            return false;
        }
    }

    /** At start: asks the host for each link's state. */
    private void readLinks(long now) {
        for (String name : linkNames()) {
            linkState(name, linkUpNow(name), now, false);
        }
    }

    /**
     * A report of the host's link watch: the links it names, and, when complete, the absence of the others.
     * A group's virtual MAC link that went holds the group in FAULT (before its interface's news can let it
     * out); it is created again at once when the interface is up, else when it comes up (keepalived does the same).
     */
    private void applyLinks(Host.LinkReport report, long now) {
        Set<Instance> vmacWent = new HashSet<>();
        for (Instance i : List.copyOf(instances)) {
            String vmac = vmacs.get(i.group().name());
            if (vmac == null || setupFaults.containsKey(i.group().name())) continue;
            Boolean up = report.links().get(vmac);
            if (up == null && report.complete()) up = false;
            // down is not gone: its interface is down (that one's FAULT), or the report is older than the link (just created)
            if (up == null || up || linkExists(vmac)) continue;
            vmacGone(i, vmac, now);
            vmacWent.add(i);
        }
        Map<String, Boolean> before = new HashMap<>(links);
        for (String name : linkNames()) {
            Boolean up = report.links().get(name);
            if (up == null && report.complete()) up = false; // not among all the links there are: gone
            if (up != null) linkState(name, up, now, true);
        }
        for (Instance i : List.copyOf(instances)) {
            if (!setupFaults.containsKey(i.group().name()) || !instances.contains(i)) continue;
            String iface = i.group().iface();
            boolean upNow = Boolean.TRUE.equals(links.get(iface));
            if (upNow && (vmacWent.contains(i) || !Boolean.TRUE.equals(before.get(iface)))) setUpAgain(i, now);
        }
    }

    private boolean linkExists(String name) {
        try {
            return host.linkExists(name);
        } catch (RuntimeException e) {
            return true; // not known: nothing is done on a guess
        }
    }

    private void linkState(String name, boolean up, long now, boolean announce) {
        Boolean before = links.put(name, up);
        if (before == null ? !up || !announce : before != up) {
            if (announce || !up) log.accept("interface " + name + (up ? " is up" : " is down"));
            execute(engine.broadcast(new Event.LinkChanged(name, up), now));
        }
    }

    private void dispatch(Inbound r, long now) {
        Counters counters = receiverCounters.get(r.channelKey());
        if (counters == null) return; // queued before its channel was closed
        if (r.decoded() instanceof Decoded.Dropped d) {
            if (counters.drop(d.reason())) log.accept("dropped an advert on " + r.channelKey() + ": " + d.reason() + ": " + d.detail() + " (counted; logged once)");
            return;
        }
        Decoded.Valid v = (Decoded.Valid) r.decoded();
        for (Instance i : instances) {
            if (i.channelKey().equals(r.channelKey()) && i.machine().config().vrid() == v.advert().vrid()) {
                execute(engine.handle(i.machine(), new Event.AdvertReceived(v.source(), v.advert()), now));
                return;
            }
        }
        if (counters.drop(DropReason.VRID)) {
            log.accept("dropped an advert on " + r.channelKey() + " from " + v.source().getHostAddress() + ": no group with vrid "
                    + v.advert().vrid() + " here (counted; logged once)");
        }
    }

    private void drainTracking(long now) {
        tracking.drain(now, group -> {
            for (Instance i : instances) if (i.group().name().equals(group)) return i.machine();
            return null;
        }, (m, e) -> execute(engine.handle(m, e, now)));
    }

    private void execute(List<VrrpEngine.Output> outputs) {
        for (VrrpEngine.Output o : outputs) {
            Instance i = instance(o.machine());
            priorities.put(i.group().name(), o.machine().effectivePriority());
            try {
                execute(i, o.action());
            } catch (RuntimeException e) {
                log.accept(i.group().name() + ": " + describe(o.action()) + " failed: " + e.getMessage());
            }
        }
    }

    private void execute(Instance i, Action action) {
        InstanceConfig c = i.machine().config();
        VrrpGroup g = i.group();
        if (action instanceof Action.SendAdvert s) {
            Advertisement a = c.version() == Vrrp.VERSION_2
                    ? Advertisement.v2(c.vrid(), s.priority(), c.intervalUnits(), c.virtualAddresses(), c.authData())
                    : Advertisement.v3(c.vrid(), s.priority(), c.intervalUnits(), c.virtualAddresses());
            List<InetAddress> destinations = c.unicast() ? c.unicastPeers()
                    : List.of(c.primaryAddress() instanceof Inet6Address ? Vrrp.GROUP_V6 : Vrrp.GROUP_V4);
            Host.Channel channel = channels.get(i.channelKey());
            if (channel == null) return; // not set up, or its link went: the group is in FAULT (a master's goodbye cannot leave)
            for (InetAddress d : destinations) channel.send(AdvertCodec.encode(a, c.primaryAddress(), d), d);
        } else if (action instanceof Action.AddAddresses add) {
            for (VrrpGroup.VirtualAddress v : g.virtualAddresses()) {
                if (add.only() == null || add.only().contains(v.address().address())) host.addAddress(device(g, v), v.address(), v.label());
            }
        } else if (action instanceof Action.RemoveAddresses remove) {
            // the dropped ones of a reload are no longer in the group: take them from the group they were in
            List<VrrpGroup.VirtualAddress> from = remove.only() == null ? g.virtualAddresses() : i.previous() == null ? List.of()
                    : i.previous().virtualAddresses().stream().filter(v -> remove.only().contains(v.address().address())).toList();
            VrrpGroup where = remove.only() == null ? g : i.previous();
            for (VrrpGroup.VirtualAddress v : from) {
                try {
                    host.removeAddress(device(where, v), v.address());
                } catch (RuntimeException e) {
                    log.accept(g.name() + ": removing " + v.address() + " failed: " + e.getMessage());
                }
            }
        } else if (action instanceof Action.Announce a) {
            Map<String, List<InetAddress>> byDevice = new LinkedHashMap<>();
            for (VrrpGroup.VirtualAddress v : g.virtualAddresses()) {
                if (a.only() == null || a.only().contains(v.address().address())) {
                    byDevice.computeIfAbsent(device(g, v), k -> new ArrayList<>()).add(v.address().address());
                }
            }
            byDevice.forEach((dev, addresses) -> host.announce(dev, addresses, a.repeat()));
        } else if (action instanceof Action.SyncDaemon s) {
            host.syncDaemon(c.connectionSync(), s.role());
        } else if (action instanceof Action.Transition t) {
            states.put(g.name(), t.to());
            log.accept(g.name() + " (vrid " + g.vrid() + " on " + g.iface() + "): " + t.from() + " -> " + t.to() + ": " + t.reason()
                    + " [priority " + i.machine().effectivePriority() + "]");
            listener.transition(g.name(), t.from(), t.to(), t.reason());
            tracking.notify(g, t.to(), i.machine().effectivePriority());
        } else if (action instanceof Action.Dropped d) {
            if (d.first()) log.accept(g.name() + ": dropped an advert from " + d.source().getHostAddress() + ": " + d.reason() + ": " + d.detail() + " (counted; logged once)");
        } else if (action instanceof Action.Note n) {
            log.accept(g.name() + ": " + n.message());
        }
    }

    /**
     * Where a virtual address goes: its device, else the group's interface, or, with vmac, the virtual MAC
     * link for every address not given another device (keepalived: the VIPs "which do not specify a different interface").
     */
    private String device(VrrpGroup g, VrrpGroup.VirtualAddress v) {
        String vmac = vmacs.get(g.name());
        if (vmac != null && (v.device() == null || v.device().equals(g.iface()))) return vmac;
        return v.device() != null ? v.device() : g.iface();
    }

    private Instance instance(VrrpMachine m) {
        for (Instance i : instances) if (i.machine() == m) return i;
        throw new IllegalStateException("unknown machine " + m);
    }

    private static String describe(Action a) {
        return a.getClass().getSimpleName();
    }
}
