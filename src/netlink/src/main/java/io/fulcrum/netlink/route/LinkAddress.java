package io.fulcrum.netlink.route;

import java.net.InetAddress;

/**
 * An address on a link as RTM_NEWADDR describes it: the local address (IFA_LOCAL, or IFA_ADDRESS when
 * there is no IFA_LOCAL, as for IPv6), prefix length, {@code RT_SCOPE_*} scope, {@code IFA_F_*} flags
 * (IFA_FLAGS when present, else the 8-bit ifa_flags) and the IPv4 label, or null.
 */
public record LinkAddress(int linkIndex, InetAddress address, int prefixLength, int scope, int flags, String label) {

    public boolean permanent() {
        return (flags & Rtnetlink.IFA_F_PERMANENT) != 0;
    }
}
