package io.fulcrum.netlink;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Addresses as the kernel writes them (raw bytes in network order) made into InetAddresses. */
public final class WireAddresses {
    private WireAddresses() {}

    /**
     * The address of {@code raw}'s length: 4 bytes IPv4, 16 bytes always IPv6, an IPv4-mapped one
     * ({@code ::ffff:10.0.0.1}) included, where InetAddress.getByAddress would answer an IPv4 address
     * and so an address of the wrong family.
     *
     * @throws MalformedMessageException when {@code raw} is neither 4 nor 16 bytes
     */
    public static InetAddress of(byte[] raw) {
        try {
            return raw.length == 16 ? Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new MalformedMessageException("bad address: " + e.getMessage());
        }
    }
}
