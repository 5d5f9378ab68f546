package io.fulcrum.agent.reconcile;

import io.fulcrum.agent.table.Destination;
import io.fulcrum.agent.table.ServiceKey;
import java.util.List;

/**
 * What the kernel counts for one IPVS service and its destinations: what the agent reports on the
 * control plane's status stream (ipvsadm -Ln --stats / --rate).
 */
public record ServiceStats(ServiceKey key, Counters counters, List<DestinationStats> destinations) {
    public ServiceStats {
        destinations = List.copyOf(destinations);
    }

    /** Totals since the service or destination was added, and the kernel's per-second estimates (linux/ip_vs.h IPVS_STATS_ATTR_*). */
    public record Counters(
            long connections,
            long packetsIn,
            long packetsOut,
            long bytesIn,
            long bytesOut,
            long connectionsPerSecond,
            long packetsInPerSecond,
            long packetsOutPerSecond,
            long bytesInPerSecond,
            long bytesOutPerSecond) {
        public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    public record DestinationStats(
            Destination.Key key, int weight, long activeConnections, long inactiveConnections, Counters counters) {}
}
