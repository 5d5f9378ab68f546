package io.fulcrum.agent.reconcile;

import io.fulcrum.agent.table.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The kernel's IPVS table as the reconciler needs it: one dump, and one request per plan step. */
public interface IpvsKernel {
    /**
     * Why the kernel's IPVS cannot be read or changed now (the kernel has none), or empty when it can. The
     * agent runs on without it (VRRP, health checks) and reconciles once this is empty.
     */
    default Optional<String> unavailable() {
        return Optional.empty();
    }

    /** The whole table, services with destinations and their active connection counts, in one dump. */
    Table dump();

    /**
     * Every service with its destinations and what the kernel counts for them (one dump). This default
     * reads {@link #dump()}, which has no counters: they are zero.
     */
    default List<ServiceStats> stats() {
        List<ServiceStats> out = new ArrayList<>();
        for (Table.Entry e : dump().services().values()) {
            out.add(new ServiceStats(
                    e.service().key(),
                    ServiceStats.Counters.ZERO,
                    e.destinations().values().stream()
                            .map(d -> new ServiceStats.DestinationStats(
                                    d.key(), d.weight(), d.activeConnections(), 0, ServiceStats.Counters.ZERO))
                            .toList()));
        }
        return out;
    }

    /** Carries out one step; throws when the kernel refuses it (the table is then as before the step). */
    void apply(Step step);

    /**
     * Carries out every step, in order, each on its own: a refused step does not stop the ones after
     * it (a kernel batch does the same). Returns the refusals by index; empty when all succeeded.
     */
    default SortedMap<Integer, RuntimeException> applyAll(List<Step> steps) {
        SortedMap<Integer, RuntimeException> failures = new TreeMap<>();
        for (int i = 0; i < steps.size(); i++) {
            try {
                apply(steps.get(i));
            } catch (RuntimeException e) {
                failures.put(i, e);
            }
        }
        return failures;
    }
}
