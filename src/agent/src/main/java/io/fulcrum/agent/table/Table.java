package io.fulcrum.agent.table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A whole IPVS table: services with their destinations (what the agent wants, or what one dump read). */
public record Table(Map<ServiceKey, Entry> services) {
    public static final Table EMPTY = new Table(Map.of());

    public Table {
        services = Map.copyOf(services);
    }

    public record Entry(Service service, Map<Destination.Key, Destination> destinations) {
        public Entry {
            destinations = Map.copyOf(destinations);
        }

        /**
         * The entry of {@code service} with {@code destinations} (of equal keys the last wins), built as the
         * immutable map at once, without an intermediate one: a dump makes one per service.
         */
        @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array: Map.ofEntries takes one
        public static Entry of(Service service, List<Destination> destinations) {
            Map.Entry<Destination.Key, Destination>[] entries = new Map.Entry[destinations.size()];
            for (int i = 0; i < entries.length; i++) {
                Destination d = destinations.get(i);
                entries[i] = Map.entry(d.key(), d);
            }
            Map<Destination.Key, Destination> map;
            try {
                map = Map.ofEntries(entries);
            } catch (IllegalArgumentException duplicate) {
                map = new LinkedHashMap<>();
                for (Destination d : destinations) map.put(d.key(), d);
            }
            return new Entry(service, map);
        }
    }

    /** A small builder for tests and converters. */
    public static final class Builder {
        private final Map<ServiceKey, Service> services = new LinkedHashMap<>();
        private final Map<ServiceKey, Map<Destination.Key, Destination>> dests = new LinkedHashMap<>();

        public Builder service(Service s) {
            services.put(s.key(), s);
            dests.computeIfAbsent(s.key(), k -> new LinkedHashMap<>());
            return this;
        }

        public Builder destination(ServiceKey service, Destination d) {
            dests.computeIfAbsent(service, k -> new LinkedHashMap<>()).put(d.key(), d);
            return this;
        }

        public Table build() {
            Map<ServiceKey, Entry> out = new LinkedHashMap<>();
            services.forEach((k, s) -> out.put(k, new Entry(s, dests.get(k))));
            return new Table(out);
        }
    }
}
