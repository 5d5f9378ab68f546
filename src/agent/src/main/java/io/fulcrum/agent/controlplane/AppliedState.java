package io.fulcrum.agent.controlplane;

import io.fulcrum.api.agent.v1.Resource;
import io.fulcrum.wire.agent.DesiredStates;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The desired state the agent has in force, as the control plane sent it: its revision, its digest
 * (DesiredStates.digest) and its resources. What the agent's hello reports, what it persists, and
 * what the first message of a stream applies to.
 */
public record AppliedState(long revision, String digest, SortedMap<DesiredStates.Key, Resource> resources) {
    /** Nothing from the control plane yet: revision 0, no digest. */
    public static final AppliedState NONE = new AppliedState(0, "", new TreeMap<>());

    public AppliedState {
        resources = Collections.unmodifiableSortedMap(new TreeMap<>(resources));
    }
}
