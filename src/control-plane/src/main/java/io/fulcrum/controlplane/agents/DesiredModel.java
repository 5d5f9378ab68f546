package io.fulcrum.controlplane.agents;

import io.fulcrum.api.agent.v1.Resource;
import io.fulcrum.model.Director;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.wire.agent.DesiredStates;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every resource at one revision, each with its agent-wire resource encoded once ({@link DesiredStates}).
 * Immutable; a new revision shares every entry that did not change, so that an unchanged entry is
 * the same object and a per-director diff can skip it by identity.
 */
public record DesiredModel(
        long revision,
        Map<String, Entry<Director>> directors,
        Map<String, Entry<VrrpGroup>> groups,
        Map<String, Server> virtualServers) {
    public DesiredModel {
        directors = Collections.unmodifiableMap(directors);
        groups = Collections.unmodifiableMap(groups);
        // a LayeredMap is immutable already, and kept as one: the next revision shares it
        if (!(virtualServers instanceof LayeredMap)) virtualServers = Collections.unmodifiableMap(virtualServers);
    }

    public static final DesiredModel EMPTY = new DesiredModel(0, Map.of(), Map.of(), Map.of());

    public record Entry<T>(T value, Resource resource) {}

    /**
     * A virtual server with its real servers: {@code value} and {@code resource} without them (which
     * directors serve it, what it is), each real server's resource by name (immutable, in name order),
     * and {@code changedAt}, the revision of the last change to any of it (for "applied on N of M
     * directors").
     */
    public record Server(VirtualServer value, Resource resource, Map<String, Resource> realServers, long changedAt) {
        public Server {
            // kept as a LayeredMap, so that a version with a few real servers written shares the rest
            if (!(realServers instanceof LayeredMap)) realServers = LayeredMap.of(new TreeMap<>(realServers));
        }

        public static Server of(VirtualServer v, long changedAt) {
            SortedMap<String, Resource> rs = new TreeMap<>();
            for (RealServer r : v.realServers()) rs.put(r.name(), DesiredStates.resource(v.name(), r));
            return new Server(v.withRealServers(List.of()), DesiredStates.resource(v), LayeredMap.of(rs), changedAt);
        }

        /**
         * This server after writes to some of its real servers alone (its own spec unchanged): those
         * in {@code put} are new or replaced, those in {@code removed} are gone. Only they are encoded,
         * and the other real servers are shared ({@link LayeredMap}), so a refresh after real-server
         * writes costs about what they changed, not the size of the virtual server. This same object
         * when what an agent sees is unchanged.
         */
        public Server withRealServers(Map<String, RealServer> put, Set<String> removed, long changedAt) {
            Map<String, Resource> encoded = new HashMap<>();
            for (var e : put.entrySet()) encoded.put(e.getKey(), DesiredStates.resource(value.name(), e.getValue()));
            LayeredMap<Resource> rs = ((LayeredMap<Resource>) realServers).with(encoded, removed);
            return rs == realServers ? this : new Server(value, resource, rs, changedAt);
        }
    }

    public static Entry<Director> entry(Director d) {
        return new Entry<>(d, DesiredStates.resource(d));
    }

    public static Entry<VrrpGroup> entry(VrrpGroup g) {
        return new Entry<>(g, DesiredStates.resource(g));
    }
}
