package io.fulcrum.agent.bench.keepalived;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kernel's IPVS table as the benchmark compares it: service "address:port" to its destinations
 * "address:port" with their weights.
 */
public record Snapshot(Map<String, Map<String, Integer>> services) {
    public Snapshot {
        Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
        services.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        services = Collections.unmodifiableMap(copy);
    }

    public int destinationCount() {
        int n = 0;
        for (Map<String, Integer> d : services.values()) n += d.size();
        return n;
    }

    /** The weight of destination {@code dest} of {@code service}, or null when the kernel does not hold it. */
    public Integer weight(String service, String dest) {
        Map<String, Integer> d = services.get(service);
        return d == null ? null : d.get(dest);
    }
}
