package io.fulcrum.agent.table;

import io.fulcrum.model.Addresses;
import io.fulcrum.model.Enums.AddressFamily;
import io.fulcrum.model.Enums.Protocol;

import java.net.InetAddress;

/**
 * What identifies an IPVS service in the kernel (linux/ip_vs.h struct ip_vs_service_user):
 * protocol + address + port, or address family + firewall mark.
 */
public record ServiceKey(AddressFamily family, Protocol protocol, InetAddress address, int port, long fwmark) {
    public static ServiceKey inet(InetAddress address, int port, Protocol protocol) {
        return new ServiceKey(Addresses.family(address), protocol, address, port, 0);
    }

    public static ServiceKey fwmark(long mark, AddressFamily family) { return new ServiceKey(family, null, null, 0, mark); }

    public boolean isFwmark() { return fwmark != 0; }

    @Override public String toString() {
        if (isFwmark()) return "fwmark " + fwmark + (family == AddressFamily.INET6 ? " (IPv6)" : "");
        String a = Addresses.format(address);
        return protocol.name().toLowerCase() + " " + (family == AddressFamily.INET6 ? "[" + a + "]" : a) + ":" + port;
    }
}
