package io.fulcrum.agent.table;

import java.util.LinkedHashMap;
import java.util.Map;

/** A whole IPVS table: services with their destinations (what the agent wants, or what one dump read). */
public record Table(Map<ServiceKey, Entry> services) {
    public static final Table EMPTY = new Table(Map.of());

    public Table { services = Map.copyOf(services); }

    public record Entry(Service service, Map<Destination.Key, Destination> destinations) {
        public Entry { destinations = Map.copyOf(destinations); }
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
