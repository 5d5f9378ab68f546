package io.fulcrum.vrrp.machine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of each sync group (keepalived's vrrp_sync_group) as its members' states settle, so that a
 * sync group's notify hooks run once per transition of the group, not once per member: keepalived runs
 * them from vrrp_sync.c when the group as a whole changes ({@code notify_group_exec}, beside the
 * members' own {@code notify_instance_exec}). The group is
 * <ul>
 *   <li>FAULT while any member is in FAULT (keepalived: one member's fault takes the group to FAULT);
 *   <li>MASTER once every member is MASTER;
 *   <li>BACKUP while none is in FAULT and any is BACKUP (a member falling back takes the group back);
 *   <li>stopped (INITIALIZE, keepalived's STOP) when every member has stopped after the group had a state,
 *       or its last member left;
 *   <li>otherwise (members still starting, or between MASTER and INITIALIZE) as it was.
 * </ul>
 * Pure: the members' states in, the groups' transitions out.
 */
public final class SyncGroupStates {
    /** A sync group's change; {@code from} is null for its first state. */
    public record Transition(String syncGroup, State from, State to) {}

    private final Map<String, State> states = new HashMap<>();

    /**
     * The sync groups whose state changed, given every running member's state by sync group (a group
     * absent from {@code members} has no member left), in name order.
     */
    public List<Transition> update(Map<String, List<State>> members) {
        List<Transition> out = new ArrayList<>();
        Map<String, List<State>> all = new TreeMap<>(members);
        for (String gone : states.keySet()) all.putIfAbsent(gone, List.of());
        for (Map.Entry<String, List<State>> e : all.entrySet()) {
            State before = states.get(e.getKey());
            State after = decide(before, e.getValue());
            if (after == before) continue;
            if (after == null || (after == State.INITIALIZE && e.getValue().isEmpty())) states.remove(e.getKey());
            else states.put(e.getKey(), after);
            if (after != null) out.add(new Transition(e.getKey(), before, after));
        }
        return out;
    }

    /** The group's state now, or null when it has none yet. */
    public State state(String syncGroup) {
        return states.get(syncGroup);
    }

    /** The state of a sync group that was {@code before} (null: none yet) with members in {@code members}. */
    static State decide(State before, List<State> members) {
        if (members.isEmpty()) return before == null || before == State.INITIALIZE ? null : State.INITIALIZE;
        if (members.contains(State.FAULT)) return State.FAULT;
        if (members.stream().allMatch(s -> s == State.MASTER)) return State.MASTER;
        if (members.contains(State.BACKUP)) return State.BACKUP;
        if (members.stream().allMatch(s -> s == State.INITIALIZE)) return before == null ? null : State.INITIALIZE;
        return before;
    }
}
