package io.fulcrum.netlink.ipvs;

import io.fulcrum.netlink.MalformedMessageException;

/** Encapsulation of tunnel destinations: {@code IP_VS_CONN_F_TUNNEL_TYPE_*} of {@code linux/ip_vs.h}. */
public enum TunnelType {
    IPIP(0),
    GUE(1),
    GRE(2);

    private final int value;

    TunnelType(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    static TunnelType fromValue(int value) {
        for (TunnelType t : values()) {
            if (t.value == value) {
                return t;
            }
        }
        throw new MalformedMessageException("unknown tunnel type " + value);
    }
}
