package io.fulcrum.netlink.ipvs;

import io.fulcrum.netlink.MalformedMessageException;

/** Service protocols IPVS balances, with their {@code IPPROTO_*} numbers from {@code linux/in.h}. */
public enum IpProtocol {
    TCP(6),
    UDP(17),
    SCTP(132);

    private final int number;

    IpProtocol(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    static IpProtocol fromNumber(int number) {
        for (IpProtocol protocol : values()) {
            if (protocol.number == number) {
                return protocol;
            }
        }
        throw new MalformedMessageException("unknown IP protocol " + number);
    }
}
