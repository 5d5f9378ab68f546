package io.fulcrum.netlink.ipvs;

/**
 * Counters and rates of a service or destination (IPVS_STATS_ATTR_*), widened to 64 bits: the kernel's
 * 64-bit block when it sends one, otherwise the 32-bit one.
 */
public record IpvsStats(
        long conns,
        long inPkts,
        long outPkts,
        long inBytes,
        long outBytes,
        long cps,
        long inPps,
        long outPps,
        long inBps,
        long outBps) {

    public static final IpvsStats ZERO = new IpvsStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
