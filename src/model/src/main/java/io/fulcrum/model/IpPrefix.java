package io.fulcrum.model;

import java.net.Inet4Address;
import java.net.InetAddress;

/** An address with a prefix length, e.g. 192.168.10.100/24. */
public record IpPrefix(InetAddress address, int prefixLength) {
    public IpPrefix {
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max)
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of 0.." + max);
    }

    public Enums.AddressFamily family() {
        return Addresses.family(address);
    }

    @Override
    public String toString() {
        return Addresses.format(address) + "/" + prefixLength;
    }
}
