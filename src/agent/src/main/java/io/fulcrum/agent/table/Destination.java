package io.fulcrum.agent.table;

import io.fulcrum.model.Addresses;
import io.fulcrum.model.Enums.Forwarding;
import io.fulcrum.model.Enums.TunnelChecksum;
import io.fulcrum.model.Enums.TunnelType;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An IPVS destination (real server) of a service. The kernel can change every setting but the
 * address and port in place (IPVS_CMD_SET_DEST).
 *
 * @param tunnelType, tunnelPort, tunnelChecksum only meaningful with forwarding TUN
 * @param draining desired side only: the operator drains it (weight 0, removed once idle)
 * @param activeConnections actual side only: the kernel's active connection count
 */
public record Destination(
        InetAddress address,
        int port,
        Forwarding forwarding,
        TunnelType tunnelType,
        Integer tunnelPort,
        TunnelChecksum tunnelChecksum,
        int weight,
        int upperThreshold,
        int lowerThreshold,
        boolean draining,
        long activeConnections) {

    public record Key(InetAddress address, int port) {
        /*
         * equals and hashCode by hand: a no-change reconcile of 10k x 10 looks up 100,000 keys, and the ones records
         * generate (method handles) cost several times these under the agent's C1-only JIT.
         */
        @Override
        public boolean equals(Object o) {
            return this == o || o instanceof Key k && port == k.port && Objects.equals(address, k.address);
        }

        /**
         * Mixed (MurmurHash3's finalizer): the immutable maps a table is made of probe at the hash modulo their size,
         * and the plain 31 * address + port of real servers 10.(200 + n).x.y fell into a handful of slots.
         */
        @Override
        public int hashCode() {
            return ServiceKey.mix(31 * Objects.hashCode(address) + port);
        }

        @Override
        public String toString() {
            String a = Addresses.format(address);
            return (address instanceof Inet6Address ? "[" + a + "]" : a) + ":" + port;
        }
    }

    public Key key() {
        return new Key(address, port);
    }

    /** Whether the kernel-visible settings are the same (the bookkeeping fields are ignored). */
    public boolean sameSettings(Destination o) {
        return forwarding == o.forwarding
                && weight == o.weight
                && upperThreshold == o.upperThreshold
                && lowerThreshold == o.lowerThreshold
                && (forwarding != Forwarding.TUN
                        || tunnelType == o.tunnelType
                                && Objects.equals(tunnelPort, o.tunnelPort)
                                && tunnelChecksum == o.tunnelChecksum);
    }

    /**
     * The kernel's view of this destination: no desired-only bookkeeping. This very object when it has none:
     * the desired table and the agent's picture of the kernel then share it (100,000 destinations at 10k x 10).
     */
    public Destination asActual() {
        if (!draining) return this;
        return new Destination(
                address,
                port,
                forwarding,
                tunnelType,
                tunnelPort,
                tunnelChecksum,
                weight,
                upperThreshold,
                lowerThreshold,
                false,
                activeConnections);
    }

    public Destination withActiveConnections(long n) {
        if (n == activeConnections) return this;
        return new Destination(
                address,
                port,
                forwarding,
                tunnelType,
                tunnelPort,
                tunnelChecksum,
                weight,
                upperThreshold,
                lowerThreshold,
                draining,
                n);
    }

    public Destination withWeight(int w) {
        return new Destination(
                address,
                port,
                forwarding,
                tunnelType,
                tunnelPort,
                tunnelChecksum,
                w,
                upperThreshold,
                lowerThreshold,
                draining,
                activeConnections);
    }
}
