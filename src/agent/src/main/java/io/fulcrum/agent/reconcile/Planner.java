package io.fulcrum.agent.reconcile;

import io.fulcrum.agent.reconcile.Plan.Drift;
import io.fulcrum.agent.reconcile.Step.AddDestination;
import io.fulcrum.agent.reconcile.Step.AddService;
import io.fulcrum.agent.reconcile.Step.DeleteDestination;
import io.fulcrum.agent.reconcile.Step.DeleteService;
import io.fulcrum.agent.reconcile.Step.EditDestination;
import io.fulcrum.agent.reconcile.Step.EditService;
import io.fulcrum.agent.table.Destination;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.agent.table.Table;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Decides, without any I/O, how to bring the kernel's table (one dump) to the desired one:
 * <ul>
 *   <li>only what differs is touched; settings change in place (SET), never by delete and re-add;</li>
 *   <li>destinations go before their service; removals come first, then additions, then edits;</li>
 *   <li>services this agent does not own (neither desired nor created by it) are reported as drift
 *       and left alone, unless {@code purgeForeign};</li>
 *   <li>a draining destination is set to weight 0 and removed once it has no active connection.</li>
 * </ul>
 * Steps are sorted by service and destination so the same inputs always give the same plan.
 */
public final class Planner {
    private static final Comparator<ServiceKey> BY_SERVICE = Comparator.comparing(ServiceKey::toString);
    private static final Comparator<Destination.Key> BY_DEST = Comparator.comparing(Destination.Key::toString);

    private Planner() {}

    /**
     * @param owned services this agent created earlier (the desired ones are owned too)
     */
    public static Plan plan(Table desired, Table actual, Set<ServiceKey> owned, boolean purgeForeign) {
        List<Step> deleteDests = new ArrayList<>();
        List<Step> deleteServices = new ArrayList<>();
        List<Step> addServices = new ArrayList<>();
        List<Step> editServices = new ArrayList<>();
        List<Step> addDests = new ArrayList<>();
        List<Step> editDests = new ArrayList<>();
        List<Drift> drift = new ArrayList<>();

        for (ServiceKey key : sorted(actual.services().keySet())) {
            if (desired.services().containsKey(key)) continue;
            Table.Entry gone = actual.services().get(key);
            if (!owned.contains(key) && !purgeForeign) {
                drift.add(new Drift(key, "not managed by this agent (" + gone.destinations().size() + " destinations); left alone"));
                continue;
            }
            for (Destination.Key d : sortedDests(gone.destinations().keySet())) deleteDests.add(new DeleteDestination(key, d));
            deleteServices.add(new DeleteService(key));
        }

        for (ServiceKey key : sorted(desired.services().keySet())) {
            Table.Entry want = desired.services().get(key);
            Table.Entry have = actual.services().get(key);
            if (have == null) {
                addServices.add(new AddService(want.service()));
                for (Destination.Key dk : sortedDests(want.destinations().keySet())) {
                    Destination d = want.destinations().get(dk);
                    if (!d.draining()) addDests.add(new AddDestination(key, d));
                }
                continue;
            }
            if (!have.service().equals(want.service())) editServices.add(new EditService(have.service(), want.service()));
            for (Destination.Key dk : sortedDests(have.destinations().keySet())) {
                if (!want.destinations().containsKey(dk)) deleteDests.add(new DeleteDestination(key, dk));
            }
            for (Destination.Key dk : sortedDests(want.destinations().keySet())) {
                Destination d = want.destinations().get(dk);
                Destination cur = have.destinations().get(dk);
                if (d.draining()) {
                    if (cur == null) continue;                                   // already gone: nothing to drain
                    Destination zero = d.withWeight(0);
                    if (cur.weight() != 0 || !cur.sameSettings(zero)) editDests.add(new EditDestination(key, cur, zero));
                    else if (cur.activeConnections() == 0) deleteDests.add(new DeleteDestination(key, dk));
                } else if (cur == null) {
                    addDests.add(new AddDestination(key, d));
                } else if (!cur.sameSettings(d)) {
                    editDests.add(new EditDestination(key, cur, d));
                }
            }
        }

        List<Step> steps = new ArrayList<>();
        steps.addAll(deleteDests);
        steps.addAll(deleteServices);
        steps.addAll(addServices);
        steps.addAll(editServices);
        steps.addAll(addDests);
        steps.addAll(editDests);
        return new Plan(steps, drift);
    }

    private static List<ServiceKey> sorted(Set<ServiceKey> keys) { return keys.stream().sorted(BY_SERVICE).toList(); }

    private static List<Destination.Key> sortedDests(Set<Destination.Key> keys) { return keys.stream().sorted(BY_DEST).toList(); }

}
