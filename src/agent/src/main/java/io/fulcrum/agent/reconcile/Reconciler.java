package io.fulcrum.agent.reconcile;

import io.fulcrum.agent.table.Destination;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.agent.table.Table;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reconcile = dump once, plan (pure), apply the ordered minimal plan. After a run the reconciler
 * keeps its picture of the kernel's table (updated by every step that succeeded), so the next change
 * costs only its own requests, not another dump; {@link #resync()} (periodically, to see drift and
 * connection counts) makes the next run dump again. The plan goes to the kernel as one batch; each
 * step is atomic there, a refused one (and the steps that depended on it) is reported, every other
 * step takes effect, and the next run dumps afresh and converges. A draining destination leaves once it
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

    /** The picture of the kernel's table (null: dump before the next run); changed in place by each run. */
    private Map<ServiceKey, Table.Entry> known;

    /** The default drain timeout: a draining destination leaves after this even with connections left. */
    public static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

    public Reconciler(
            IpvsKernel kernel,
            Set<ServiceKey> owned,
            boolean purgeForeign,
            Consumer<Set<ServiceKey>> ownershipChanged) {
        this(kernel, owned, purgeForeign, ownershipChanged, Clock.systemUTC(), DRAIN_TIMEOUT);
    }

    public Reconciler(
            IpvsKernel kernel,
            Set<ServiceKey> owned,
            boolean purgeForeign,
            Consumer<Set<ServiceKey>> ownershipChanged,
            Clock clock,
            Duration drainTimeout) {
        this.kernel = kernel;
        this.owned = new HashSet<>(owned);
        this.purgeForeign = purgeForeign;
        this.ownershipChanged = ownershipChanged;
        this.clock = clock;
        this.drainTimeout = drainTimeout;
    }

    /** What one run did: its plan, how many steps took effect, and the refused ones by their index in the plan. */
    public record Result(Plan plan, int applied, SortedMap<Integer, RuntimeException> failures) {
        public Result {
            failures = Collections.unmodifiableSortedMap(new TreeMap<>(failures));
        }

        public boolean converged() {
            return failures.isEmpty();
        }

        /** The first refused step, or null. */
        public Step failedStep() {
            return failures.isEmpty() ? null : plan.steps().get(failures.firstKey());
        }

        public RuntimeException failure() {
            return failures.isEmpty() ? null : failures.get(failures.firstKey());
        }
    }

    /** Forget the picture of the kernel's table: the next run starts with a dump. */
    public void resync() {
        known = null;
    }

    public Result reconcile(Table desired) {
        desired = withoutExpiredDrains(desired);
        Table actual = known != null ? new Table(known) : kernel.dump();
        Plan plan = Planner.plan(desired, actual, owned, purgeForeign);
        // whether the owned set changed, without a copy of it (10,000 keys) per run: a desired key added stays
        // (only undesired services are deleted), and every removal removes a key that was owned before
        boolean ownedChanged = owned.addAll(desired.services().keySet());
        try {
            SortedMap<Integer, RuntimeException> failures =
                    plan.steps().isEmpty() ? new TreeMap<>() : kernel.applyAll(plan.steps());
            List<Step> succeeded = succeeded(plan, failures);
            for (Step step : succeeded) if (step instanceof Step.DeleteService d) ownedChanged |= owned.remove(d.key());
            actual = Tables.after(actual, succeeded);
            if (failures.isEmpty()) {
                ownedChanged |= owned.retainAll(desired.services().keySet());
                known = new HashMap<>(actual.services());
            } else {
                known = null;
            }
            return new Result(plan, plan.steps().size() - failures.size(), failures);
        } finally {
            if (ownedChanged) ownershipChanged.accept(Set.copyOf(owned));
        }
    }

    /**
     * Brings only the services {@code keys} to what {@code desired} gives for each (null: not desired),
     * from the picture of the kernel, in proportion to those services: what a change of a few virtual
     * servers needs. The plan's drift names only these services. When there is no picture (the next run
     * dumps) or a destination drains (its timeout is watched over the whole table), the whole table
     * {@code whole} is reconciled instead.
     */
    public Result reconcile(Set<ServiceKey> keys, Function<ServiceKey, Table.Entry> desired, Supplier<Table> whole) {
        if (known == null || !drainingSince.isEmpty()) return reconcile(whole.get());
        Table.Builder want = new Table.Builder();
        Table.Builder have = new Table.Builder();
        for (ServiceKey k : keys) {
            Table.Entry w = desired.apply(k);
            if (w != null) {
                for (Destination d : w.destinations().values()) if (d.draining()) return reconcile(whole.get());
                want.service(w.service());
                w.destinations().values().forEach(d -> want.destination(k, d));
            }
            Table.Entry h = known.get(k);
            if (h != null) {
                have.service(h.service());
                h.destinations().values().forEach(d -> have.destination(k, d));
            }
        }
        Table wanted = want.build();
        Table actual = have.build();
        Plan plan = Planner.plan(wanted, actual, owned, purgeForeign);
        boolean ownedChanged = owned.addAll(wanted.services().keySet());
        try {
            SortedMap<Integer, RuntimeException> failures =
                    plan.steps().isEmpty() ? new TreeMap<>() : kernel.applyAll(plan.steps());
            List<Step> succeeded = succeeded(plan, failures);
            for (Step step : succeeded) if (step instanceof Step.DeleteService d) ownedChanged |= owned.remove(d.key());
            if (failures.isEmpty()) {
                Table after = Tables.after(actual, succeeded);
                for (ServiceKey k : keys) {
                    Table.Entry e = after.services().get(k);
                    if (e != null) known.put(k, e);
                    else known.remove(k);
                    if (!wanted.services().containsKey(k)) ownedChanged |= owned.remove(k);
                }
            } else {
                known = null;
            }
            return new Result(plan, plan.steps().size() - failures.size(), failures);
        } finally {
            if (ownedChanged) ownershipChanged.accept(Set.copyOf(owned));
        }
    }

    /** The steps of {@code plan} the kernel carried out, in order ({@code failures}: the others, by index). */
    private static List<Step> succeeded(Plan plan, SortedMap<Integer, RuntimeException> failures) {
        List<Step> succeeded = new ArrayList<>(plan.steps().size());
        for (int i = 0; i < plan.steps().size(); i++)
            if (!failures.containsKey(i)) succeeded.add(plan.steps().get(i));
        return succeeded;
    }

    public Set<ServiceKey> owned() {
        return Set.copyOf(owned);
    }

    /** Plain loops: a stream pipeline per service cost more than the check itself at 10,000 services. */
    private static boolean anyDraining(Table desired) {
        for (Table.Entry e : desired.services().values()) {
            for (Destination d : e.destinations().values()) {
                if (d.draining()) return true;
            }
        }
        return false;
    }

    /** Drops the draining destinations whose drain timeout has passed: the planner then removes them. */
    private Table withoutExpiredDrains(Table desired) {
        if (drainingSince.isEmpty() && !anyDraining(desired)) {
            return desired; // the common case: nothing to drain, no copy of the table
        }
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
