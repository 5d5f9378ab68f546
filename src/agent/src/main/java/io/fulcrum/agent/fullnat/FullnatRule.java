package io.fulcrum.agent.fullnat;

import io.fulcrum.agent.table.ServiceKey;
import java.net.InetAddress;
import java.util.List;

/**
 * One FULLNAT service's source NAT: the flows IPVS forwards for {@code service} (protocol, VIP, port)
 * leave with a source from {@code pool} (the director's addresses of the service's family, in order).
 */
public record FullnatRule(ServiceKey service, List<InetAddress> pool) {
    public FullnatRule {
        if (service.isFwmark()) throw new IllegalArgumentException("fullnat needs an address and port: " + service);
        pool = List.copyOf(pool);
        if (pool.isEmpty()) throw new IllegalArgumentException("fullnat for " + service + " without addresses");
    }
}
