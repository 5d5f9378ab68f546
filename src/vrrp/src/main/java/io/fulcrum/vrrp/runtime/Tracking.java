package io.fulcrum.vrrp.runtime;

import static java.lang.System.Logger.Level.INFO;

import io.fulcrum.health.decide.Health;
import io.fulcrum.model.Hook;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.vrrp.machine.Event;
import io.fulcrum.vrrp.machine.State;
import io.fulcrum.vrrp.machine.VrrpMachine;
import io.fulcrum.vrrp.track.GroupScripts;
import io.fulcrum.vrrp.track.ScriptTracker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The router's track scripts and the adjustments it is given from outside (tracked virtual servers),
 * and its notify hooks. The decisions are the {@link ScriptTracker}s'; this starts the runs that are
 * due and hands their results, which arrive on other threads, to the router thread through a queue of
 * their own (the inbox may be full of adverts: none may be lost). Everything but {@link #offer} and the
 * results' arrival runs on the router thread.
 */
final class Tracking {
    private static final System.Logger LOG = System.getLogger(Tracking.class.getName());

    private record Done(VrrpMachine machine, ScriptTracker tracker, GroupScripts.Result result) {}

    private record Outside(String group, Event event) {}

    private final GroupScripts scripts;
    private final Runnable wake;
    private final Map<VrrpMachine, List<ScriptTracker>> trackers = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<Object> arrived = new ConcurrentLinkedQueue<>();
    /**
     * By group and source, the latest outside event ({@link #offer}), for an instance a reload starts: it
     * learns what its predecessor was told (or what was offered before it existed) before its startup.
     */
    private final Map<String, Map<String, Event>> outside = new ConcurrentHashMap<>();
    /** Each instance's track scripts' results by script name (UP / DOWN once known), for other threads. */
    private final Map<VrrpMachine, Map<String, Health>> published = new ConcurrentHashMap<>();

    Tracking(GroupScripts scripts, Runnable wake) {
        this.scripts = scripts;
        this.wake = wake;
    }

    GroupScripts scripts() {
        return scripts;
    }

    /** The track scripts of {@code m}'s group, first due at {@code now}. */
    void add(VrrpMachine m, VrrpGroup g, long now) {
        List<ScriptTracker> list = new ArrayList<>();
        for (VrrpGroup.TrackScript t : g.trackScripts()) list.add(new ScriptTracker(t, now));
        if (!list.isEmpty()) trackers.put(m, list);
        publish(m);
    }

    /** Each group's track scripts that have a result, UP or DOWN, by group and script name (any thread). */
    Map<String, Map<String, Health>> scriptHealth() {
        Map<String, Map<String, Health>> out = new TreeMap<>();
        published.forEach((m, h) -> {
            if (!h.isEmpty()) out.put(m.config().name(), h);
        });
        return out;
    }

    private void publish(VrrpMachine m) {
        List<ScriptTracker> list = trackers.get(m);
        if (list == null) {
            published.remove(m);
            return;
        }
        Map<String, Health> h = new TreeMap<>();
        for (ScriptTracker t : list) if (t.health() != null) h.put(t.spec().name(), t.health());
        published.put(m, Collections.unmodifiableMap(h));
    }

    /** Before startup: what each machine is to know of its scripts (unweighted ones: not known yet). */
    void initial(BiConsumer<VrrpMachine, Event> handle) {
        trackers.forEach((m, list) -> list.forEach(t -> handle.accept(m, t.effect())));
    }

    /** Before a reloaded instance's startup: what it is to know of its scripts. */
    void initial(VrrpMachine m, BiConsumer<VrrpMachine, Event> handle) {
        trackers.getOrDefault(m, List.of()).forEach(t -> handle.accept(m, t.effect()));
    }

    /** The earliest run due, or {@link VrrpMachine#NEVER}. */
    long nextDeadline() {
        long next = VrrpMachine.NEVER;
        for (List<ScriptTracker> list : trackers.values())
            for (ScriptTracker t : list) next = Math.min(next, t.nextDeadline());
        return next;
    }

    /** Starts the runs that are due; their results come back through {@link #drain}. */
    void runDue(long now) {
        trackers.forEach((m, list) -> {
            for (ScriptTracker t : list) {
                if (!t.due(now)) continue;
                t.started(now);
                VrrpGroup.TrackScript s = t.spec();
                scripts.run(s.script(), s.arguments(), s.timeout()).whenComplete((r, e) -> {
                    arrived.add(new Done(m, t, r != null ? r : new GroupScripts.Result(false, "failed: " + e)));
                    wake.run();
                });
            }
        });
    }

    /** From any thread: an event for {@code group}'s machine (a tracked virtual server's effect). */
    void offer(String group, Event event) {
        String source = event instanceof Event.PriorityAdjusted p ? p.source() : ((Event.TrackFault) event).source();
        outside.computeIfAbsent(group, k -> new ConcurrentHashMap<>()).put(source, event);
        arrived.add(new Outside(group, event));
        wake.run();
    }

    /** On the router thread, for an instance a reload started: the latest outside event of each source for its group. */
    void replay(String group, VrrpMachine m, BiConsumer<VrrpMachine, Event> handle) {
        Map<String, Event> latest = outside.get(group);
        if (latest != null) new ArrayList<>(latest.values()).forEach(e -> handle.accept(m, e));
    }

    /** An instance a reload stopped: its scripts stop (a run under way is let finish and ignored). */
    void remove(VrrpMachine m) {
        trackers.remove(m);
        published.remove(m);
    }

    /**
     * An instance changed in place: the scripts it keeps (same settings) go on with their state; a dropped
     * one's effect is withdrawn; a new one runs at once, its effect (unweighted: not known yet) told now.
     */
    void update(VrrpMachine m, VrrpGroup g, long now, BiConsumer<VrrpMachine, Event> handle) {
        List<ScriptTracker> before = trackers.getOrDefault(m, List.of());
        List<ScriptTracker> after = new ArrayList<>();
        List<ScriptTracker> started = new ArrayList<>();
        for (VrrpGroup.TrackScript t : g.trackScripts()) {
            ScriptTracker kept = before.stream()
                    .filter(x -> x.spec().equals(t) && !after.contains(x))
                    .findFirst()
                    .orElse(null);
            if (kept != null) {
                after.add(kept);
            } else {
                ScriptTracker fresh = new ScriptTracker(t, now);
                after.add(fresh);
                started.add(fresh);
            }
        }
        for (ScriptTracker x : before) {
            if (after.contains(x)) continue;
            handle.accept(m, new Event.PriorityAdjusted(x.source(), 0));
            if (x.spec().weight() == 0) handle.accept(m, new Event.TrackFault(x.source(), false));
        }
        if (after.isEmpty()) trackers.remove(m);
        else trackers.put(m, after);
        publish(m);
        started.forEach(t -> handle.accept(m, t.effect()));
    }

    /** On the router thread: every result and outside event that arrived, each to its machine. */
    void drain(long now, Function<String, VrrpMachine> machines, BiConsumer<VrrpMachine, Event> handle) {
        for (Object o; (o = arrived.poll()) != null; ) {
            if (o instanceof Done d) {
                if (!trackers.getOrDefault(d.machine(), List.of()).contains(d.tracker()))
                    continue; // dropped by a reload
                ScriptTracker.Change c =
                        d.tracker().finished(d.result().ok(), d.result().reason(), now);
                publish(d.machine());
                if (c == null) continue;
                LOG.log(INFO, d.machine().config().name() + ": " + c.message());
                handle.accept(d.machine(), c.event());
            } else if (o instanceof Outside x) {
                VrrpMachine m = machines.apply(x.group());
                if (m != null) handle.accept(m, x.event());
            }
        }
    }

    /**
     * keepalived's notify_master / notify_backup / notify_fault / notify_stop for a transition to {@code to},
     * queued with the hook's own arguments and, after them, keepalived's four: "INSTANCE", the group's name,
     * the new state, the priority (Fulcrum gives these to the per-state hooks too; keepalived only to the
     * generic notify). Then the generic one ({@code any}, keepalived's {@code notify}), with the same four
     * after its own arguments: keepalived.conf(5), vrrp_instance "notify".
     */
    void notify(VrrpGroup g, State to, int priority) {
        VrrpGroup.Notify n = g.notifications();
        if (n == null) return;
        String state = hookState(to);
        List<String> keepalived = List.of("INSTANCE", g.name(), state, String.valueOf(priority));
        Hook h = forState(n, to);
        if (h != null) scripts.hook("vrrp group " + g.name() + " -> " + state, h.script(), h.argumentsThen(keepalived));
        if (n.any() != null)
            // a subject of its own: it must not replace the state's hook waiting behind a running one
            scripts.hook(
                    "vrrp group " + g.name() + " (any) -> " + state,
                    n.any().script(),
                    n.any().argumentsThen(keepalived));
    }

    /**
     * A sync group's hooks for its transition to {@code to} (keepalived's notify_group_exec, vrrp_notify.c):
     * the state's hook with its own arguments only (keepalived's notify_exec adds none), then the generic
     * one with "GROUP", the sync group's name, the state and priority 0 (keepalived passes 0 for a group)
     * after its own. keepalived.conf(5), vrrp_sync_group: the generic notify's STOP "only applies to
     * instances", so a stopping sync group runs its stop hook only.
     */
    void notifySyncGroup(String syncGroup, VrrpGroup.Notify n, State to) {
        if (n == null) return;
        String state = hookState(to);
        Hook h = forState(n, to);
        if (h != null) scripts.hook("sync group " + syncGroup + " -> " + state, h.script(), h.arguments());
        if (n.any() != null && to != State.INITIALIZE)
            scripts.hook(
                    "sync group " + syncGroup + " (any) -> " + state,
                    n.any().script(),
                    n.any().argumentsThen(List.of("GROUP", syncGroup, state, "0")));
    }

    private static Hook forState(VrrpGroup.Notify n, State to) {
        return switch (to) {
            case MASTER -> n.master();
            case BACKUP -> n.backup();
            case FAULT -> n.fault();
            case INITIALIZE -> n.stop();
        };
    }

    /** The state as keepalived names it to notify scripts: MASTER, BACKUP, FAULT, STOP. */
    static String hookState(State s) {
        return s == State.INITIALIZE ? "STOP" : s.name().toUpperCase(Locale.ROOT);
    }
}
