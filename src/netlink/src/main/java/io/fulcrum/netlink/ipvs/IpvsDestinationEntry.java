package io.fulcrum.netlink.ipvs;

/** A destination as listed by the kernel: configuration, connection counts and statistics. */
public record IpvsDestinationEntry(
        IpvsDestination destination, int activeConns, int inactiveConns, int persistConns, IpvsStats stats) {}
