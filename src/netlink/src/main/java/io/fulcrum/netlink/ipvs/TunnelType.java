package io.fulcrum.netlink.ipvs;

import io.fulcrum.netlink.MalformedMessageException;

/** Encapsulation of tunnel destinations: {@code IP_VS_CONN_F_TUNNEL_TYPE_*} of {@code linux/ip_vs.h}. */
public enum TunnelType {
    IPIP(0),
    GUE(1),
    GRE(2);

    /** values() copies its array on every call; parsing a dump calls this per destination. */
    private static final TunnelType[] ALL = values();

    private final int value;

    TunnelType(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    static TunnelType fromValue(int value) {
        for (TunnelType t : ALL) {
            if (t.value == value) {
                return t;
            }
        }
        throw new MalformedMessageException("unknown tunnel type " + value);
    }
}
