package io.fulcrum.agent.bench.keepalived;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Waiting for a whole table to reach the kernel, cheaply: each round reads the list of services, and the
 * destinations only of the services not yet complete (a service is complete once the kernel holds every
 * destination it should, with its weight). The benchmark polls this way so that its own dumps cost little
 * next to the process it times.
 */
public final class Completion {
    private final Map<String, Map<String, Integer>> pending;

    public Completion(Snapshot expected) {
        this.pending = new LinkedHashMap<>(expected.services());
    }

    /** The services still to look at. */
    public Set<String> pending() {
        return pending.keySet();
    }

    /** The kernel's destinations of {@code service}, read this round; true when that service is now complete. */
    public boolean offer(String service, Map<String, Integer> destinations) {
        Map<String, Integer> want = pending.get(service);
        if (want == null) return true;
        if (!destinations.entrySet().containsAll(want.entrySet())) return false;
        pending.remove(service);
        return true;
    }

    public boolean complete() {
        return pending.isEmpty();
    }

    public int remaining() {
        return pending.size();
    }
}
