package io.fulcrum.controlplane.chaos;

import java.util.List;

/**
 * One planned fault: the {@code number}-th of the run, injected {@code atMillis} after the run's start, on
 * {@code targets} (a replica's index; both for a cut; the agents' indexes; none for PostgreSQL), undone after
 * {@code holdMillis}.
 */
public record Fault(int number, long atMillis, FaultType type, List<Integer> targets, long holdMillis) {
    public Fault {
        targets = List.copyOf(targets);
    }

    @Override
    public String toString() {
        return "#" + number + " " + type.label() + " " + targets + " at " + atMillis + " ms, held " + holdMillis
                + " ms";
    }
}
