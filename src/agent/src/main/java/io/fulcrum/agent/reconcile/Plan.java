package io.fulcrum.agent.reconcile;

import io.fulcrum.agent.table.ServiceKey;
import java.util.List;

/** The ordered minimal steps from the actual table to the desired one, and what was found but left alone. */
public record Plan(List<Step> steps, List<Drift> drift) {
    public Plan {
        steps = List.copyOf(steps);
        drift = List.copyOf(drift);
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** A service in the kernel that this agent does not own (left alone unless purging is on). */
    public record Drift(ServiceKey service, String description) {}
}
