package io.fulcrum.controlplane.agents;

import io.fulcrum.api.agent.DesiredStates;
import io.fulcrum.model.Director;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every resource at one revision, each with its agent-wire JSON encoded once ({@link DesiredStates}).
 * Immutable; a new revision shares every entry that did not change, so that an unchanged entry is
 * the same object and a per-director diff can skip it by identity.
 */
public record DesiredModel(long revision, Map<String, Entry<Director>> directors, Map<String, Entry<VrrpGroup>> groups,
                           Map<String, Server> virtualServers) {
    public DesiredModel {
        directors = Collections.unmodifiableMap(directors);
        groups = Collections.unmodifiableMap(groups);
        virtualServers = Collections.unmodifiableMap(virtualServers);
    }

    public static final DesiredModel EMPTY = new DesiredModel(0, Map.of(), Map.of(), Map.of());

    public record Entry<T>(T value, String json) {}

    /**
     * A virtual server with its real servers: {@code json} without them, each real server's JSON by
     * name, and {@code changedAt}, the revision of the last change to any of it (for "applied on N
     * of M directors").
     */
    public record Server(VirtualServer value, String json, SortedMap<String, String> realServers, long changedAt) {
        public static Server of(VirtualServer v, long changedAt) {
            SortedMap<String, String> rs = new TreeMap<>();
            for (RealServer r : v.realServers()) rs.put(r.name(), DesiredStates.json(r));
            return new Server(v, DesiredStates.json(v), Collections.unmodifiableSortedMap(rs), changedAt);
        }
    }

    public static Entry<Director> entry(Director d) { return new Entry<>(d, DesiredStates.json(d)); }

    public static Entry<VrrpGroup> entry(VrrpGroup g) { return new Entry<>(g, DesiredStates.json(g)); }
}
