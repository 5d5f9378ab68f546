package io.fulcrum.agent.reconcile;

import io.fulcrum.agent.table.Destination;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.agent.table.Table;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reconcile = dump once, plan (pure), apply the ordered minimal plan. After a run the reconciler
 * keeps its picture of the kernel's table (updated by every step that succeeded), so the next change
 * costs only its own requests, not another dump; {@link #resync()} (periodically, to see drift and
 * connection counts) makes the next run dump again. A step the kernel refuses stops the run: the
 * table stays as the steps before it left it (each step is atomic in the kernel), the failure is
 * reported, and the next run dumps afresh and converges. A draining destination leaves once it
 * has no active connection, or when the drain timeout (on the injected clock) has passed.
 * The services this agent created are remembered (and handed to {@code ownershipChanged} for
 * persisting), so a restarted agent removes what it made and leaves foreign rules alone.
 */
public final class Reconciler {
    private final IpvsKernel kernel;
    private final boolean purgeForeign;
    private final Consumer<Set<ServiceKey>> ownershipChanged;
    private final Set<ServiceKey> owned;
    private final Clock clock;
    private final Duration drainTimeout;
    /** When each draining destination was first asked to drain. */
    private final Map<String, Instant> drainingSince = new HashMap<>();
    private Table known;

    /** The default drain timeout: a draining destination leaves after this even with connections left. */
    public static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

    public Reconciler(IpvsKernel kernel, Set<ServiceKey> owned, boolean purgeForeign, Consumer<Set<ServiceKey>> ownershipChanged) {
        this(kernel, owned, purgeForeign, ownershipChanged, Clock.systemUTC(), DRAIN_TIMEOUT);
    }

    public Reconciler(IpvsKernel kernel, Set<ServiceKey> owned, boolean purgeForeign, Consumer<Set<ServiceKey>> ownershipChanged,
                      Clock clock, Duration drainTimeout) {
        this.kernel = kernel;
        this.owned = new HashSet<>(owned);
        this.purgeForeign = purgeForeign;
        this.ownershipChanged = ownershipChanged;
        this.clock = clock;
        this.drainTimeout = drainTimeout;
    }

    /** What one run did: its plan, how many steps were applied, and the refused step if any. */
    public record Result(Plan plan, int applied, Step failedStep, RuntimeException failure) {
        public boolean converged() { return failure == null; }
    }

    /** Forget the picture of the kernel's table: the next run starts with a dump. */
    public void resync() { known = null; }

    public Result reconcile(Table desired) {
        desired = withoutExpiredDrains(desired);
        Table actual = known != null ? known : kernel.dump();
        Plan plan = Planner.plan(desired, actual, owned, purgeForeign);
        Set<ServiceKey> before = Set.copyOf(owned);
        owned.addAll(desired.services().keySet());
        int applied = 0;
        try {
            for (Step step : plan.steps()) {
                try {
                    kernel.apply(step);
                } catch (RuntimeException e) {
                    known = null;
                    return new Result(plan, applied, step, e);
                }
                actual = Tables.after(actual, step);
                applied++;
                if (step instanceof Step.DeleteService d) owned.remove(d.key());
            }
            owned.retainAll(desired.services().keySet());
            known = actual;
            return new Result(plan, applied, null, null);
        } finally {
            if (!owned.equals(before)) ownershipChanged.accept(Set.copyOf(owned));
        }
    }

    public Set<ServiceKey> owned() { return Set.copyOf(owned); }

    /** Drops the draining destinations whose drain timeout has passed: the planner then removes them. */
    private Table withoutExpiredDrains(Table desired) {
        Instant now = clock.instant();
        Set<String> stillDraining = new HashSet<>();
        Table.Builder out = new Table.Builder();
        for (Table.Entry e : desired.services().values()) {
            out.service(e.service());
            for (Destination d : e.destinations().values()) {
                if (d.draining()) {
                    String id = e.service().key() + " " + d.key();
                    stillDraining.add(id);
                    Instant since = drainingSince.computeIfAbsent(id, k -> now);
                    if (!now.isBefore(since.plus(drainTimeout))) continue;
                }
                out.destination(e.service().key(), d);
            }
        }
        drainingSince.keySet().retainAll(stillDraining);
        return out.build();
    }

}
