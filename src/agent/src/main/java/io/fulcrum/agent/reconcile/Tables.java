package io.fulcrum.agent.reconcile;

import io.fulcrum.agent.table.Destination;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.agent.table.Table;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the kernel's table is after steps succeeded: the agent's picture without another dump. */
final class Tables {
    private Tables() {}

    /**
     * {@code t} after {@code succeeded}, in order. One pass over working maps: a service's
     * destinations are copied only when a step touches them, so applying a plan costs in proportion
     * to the plan, not to the plan times the table.
     */
    static Table after(Table t, List<Step> succeeded) {
        if (succeeded.isEmpty()) return t;
        Map<ServiceKey, Table.Entry> services = new LinkedHashMap<>(t.services());
        Map<ServiceKey, Map<Destination.Key, Destination>> touched = new LinkedHashMap<>();
        Set<ServiceKey> replaced = new HashSet<>();
        for (Step step : succeeded) {
            if (step instanceof Step.AddService a) {
                services.put(a.service().key(), new Table.Entry(a.service(), Map.of()));
                touched.remove(a.service().key());
            } else if (step instanceof Step.EditService e) {
                Table.Entry old = services.get(e.after().key());
                services.put(e.after().key(), new Table.Entry(e.after(), old == null ? Map.of() : old.destinations()));
                replaced.add(e.after().key());
            } else if (step instanceof Step.DeleteService d) {
                services.remove(d.key());
                touched.remove(d.key());
            } else if (step instanceof Step.AddDestination a) {
                destinations(services, touched, a.service())
                        .put(a.destination().key(), a.destination().asActual());
            } else if (step instanceof Step.EditDestination e) {
                // the kernel keeps its counters; so does our picture
                destinations(services, touched, e.service())
                        .put(
                                e.after().key(),
                                e.after()
                                        .withActiveConnections(e.before().activeConnections())
                                        .asActual());
            } else if (step instanceof Step.DeleteDestination d) {
                destinations(services, touched, d.service()).remove(d.destination());
            }
        }
        for (Map.Entry<ServiceKey, Map<Destination.Key, Destination>> e : touched.entrySet()) {
            Table.Entry entry = services.get(e.getKey());
            if (entry != null) services.put(e.getKey(), new Table.Entry(entry.service(), e.getValue()));
        }
        return new Table(services);
    }

    /** The working copy of a service's destinations, made on first touch. */
    private static Map<Destination.Key, Destination> destinations(
            Map<ServiceKey, Table.Entry> services,
            Map<ServiceKey, Map<Destination.Key, Destination>> touched,
            ServiceKey key) {
        return touched.computeIfAbsent(
                key, k -> new LinkedHashMap<>(services.get(k).destinations()));
    }
}
