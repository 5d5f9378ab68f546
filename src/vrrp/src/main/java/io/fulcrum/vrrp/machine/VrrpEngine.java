package io.fulcrum.vrrp.machine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Every instance a director runs, and the sync groups between them (keepalived vrrp_sync_group): a
 * member in FAULT puts the whole group in FAULT until no member has a fault of its own; a member that
 * becomes MASTER pulls the others to MASTER; a master that falls back to BACKUP pulls the others back.
 * Pure, like the machines: events and "now" in, actions out.
 */
public final class VrrpEngine {
    /** More follow-up events than this for one input means two groups chase each other: stop, loudly. */
    static final int MAX_CASCADE = 1_000;

    /** Changed by {@link #add} and {@link #remove} (a reload), on the one thread that drives the engine. */
    private final List<VrrpMachine> machines;

    public record Output(VrrpMachine machine, Action action) {}

    public VrrpEngine(List<VrrpMachine> machines) {
        this.machines = new ArrayList<>(machines);
    }

    public List<VrrpMachine> machines() {
        return List.copyOf(machines);
    }

    /** A new instance joins (a reload added it); it starts with an {@link Event.Startup} handed to it. */
    public void add(VrrpMachine m) {
        machines.add(m);
    }

    /**
     * Stops an instance gracefully ({@link Event.Shutdown}: a master advertises priority 0 and lets go)
     * and takes it out; its sync group is re-evaluated without it (a member in FAULT that goes no longer
     * holds the others in FAULT).
     */
    public List<Output> remove(VrrpMachine m, long now) {
        List<Output> out = new ArrayList<>();
        run(m, new Event.Shutdown(), now, out);
        machines.remove(m);
        String g = m.config().syncGroup();
        if (g != null) {
            for (VrrpMachine x : machines) {
                if (g.equals(x.config().syncGroup())) {
                    settle(x, now, out);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Gives a running instance a new configuration in place ({@link VrrpMachine#reconfigure}), then lets
     * its old and its new sync group settle: membership changes are re-evaluated, and a transition the
     * change caused is followed by the group as any other.
     */
    public List<Output> reconfigure(VrrpMachine m, InstanceConfig next, long now) {
        String oldGroup = m.config().syncGroup();
        List<Output> out = new ArrayList<>();
        Deque<Pending> pending = new ArrayDeque<>();
        for (Action a : m.reconfigure(next, now)) {
            out.add(new Output(m, a));
            if (a instanceof Action.Transition t) follow(m, t, pending);
        }
        settleFault(m, pending);
        drain(pending, now, out);
        if (oldGroup != null && !oldGroup.equals(next.syncGroup())) {
            for (VrrpMachine x : machines) {
                if (x != m && oldGroup.equals(x.config().syncGroup())) {
                    settle(x, now, out);
                    break;
                }
            }
        }
        if (next.syncGroup() == null && m.groupFault()) {
            // out of any sync group: a fault of the group it left no longer holds it
            drainFrom(m, new Event.SyncGroupFault(false), now, out);
        }
        return out;
    }

    private void settle(VrrpMachine member, long now, List<Output> out) {
        Deque<Pending> pending = new ArrayDeque<>();
        settleFault(member, pending);
        drain(pending, now, out);
    }

    private void drainFrom(VrrpMachine m, Event e, long now, List<Output> out) {
        Deque<Pending> pending = new ArrayDeque<>();
        pending.add(new Pending(m, e));
        drain(pending, now, out);
    }

    /** One event to one instance, then whatever its sync group does in response. */
    public List<Output> handle(VrrpMachine target, Event event, long now) {
        List<Output> out = new ArrayList<>();
        run(target, event, now, out);
        return out;
    }

    /** One event to every instance (startup, a tick, a link change, shutdown). */
    public List<Output> broadcast(Event event, long now) {
        List<Output> out = new ArrayList<>();
        for (VrrpMachine m : machines) run(m, event, now, out);
        return out;
    }

    /** The earliest timer of any instance. */
    public long nextDeadline() {
        long next = VrrpMachine.NEVER;
        for (VrrpMachine m : machines) next = Math.min(next, m.nextDeadline());
        return next;
    }

    private record Pending(VrrpMachine machine, Event event) {}

    private void run(VrrpMachine first, Event event, long now, List<Output> out) {
        drainFrom(first, event, now, out);
    }

    private void drain(Deque<Pending> pending, long now, List<Output> out) {
        int steps = 0;
        while (!pending.isEmpty()) {
            if (++steps > MAX_CASCADE)
                throw new IllegalStateException("sync groups did not settle after " + MAX_CASCADE + " events");
            Pending p = pending.poll();
            for (Action a : p.machine().handle(p.event(), now)) {
                out.add(new Output(p.machine(), a));
                if (a instanceof Action.Transition t) follow(p.machine(), t, pending);
            }
            settleFault(p.machine(), pending);
        }
    }

    private List<VrrpMachine> group(VrrpMachine m) {
        String g = m.config().syncGroup();
        if (g == null) return List.of();
        return machines.stream()
                .filter(x -> Objects.equals(x.config().syncGroup(), g))
                .toList();
    }

    /** A group is in FAULT while any member has a fault of its own. */
    private void settleFault(VrrpMachine m, Deque<Pending> pending) {
        List<VrrpMachine> group = group(m);
        if (group.isEmpty()) return;
        boolean fault = group.stream().anyMatch(VrrpMachine::ownFault);
        for (VrrpMachine x : group) {
            if (x.groupFault() != fault) pending.add(new Pending(x, new Event.SyncGroupFault(fault)));
        }
    }

    private void follow(VrrpMachine m, Action.Transition t, Deque<Pending> pending) {
        for (VrrpMachine x : group(m)) {
            if (x == m) continue;
            if (t.to() == State.MASTER && x.state() == State.BACKUP)
                pending.add(new Pending(x, new Event.SyncGroupFollow(State.MASTER)));
            if (t.from() == State.MASTER && t.to() == State.BACKUP && x.state() == State.MASTER)
                pending.add(new Pending(x, new Event.SyncGroupFollow(State.BACKUP)));
        }
    }
}
