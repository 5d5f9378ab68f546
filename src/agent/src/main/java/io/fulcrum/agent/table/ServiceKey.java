package io.fulcrum.agent.table;

import io.fulcrum.model.Addresses;
import io.fulcrum.model.Enums.AddressFamily;
import io.fulcrum.model.Enums.Protocol;
import java.net.InetAddress;
import java.util.Objects;

/**
 * What identifies an IPVS service in the kernel (linux/ip_vs.h struct ip_vs_service_user):
 * protocol + address + port, or address family + firewall mark.
 */
public record ServiceKey(AddressFamily family, Protocol protocol, InetAddress address, int port, long fwmark) {
    public static ServiceKey inet(InetAddress address, int port, Protocol protocol) {
        return new ServiceKey(Addresses.family(address), protocol, address, port, 0);
    }

    public static ServiceKey fwmark(long mark, AddressFamily family) {
        return new ServiceKey(family, null, null, 0, mark);
    }

    public boolean isFwmark() {
        return fwmark != 0;
    }

    /* By hand, as Destination.Key's: the generated ones are slow under the agent's C1-only JIT, and a table is keyed by these. */
    @Override
    public boolean equals(Object o) {
        return this == o
                || o instanceof ServiceKey k
                        && port == k.port
                        && fwmark == k.fwmark
                        && family == k.family
                        && protocol == k.protocol
                        && Objects.equals(address, k.address);
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(address);
        h = 31 * h + port;
        h = 31 * h + Long.hashCode(fwmark);
        h = 31 * h + (protocol == null ? 0 : protocol.ordinal() + 1);
        return mix(31 * h + (family == null ? 0 : family.ordinal()));
    }

    /** MurmurHash3's 32-bit finalizer: every input bit moves the slot a hash lands in (see Destination.Key#hashCode). */
    static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    @Override
    public String toString() {
        if (isFwmark()) return "fwmark " + fwmark + (family == AddressFamily.INET6 ? " (IPv6)" : "");
        String a = Addresses.format(address);
        return protocol.name().toLowerCase() + " " + (family == AddressFamily.INET6 ? "[" + a + "]" : a) + ":" + port;
    }
}
