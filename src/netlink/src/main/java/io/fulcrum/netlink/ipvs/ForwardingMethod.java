package io.fulcrum.netlink.ipvs;

import io.fulcrum.netlink.MalformedMessageException;

/** How packets reach a destination: the {@code IP_VS_CONN_F_*} forwarding values of {@code linux/ip_vs.h}. */
public enum ForwardingMethod {
    /** IP_VS_CONN_F_MASQ: NAT. */
    MASQ(0x0000),
    /** IP_VS_CONN_F_LOCALNODE: the director itself. */
    LOCAL_NODE(0x0001),
    /** IP_VS_CONN_F_TUNNEL: IPIP/GUE/GRE encapsulation. */
    TUNNEL(0x0002),
    /** IP_VS_CONN_F_DROUTE: direct routing (gatewaying). */
    DIRECT_ROUTE(0x0003),
    /** IP_VS_CONN_F_BYPASS: cache bypass. */
    BYPASS(0x0004);

    /** values() copies its array on every call; parsing a dump calls this per destination. */
    private static final ForwardingMethod[] ALL = values();

    /** IP_VS_CONN_F_FWD_MASK. */
    static final int MASK = 0x0007;

    private final int value;

    ForwardingMethod(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    static ForwardingMethod fromValue(int connFlags) {
        int method = connFlags & MASK;
        for (ForwardingMethod m : ALL) {
            if (m.value == method) {
                return m;
            }
        }
        throw new MalformedMessageException("unknown forwarding method " + method);
    }
}
