package io.fulcrum.controlplane;

import io.fulcrum.api.agent.v1.DesiredState;
import io.fulcrum.api.agent.v1.Resource;
import io.fulcrum.api.agent.v1.ResourceKey;
import io.fulcrum.wire.agent.DesiredStates;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a simulated agent holds, kept as the agent keeps it: each desired state applied (a full snapshot
 * replaces it, "unchanged" keeps it, a delta removes and puts) and its digest updated incrementally, so
 * that the work per message stays proportional to the message and many agents on one machine measure
 * the control plane. Not thread-safe: its owner synchronizes.
 */
public final class HeldState {
    private final SortedMap<DesiredStates.Key, Resource> resources = new TreeMap<>();
    private DesiredStates.Digest digest = new DesiredStates.Digest();

    /** Applies {@code d}; the digest (hex) of what is held now, for comparing with {@code d}'s. */
    public String apply(DesiredState d) {
        if (d.getFull() && !d.getUnchanged()) {
            resources.clear();
            digest = new DesiredStates.Digest();
        }
        for (ResourceKey k : d.getRemoveList()) {
            DesiredStates.Key key = DesiredStates.key(k);
            Resource old = resources.remove(key);
            if (old != null) digest.remove(key, old);
        }
        for (Resource r : d.getPutList()) {
            DesiredStates.Key key = DesiredStates.key(r.getKey());
            Resource old = resources.put(key, r);
            if (old != null) digest.remove(key, old);
            digest.add(key, r);
        }
        return digest.hex();
    }

    /** What is held, by key (read-only). */
    public SortedMap<DesiredStates.Key, Resource> resources() {
        return Collections.unmodifiableSortedMap(resources);
    }
}
