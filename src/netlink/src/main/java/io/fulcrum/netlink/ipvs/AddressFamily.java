package io.fulcrum.netlink.ipvs;

import io.fulcrum.netlink.MalformedMessageException;
import java.net.Inet4Address;
import java.net.InetAddress;

/** Address families IPVS speaks, with their {@code AF_*} numbers from {@code linux/socket.h}. */
public enum AddressFamily {
    INET(2, 4, 32),
    INET6(10, 16, 128);

    /** values() copies its array on every call; parsing a dump calls this per destination. */
    private static final AddressFamily[] ALL = values();

    private final int number;
    private final int addressLength;
    private final int maxPrefix;

    AddressFamily(int number, int addressLength, int maxPrefix) {
        this.number = number;
        this.addressLength = addressLength;
        this.maxPrefix = maxPrefix;
    }

    public int number() {
        return number;
    }

    public int addressLength() {
        return addressLength;
    }

    /** 32 or 128: the full prefix length, a host route. */
    public int maxPrefix() {
        return maxPrefix;
    }

    public static AddressFamily of(InetAddress address) {
        return address instanceof Inet4Address ? INET : INET6;
    }

    static AddressFamily fromNumber(int number) {
        for (AddressFamily family : ALL) {
            if (family.number == number) {
                return family;
            }
        }
        throw new MalformedMessageException("unknown address family " + number);
    }
}
