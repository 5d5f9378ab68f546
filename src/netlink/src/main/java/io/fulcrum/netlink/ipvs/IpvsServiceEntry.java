package io.fulcrum.netlink.ipvs;

/** A service as listed by the kernel: its configuration and its statistics. */
public record IpvsServiceEntry(IpvsService service, IpvsStats stats) {}
