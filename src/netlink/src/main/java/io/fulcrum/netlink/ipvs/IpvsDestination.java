package io.fulcrum.netlink.ipvs;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Set;

/**
 * A real server of a service as the kernel holds it (IPVS_DEST_ATTR_*). The tunnel fields only
 * matter for {@link ForwardingMethod#TUNNEL}; the tunnel port is for GUE. The address family
 * (IPVS_DEST_ATTR_ADDR_FAMILY) follows from the address and may differ from the service's.
 */
public record IpvsDestination(
        InetAddress address,
        int port,
        ForwardingMethod forwarding,
        int weight,
        int upperThreshold,
        int lowerThreshold,
        TunnelType tunnelType,
        int tunnelPort,
        Set<TunnelFlag> tunnelFlags) {

    public IpvsDestination {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(forwarding, "forwarding");
        Objects.requireNonNull(tunnelType, "tunnelType");
        tunnelFlags = Set.copyOf(tunnelFlags);
        if (port < 0 || port > 0xffff || tunnelPort < 0 || tunnelPort > 0xffff) {
            throw new IllegalArgumentException("port out of range");
        }
        if (weight < 0) {
            throw new IllegalArgumentException("weight must not be negative: " + weight);
        }
    }

    public static IpvsDestination of(InetAddress address, int port, ForwardingMethod forwarding, int weight) {
        return new IpvsDestination(address, port, forwarding, weight, 0, 0, TunnelType.IPIP, 0, Set.of());
    }

    public IpvsDestination withThresholds(int upper, int lower) {
        return new IpvsDestination(
                address, port, forwarding, weight, upper, lower, tunnelType, tunnelPort, tunnelFlags);
    }

    public IpvsDestination withTunnel(TunnelType type, int port, Set<TunnelFlag> flags) {
        return new IpvsDestination(
                address, this.port, forwarding, weight, upperThreshold, lowerThreshold, type, port, flags);
    }

    public AddressFamily family() {
        return AddressFamily.of(address);
    }
}
