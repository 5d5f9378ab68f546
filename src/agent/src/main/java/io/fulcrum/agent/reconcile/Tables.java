package io.fulcrum.agent.reconcile;

import io.fulcrum.agent.table.Destination;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.agent.table.Table;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the kernel's table is after a step succeeded: the agent's picture without another dump. */
final class Tables {
    private Tables() {}

    static Table after(Table t, Step step) {
        Map<ServiceKey, Table.Entry> services = new LinkedHashMap<>(t.services());
        if (step instanceof Step.AddService a) {
            services.put(a.service().key(), new Table.Entry(a.service(), Map.of()));
        } else if (step instanceof Step.EditService e) {
            Table.Entry old = services.get(e.after().key());
            services.put(e.after().key(), new Table.Entry(e.after(), old == null ? Map.of() : old.destinations()));
        } else if (step instanceof Step.DeleteService d) {
            services.remove(d.key());
        } else if (step instanceof Step.AddDestination a) {
            services.put(a.service(), withDest(services.get(a.service()), a.destination()));
        } else if (step instanceof Step.EditDestination e) {
            // the kernel keeps its counters; so does our picture
            services.put(e.service(), withDest(services.get(e.service()), e.after().withActiveConnections(e.before().activeConnections())));
        } else if (step instanceof Step.DeleteDestination d) {
            Table.Entry old = services.get(d.service());
            Map<Destination.Key, Destination> dests = new LinkedHashMap<>(old.destinations());
            dests.remove(d.destination());
            services.put(d.service(), new Table.Entry(old.service(), dests));
        }
        return new Table(services);
    }

    private static Table.Entry withDest(Table.Entry e, Destination d) {
        Map<Destination.Key, Destination> dests = new LinkedHashMap<>(e.destinations());
        dests.put(d.key(), d.asActual());
        return new Table.Entry(e.service(), dests);
    }
}
