package io.fulcrum.agent.run;

import io.fulcrum.agent.table.DesiredTables;
import io.fulcrum.agent.table.Destination;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.agent.table.Table;
import io.fulcrum.health.HealthView;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.VirtualServer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The loop's desired table, kept one virtual server at a time: made whole from a document ({@link #whole}),
 * then changed only for the virtual servers marked ({@link #put}, {@link #touch}) since, so that a change
 * of one virtual server (in the document, or in its health) costs that virtual server, not the table.
 * Also what the loop needs to know without a pass over the table: the virtual servers served by name, and
 * whether a destination drains. Confined to the loop's thread.
 */
final class KeptTable {
    /** By service (null: not kept; the next reconcile makes it whole). */
    private Map<ServiceKey, Table.Entry> wanted;

    private Map<String, VirtualServer> served = new HashMap<>();
    private final Map<String, ServiceKey> serviceOf = new HashMap<>();
    private final Set<ServiceKey> draining = new HashSet<>();
    private final Set<String> touched = new HashSet<>();

    boolean kept() {
        return wanted != null;
    }

    /** The next reconcile makes the table whole again. */
    void drop() {
        wanted = null;
    }

    /** Whether a destination of the table drains (its connections are to be watched). */
    boolean draining() {
        return wanted != null && !draining.isEmpty();
    }

    /** The table of {@code director} for {@code doc} and {@code view}, as {@link DesiredTables} makes it, kept. */
    Table whole(ConfigDocument doc, String director, HealthView view) {
        touched.clear();
        Table desired = DesiredTables.forDirector(doc, director, view);
        served = new HashMap<>();
        serviceOf.clear();
        for (VirtualServer v : doc.servedBy(director)) {
            served.put(v.name(), v);
            serviceOf.put(v.name(), DesiredTables.serviceKey(v));
        }
        wanted = new HashMap<>(desired.services());
        draining.clear();
        for (Table.Entry e : wanted.values())
            if (draining(e)) draining.add(e.service().key());
        return desired;
    }

    int served() {
        return served.size();
    }

    boolean serves(String name) {
        return served.containsKey(name);
    }

    /** Virtual server {@code name} is now {@code v} (null: not served); it is taken again at the next refresh. */
    VirtualServer put(String name, VirtualServer v) {
        touched.add(name);
        return v == null ? served.remove(name) : served.put(name, v);
    }

    /** Virtual server {@code name} is taken again at the next refresh (its health changed). */
    void touch(String name) {
        touched.add(name);
    }

    /** Makes the entries of the virtual servers marked since again; the services they had and have now. */
    Set<ServiceKey> refresh(HealthView view) {
        Set<ServiceKey> keys = new HashSet<>();
        for (String name : touched) { // every old entry out first: two servers may have swapped services
            ServiceKey before = serviceOf.remove(name);
            if (before != null) {
                wanted.remove(before);
                draining.remove(before);
                keys.add(before);
            }
        }
        for (String name : touched) {
            VirtualServer v = served.get(name);
            if (v == null) continue;
            Table.Entry e = DesiredTables.entry(v, view);
            ServiceKey k = e.service().key();
            wanted.put(k, e);
            serviceOf.put(name, k);
            if (draining(e)) draining.add(k);
            keys.add(k);
        }
        touched.clear();
        return keys;
    }

    /** The entry of service {@code k}, or null. */
    Table.Entry entry(ServiceKey k) {
        return wanted.get(k);
    }

    /** The whole table as it is kept (a copy). */
    Table table() {
        return new Table(wanted);
    }

    private static boolean draining(Table.Entry e) {
        for (Destination d : e.destinations().values()) if (d.draining()) return true;
        return false;
    }
}
