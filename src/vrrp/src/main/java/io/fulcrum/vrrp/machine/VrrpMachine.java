package io.fulcrum.vrrp.machine;

import io.fulcrum.model.Enums;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.vrrp.machine.Action.SyncDaemon.Role;
import io.fulcrum.vrrp.packet.Advertisement;
import io.fulcrum.vrrp.packet.DropReason;
import io.fulcrum.vrrp.packet.Vrrp;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One VRRP instance's state machine (RFC 3768 §6.4, RFC 5798 §6.4) with keepalived's additions:
 * FAULT, tracked interfaces with weights, priority adjustments and faults of tracked scripts and
 * virtual servers, preempt delay, initial state MASTER, sync groups.
 * Pure: {@link #handle} takes an event and the time (nanoseconds on a monotonic clock) and returns
 * the actions to take; {@link #nextDeadline} says when to call again with a {@link Event.Tick}.
 * Not thread-safe: one thread drives it.
 */
public final class VrrpMachine {
    /** A timer that is not armed. */
    public static final long NEVER = Long.MAX_VALUE;

    private InstanceConfig config;
    private final Counters counters = new Counters();
    private long advertNanos;
    private byte[] authData;
    private HashSet<InetAddress> ownAddresses;

    private State state = State.INITIALIZE;
    private boolean started;
    private boolean stopped;
    /** Master_Adver_Interval: the configured one, or (v3) the current master's (RFC 5798 §6.1). */
    private long masterAdverNanos;

    private long advertAt = NEVER;
    private long masterDownAt = NEVER;
    private long garpDelayAt = NEVER;
    private long garpRefreshAt = NEVER;
    /** keepalived's preempt_time: until when a lower-priority master is still accepted; NEVER: not started. */
    private long preemptHoldUntil = NEVER;

    private InetAddress masterAddress;
    /** Why the master-down timer is running short: the master advertised priority 0. */
    private boolean masterResigned;
    /** The last advert seen was discarded for its lower priority (preempt): for the takeover's reason. */
    private int preemptedPriority = -1;

    private InetAddress preemptedSource;
    private final Map<String, Boolean> links = new HashMap<>();
    private final Map<String, Integer> adjustments = new HashMap<>();
    /** Tracked conditions without a weight: source -> in fault (null: not known yet). */
    private final Map<String, Boolean> trackFaults = new HashMap<>();
    /** Started, but waiting for every {@link #trackFaults} source to report before leaving Initialize. */
    private boolean held;

    private boolean groupFault;

    public VrrpMachine(InstanceConfig config) {
        this.config = config;
        this.advertNanos = config.advertInterval().toNanos();
        this.masterAdverNanos = advertNanos;
        this.authData = config.authData();
        this.ownAddresses = new HashSet<>(config.virtualAddresses());
        links.put(config.iface(), true);
        for (VrrpGroup.TrackInterface t : config.trackInterfaces()) links.put(t.iface(), true);
    }

    public InstanceConfig config() {
        return config;
    }

    public State state() {
        return state;
    }

    public Counters counters() {
        return counters;
    }

    public InetAddress masterAddress() {
        return state == State.MASTER ? config.primaryAddress() : masterAddress;
    }

    public long masterAdverNanos() {
        return masterAdverNanos;
    }

    public boolean groupFault() {
        return groupFault;
    }

    /** The priority advertised: the base, plus tracked weights and adjustments, held in 1..254 unless the owner's 255. */
    public int effectivePriority() {
        if (config.owner()) return Vrrp.PRIORITY_OWNER;
        int p = config.priority();
        for (VrrpGroup.TrackInterface t : config.trackInterfaces()) {
            Integer w = t.weight();
            if (w == null || w == 0) continue;
            boolean up = links.getOrDefault(t.iface(), true);
            if (w > 0 && up || w < 0 && !up) p += w; // keepalived: +w while up, -|w| while down
        }
        for (int d : adjustments.values()) p += d;
        return Math.max(1, Math.min(254, p));
    }

    /** Fault of this instance's own: its interface or an unweighted tracked interface is down, or an unweighted track is in fault. */
    public boolean ownFault() {
        if (!links.getOrDefault(config.iface(), true)) return true;
        if (trackFaults.containsValue(Boolean.TRUE)) return true;
        for (VrrpGroup.TrackInterface t : config.trackInterfaces()) {
            if ((t.weight() == null || t.weight() == 0) && !links.getOrDefault(t.iface(), true)) return true;
        }
        return false;
    }

    private boolean faulted() {
        return ownFault() || groupFault;
    }

    /** When the next timer is due, or {@link #NEVER}. */
    public long nextDeadline() {
        if (stopped) return NEVER;
        return switch (state) {
            case MASTER -> Math.min(advertAt, Math.min(garpDelayAt, garpRefreshAt));
            case BACKUP -> masterDownAt;
            default -> NEVER;
        };
    }

    public List<Action> handle(Event event, long now) {
        List<Action> out = new ArrayList<>();
        if (stopped) return out;
        if (event instanceof Event.Startup) {
            startup(now, out);
        } else if (event instanceof Event.Tick) {
            tick(now, out);
        } else if (event instanceof Event.AdvertReceived r) {
            received(r.source(), r.advert(), now, out);
        } else if (event instanceof Event.LinkChanged l) {
            if (links.containsKey(l.iface())) {
                int before = effectivePriority();
                links.put(l.iface(), l.up());
                reassess(before, now, out, "interface " + l.iface() + (l.up() ? " up" : " down"));
            }
        } else if (event instanceof Event.PriorityAdjusted p) {
            int before = effectivePriority();
            if (p.delta() == 0) adjustments.remove(p.source());
            else adjustments.put(p.source(), p.delta());
            reassess(before, now, out, p.source());
        } else if (event instanceof Event.TrackFault f) {
            trackFault(f, now, out);
        } else if (event instanceof Event.SyncGroupFault f) {
            int before = effectivePriority();
            groupFault = f.fault();
            reassess(
                    before,
                    now,
                    out,
                    "sync group " + config.syncGroup()
                            + (f.fault() ? " has a member in FAULT" : " has no member in FAULT"));
        } else if (event instanceof Event.SyncGroupFollow f) {
            follow(f.state(), now, out);
        } else if (event instanceof Event.Shutdown) {
            shutdown(out);
        }
        return out;
    }

    // ---- reconfiguration (a reload) ----

    /**
     * True when {@code next} can replace {@code running} in place: same instance name, interface, VRID,
     * version and source address (so the address family too). Anything else needs a stop and a new instance.
     */
    public static boolean sameIdentity(InstanceConfig running, InstanceConfig next) {
        return running.name().equals(next.name())
                && running.iface().equals(next.iface())
                && running.vrid() == next.vrid()
                && running.version() == next.version()
                && running.primaryAddress().equals(next.primaryAddress());
    }

    /**
     * Takes {@code next} in place of the running configuration, keeping the state, as keepalived keeps it
     * across a reload. A master takes the addresses the change dropped off the interface, puts the new ones
     * on and announces those only, and advertises at once when its advert changed (priority, addresses,
     * interval, authentication, peers), the advert timer re-armed with the new interval; a v2 backup re-arms
     * its master down timer with the new interval (a v3 one keeps the master's, RFC 5798 §6.4.2). Everything
     * else follows the usual rules from the next advert or timer: a backup with preempt whose priority now
     * beats the master's discards its adverts and takes over when Master_Down_Timer fires (RFC 3768 §6.4.2).
     * A tracked interface that is new counts as up until a {@link Event.LinkChanged} says otherwise.
     *
     * @throws IllegalArgumentException when {@code next} is not {@link #sameIdentity} with the running configuration
     */
    public List<Action> reconfigure(InstanceConfig next, long now) {
        if (!sameIdentity(config, next)) {
            throw new IllegalArgumentException("instance " + config.name()
                    + ": interface, vrid, version or source address changed; restart it instead");
        }
        List<Action> out = new ArrayList<>();
        InstanceConfig old = config;
        int before = effectivePriority();
        config = next;
        advertNanos = next.advertInterval().toNanos();
        authData = next.authData();
        ownAddresses = new HashSet<>(next.virtualAddresses());
        Set<String> tracked = new HashSet<>();
        tracked.add(next.iface());
        for (VrrpGroup.TrackInterface t : next.trackInterfaces()) tracked.add(t.iface());
        links.keySet().retainAll(tracked);
        for (String l : tracked) links.putIfAbsent(l, true);
        boolean intervalChanged = advertNanos != old.advertInterval().toNanos();
        // a v3 backup keeps the interval it learnt from the master (RFC 5798 §6.4.2)
        if (intervalChanged && (next.version() == Vrrp.VERSION_2 || state != State.BACKUP))
            masterAdverNanos = advertNanos;
        if (!started || stopped || held)
            return out; // nothing armed yet (or any more): the new values apply from the start
        String what = changes(old, next);
        if (!what.isEmpty()) out.add(new Action.Note("reconfigured: " + what));
        if (old.preempt() != next.preempt() || !old.preemptDelay().equals(next.preemptDelay()))
            preemptHoldUntil = NEVER;
        boolean advertChanged = intervalChanged
                || !Arrays.equals(old.authData(), next.authData())
                || !old.unicastPeers().equals(next.unicastPeers())
                || !old.virtualAddresses().equals(next.virtualAddresses());
        boolean syncChanged = !Objects.equals(old.connectionSync(), next.connectionSync());
        if (state == State.MASTER) {
            List<InetAddress> dropped = old.virtualAddresses().stream()
                    .filter(a -> !next.virtualAddresses().contains(a))
                    .toList();
            List<InetAddress> added = next.virtualAddresses().stream()
                    .filter(a -> !old.virtualAddresses().contains(a))
                    .toList();
            if (!dropped.isEmpty()) out.add(new Action.RemoveAddresses(dropped));
            if (!added.isEmpty()) {
                out.add(new Action.AddAddresses(added));
                out.add(new Action.Announce(next.garp().masterRepeat(), added));
            }
            if (!old.garp().masterRefresh().equals(next.garp().masterRefresh())) {
                long refresh = next.garp().masterRefresh().toNanos();
                garpRefreshAt = refresh > 0 ? now + refresh : NEVER;
            }
            if (syncChanged) syncDaemon(old, next, Role.MASTER, out);
        } else if (state == State.BACKUP) {
            if (intervalChanged && next.version() == Vrrp.VERSION_2) masterDownAt = now + masterDownInterval();
            if (syncChanged) syncDaemon(old, next, Role.BACKUP, out);
        }
        boolean priorityChanged = effectivePriority() != before;
        // FAULT or not, and a new priority, as after a tracking change (e.g. a dropped tracked interface that was down)
        reassess(before, now, out, "reconfiguration");
        if (state == State.MASTER
                && advertChanged
                && !priorityChanged) { // a priority change was advertised by reassess
            advertise(effectivePriority(), out);
            advertAt = now + advertNanos;
        }
        return out;
    }

    private static void syncDaemon(InstanceConfig old, InstanceConfig next, Role role, List<Action> out) {
        if (old.connectionSync() != null) out.add(new Action.SyncDaemon(null));
        if (next.connectionSync() != null) out.add(new Action.SyncDaemon(role));
    }

    /** What a reconfiguration changes, for the log; never a password. */
    static String changes(InstanceConfig a, InstanceConfig b) {
        List<String> c = new ArrayList<>();
        if (a.priority() != b.priority()) c.add("priority " + a.priority() + " -> " + b.priority());
        if (!a.advertInterval().equals(b.advertInterval()))
            c.add("advert interval " + a.advertInterval().toMillis() + " -> "
                    + b.advertInterval().toMillis() + " ms");
        if (!a.virtualAddresses().equals(b.virtualAddresses())) {
            c.add("virtual addresses "
                    + a.virtualAddresses().stream()
                            .map(InetAddress::getHostAddress)
                            .toList() + " -> "
                    + b.virtualAddresses().stream()
                            .map(InetAddress::getHostAddress)
                            .toList());
        }
        if (a.preempt() != b.preempt()) c.add(b.preempt() ? "preempt" : "nopreempt");
        if (!a.preemptDelay().equals(b.preemptDelay()))
            c.add("preempt delay " + b.preemptDelay().toMillis() + " ms");
        if (!Arrays.equals(a.authData(), b.authData())) c.add("authentication");
        if (!a.unicastPeers().equals(b.unicastPeers()))
            c.add("unicast peers "
                    + b.unicastPeers().stream().map(InetAddress::getHostAddress).toList());
        if (!a.garp().equals(b.garp())) c.add("gratuitous ARP settings");
        if (!a.trackInterfaces().equals(b.trackInterfaces())) c.add("tracked interfaces");
        if (!Objects.equals(a.syncGroup(), b.syncGroup())) c.add("sync group " + b.syncGroup());
        if (!Objects.equals(a.connectionSync(), b.connectionSync())) c.add("connection sync");
        return String.join(", ", c);
    }

    // ---- transitions ----

    private void startup(long now, List<Action> out) {
        if (started) return;
        started = true;
        if (trackFaults.containsValue(null)) {
            held = true;
            out.add(new Action.Note("waiting for the first result of " + unknownTracks() + " before starting"));
            return;
        }
        leaveInitialize(now, out);
    }

    private String unknownTracks() {
        return String.join(
                ", ",
                trackFaults.entrySet().stream()
                        .filter(e -> e.getValue() == null)
                        .map(Map.Entry::getKey)
                        .sorted()
                        .toList());
    }

    /** A tracked condition without a weight reported; a held startup goes on once none is unknown. */
    private void trackFault(Event.TrackFault f, long now, List<Action> out) {
        int before = effectivePriority();
        trackFaults.put(f.source(), f.fault());
        if (held) {
            if (!trackFaults.containsValue(null)) {
                held = false;
                leaveInitialize(now, out);
            }
            return;
        }
        reassess(
                before,
                now,
                out,
                f.source() + (f.fault() == null ? " unknown" : f.fault() ? " in fault" : " recovered"));
    }

    private void leaveInitialize(long now, List<Action> out) {
        // a predecessor killed without giving the addresses back (kill -9, a crash) may have left them on the
        // interface: a backup or a faulted instance holding them would answer ARP for them against the master
        if (!config.owner()) out.add(new Action.RemoveAddresses());
        if (faulted()) {
            enterFault(
                    now,
                    out,
                    trackFaults.containsValue(Boolean.TRUE) && links.getOrDefault(config.iface(), true)
                            ? "a tracked condition is in fault at startup (" + faultedTracks() + ")"
                            : "an interface is down at startup");
        } else if (config.owner()) {
            becomeMaster(now, out, "address owner (priority 255)"); // RFC 3768 §6.4.1
        } else {
            // keepalived: an initial MASTER waits one interval (plus the least skew) for a better master
            long wait = config.initialState() == Enums.InitialState.MASTER
                    ? masterAdverNanos + Timing.skew(config.version(), 255, masterAdverNanos)
                    : masterDownInterval();
            enterBackup(now, wait, out, "startup");
        }
    }

    private void tick(long now, List<Action> out) {
        if (state == State.BACKUP && now >= masterDownAt) {
            becomeMaster(
                    now,
                    out,
                    preemptedSource != null
                            ? "preempting master " + preemptedSource.getHostAddress() + " (its priority "
                                    + preemptedPriority + ", ours " + effectivePriority() + ")"
                            : masterAddress == null
                                    ? "no master seen for the master down interval"
                                    : "master " + masterAddress.getHostAddress()
                                            + (masterResigned ? " stopped (priority 0)" : " went silent"));
        } else if (state == State.MASTER) {
            if (now >= advertAt) {
                advertise(effectivePriority(), out);
                advertAt = now + advertNanos;
            }
            if (now >= garpDelayAt) {
                out.add(new Action.Announce(config.garp().masterRepeat()));
                garpDelayAt = NEVER;
            }
            if (now >= garpRefreshAt) {
                out.add(new Action.Announce(config.garp().masterRefreshRepeat()));
                garpRefreshAt = now + config.garp().masterRefresh().toNanos();
            }
        }
    }

    private void becomeMaster(long now, List<Action> out, String reason) {
        State from = state;
        // the advert first, so that a master we preempt lets go before our GARPs (keepalived does the same)
        advertise(effectivePriority(), out);
        out.add(new Action.AddAddresses());
        out.add(new Action.Announce(config.garp().masterRepeat()));
        long delay = config.garp().masterDelay().toNanos();
        garpDelayAt = delay > 0 ? now + delay : NEVER;
        long refresh = config.garp().masterRefresh().toNanos();
        garpRefreshAt = refresh > 0 ? now + refresh : NEVER;
        advertAt = now + advertNanos;
        masterDownAt = NEVER;
        preemptHoldUntil = NEVER;
        preemptedSource = null;
        state = State.MASTER;
        counters.becameMaster++;
        if (config.connectionSync() != null) out.add(new Action.SyncDaemon(Role.MASTER));
        out.add(new Action.Transition(from, State.MASTER, reason));
    }

    private void enterBackup(long now, long downIn, List<Action> out, String reason) {
        State from = state;
        if (from == State.MASTER) releaseMaster(out);
        state = State.BACKUP;
        preemptedSource = null;
        masterDownAt = now + downIn;
        preemptHoldUntil = NEVER;
        if (config.connectionSync() != null) out.add(new Action.SyncDaemon(Role.BACKUP));
        out.add(new Action.Transition(from, State.BACKUP, reason));
    }

    private void enterFault(long now, List<Action> out, String reason) {
        State from = state;
        if (from == State.MASTER) {
            advertise(Vrrp.PRIORITY_STOP, out); // keepalived: let a backup take over at once
            releaseMaster(out);
        }
        state = State.FAULT;
        masterDownAt = NEVER;
        masterAddress = null;
        out.add(new Action.Transition(from, State.FAULT, reason));
    }

    private void releaseMaster(List<Action> out) {
        out.add(new Action.RemoveAddresses());
        advertAt = NEVER;
        garpDelayAt = NEVER;
        garpRefreshAt = NEVER;
        counters.releasedMaster++;
    }

    private void shutdown(List<Action> out) {
        State from = state;
        if (from == State.MASTER) {
            advertise(Vrrp.PRIORITY_STOP, out); // RFC 3768 §6.4.3: Shutdown -> send priority 0
            releaseMaster(out);
        }
        if (config.connectionSync() != null) out.add(new Action.SyncDaemon(null));
        state = State.INITIALIZE;
        stopped = true;
        masterDownAt = NEVER;
        out.add(new Action.Transition(from, State.INITIALIZE, "stopped"));
    }

    private String faultedTracks() {
        return String.join(
                ", ",
                trackFaults.entrySet().stream()
                        .filter(e -> Boolean.TRUE.equals(e.getValue()))
                        .map(Map.Entry::getKey)
                        .sorted()
                        .toList());
    }

    /** After a link, weight or sync-group change: enter or leave FAULT, or advertise a new priority. */
    private void reassess(int priorityBefore, long now, List<Action> out, String cause) {
        if (!started || held) return;
        boolean faulted = faulted();
        if (faulted && state != State.FAULT) {
            enterFault(now, out, cause);
        } else if (!faulted && state == State.FAULT) {
            masterAdverNanos = advertNanos;
            if (config.owner()) becomeMaster(now, out, cause + "; address owner");
            else enterBackup(now, masterDownInterval(), out, cause);
        } else if (effectivePriority() != priorityBefore) {
            out.add(new Action.Note("priority " + priorityBefore + " -> " + effectivePriority() + " (" + cause + ")"));
            if (state == State.MASTER) {
                advertise(effectivePriority(), out); // tell the backups now rather than at the next interval
                advertAt = now + advertNanos;
            }
        }
    }

    private void follow(State wanted, long now, List<Action> out) {
        if (!started || held || faulted()) return;
        if (wanted == State.MASTER && state == State.BACKUP) {
            becomeMaster(now, out, "sync group " + config.syncGroup() + " moved to MASTER");
        } else if (wanted == State.BACKUP && state == State.MASTER) {
            enterBackup(now, masterDownInterval(), out, "sync group " + config.syncGroup() + " moved to BACKUP");
        }
    }

    // ---- adverts ----

    private void advertise(int priority, List<Action> out) {
        counters.advertsSent++;
        if (priority == Vrrp.PRIORITY_STOP) counters.priorityZeroSent++;
        out.add(new Action.SendAdvert(priority));
    }

    private void received(InetAddress source, Advertisement a, long now, List<Action> out) {
        if (state != State.BACKUP && state != State.MASTER) return; // Initialize and FAULT take no part
        DropReason reason = check(source, a);
        if (reason != null) {
            boolean first = counters.drop(reason);
            out.add(new Action.Dropped(reason, source, describe(reason, a), first));
            return;
        }
        counters.advertsReceived++;
        if (a.priority() == Vrrp.PRIORITY_STOP) counters.priorityZeroReceived++;
        int mine = effectivePriority();
        if (state == State.BACKUP) {
            preemptedSource = null;
            if (a.priority() == Vrrp.PRIORITY_STOP) {
                // RFC 3768 §6.4.2 / RFC 5798 §6.4.2: the master stops; take over after Skew_Time (of our effective
                // priority)
                masterDownAt = now + Timing.skew(config.version(), mine, masterAdverNanos);
                masterAddress = source;
                masterResigned = true;
            } else if (!config.preempt() || a.priority() >= mine || holding(now)) {
                learnInterval(a);
                masterDownAt = now + masterDownInterval();
                masterAddress = source;
                masterResigned = false;
                if (!config.preemptDelay().isZero() && !config.preemptDelay().isNegative()) {
                    if (a.priority() >= mine) {
                        preemptHoldUntil = NEVER;
                    } else if (preemptHoldUntil == NEVER) {
                        preemptHoldUntil = now + config.preemptDelay().toNanos();
                        out.add(new Action.Note("master " + source.getHostAddress() + " has lower priority "
                                + a.priority() + "; preempting after the preempt delay of "
                                + config.preemptDelay().toSeconds() + " s"));
                    }
                }
            } else {
                // preempt mode and a lower priority: discard, and let Master_Down_Timer fire (RFC 3768 §6.4.2)
                preemptedSource = source;
                preemptedPriority = a.priority();
            }
        } else {
            if (a.priority() == Vrrp.PRIORITY_STOP) {
                advertise(mine, out); // RFC 3768 §6.4.3: send an advert, reset the timer
                advertAt = now + advertNanos;
            } else if (a.priority() > mine || a.priority() == mine && compare(source, config.primaryAddress()) > 0) {
                learnInterval(a);
                masterAddress = source;
                enterBackup(
                        now,
                        masterDownInterval(),
                        out,
                        "advert from " + source.getHostAddress() + " with "
                                + (a.priority() > mine
                                        ? "higher priority " + a.priority() + " (ours " + mine + ")"
                                        : "equal priority and a higher address"));
            } else {
                // RFC: discard. keepalived also answers at once ("forcing a new election"), which ends a split brain
                // faster.
                advertise(mine, out);
                advertAt = now + advertNanos;
            }
        }
    }

    private boolean holding(long now) {
        return (!config.preemptDelay().isZero() && !config.preemptDelay().isNegative())
                && (preemptHoldUntil == NEVER || now < preemptHoldUntil);
    }

    /** RFC 5798 §6.4.2: a v3 backup adopts the master's advert interval. */
    private void learnInterval(Advertisement a) {
        if (config.version() == Vrrp.VERSION_3 && a.interval() > 0)
            masterAdverNanos = a.interval() * Timing.CENTISECOND;
    }

    /**
     * Master_Down_Interval with the priority this instance advertises now (tracking and adjustments
     * included), as RFC 5798 §6.1 defines Skew_Time from "Priority": a backup whose priority was lowered
     * waits longer, so that a better backup takes over first.
     */
    private long masterDownInterval() {
        return Timing.masterDown(config.version(), effectivePriority(), masterAdverNanos);
    }

    /** The instance checks of RFC 3768 §7.1 / RFC 5798 §7.1; null when the advert is for us and consistent. */
    private DropReason check(InetAddress source, Advertisement a) {
        if (a.vrid() != config.vrid()) return DropReason.VRID;
        if (a.version() != config.version()) return DropReason.VERSION;
        if (source.equals(config.primaryAddress())) return DropReason.OWN_ADVERT;
        if (config.unicast() && !config.unicastPeers().contains(source)) return DropReason.NOT_A_PEER;
        if (config.version() == Vrrp.VERSION_2) {
            int expectedType = authData == null ? Vrrp.AUTH_NONE : Vrrp.AUTH_SIMPLE_TEXT;
            if (a.authType() != expectedType) return DropReason.AUTH_TYPE;
            if (authData != null && !MessageDigest.isEqual(authData, a.authData())) return DropReason.AUTH_PASSWORD;
            if (a.interval() != config.intervalUnits()) return DropReason.INTERVAL;
        }
        if (a.priority() != Vrrp.PRIORITY_OWNER && !sameAddresses(a.addresses())) return DropReason.ADDRESS_LIST;
        return null;
    }

    private boolean sameAddresses(List<InetAddress> theirs) {
        return theirs.size() == ownAddresses.size() && ownAddresses.containsAll(theirs);
    }

    private String describe(DropReason reason, Advertisement a) {
        return switch (reason) {
            case INTERVAL -> "interval " + a.interval() + " s, ours " + config.intervalUnits() + " s";
            case ADDRESS_LIST ->
                a.addresses().size() + " address(es) "
                        + a.addresses().stream()
                                .map(InetAddress::getHostAddress)
                                .toList() + ", ours "
                        + config.virtualAddresses().stream()
                                .map(InetAddress::getHostAddress)
                                .toList();
            case AUTH_TYPE -> "auth type " + a.authType() + ", ours " + (authData == null ? 0 : 1);
            case AUTH_PASSWORD -> "the password differs"; // neither password is ever printed
            case VERSION -> "version " + a.version() + ", ours " + config.version();
            default -> reason.description();
        };
    }

    /** Unsigned comparison of two addresses of one family: the tie-break "higher primary address wins". */
    static int compare(InetAddress a, InetAddress b) {
        if (b == null) return 1;
        return Arrays.compareUnsigned(a.getAddress(), b.getAddress());
    }

    @Override
    public String toString() {
        return "VrrpMachine[" + config.name() + " vrid " + config.vrid() + " " + state + " priority "
                + effectivePriority() + "]";
    }
}
