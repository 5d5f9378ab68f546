package io.fulcrum.netlink.ipvs;

/**
 * A destination as a reconcile reads it ({@link IpvsClient#destinationStates}): its settings and connection
 * counts, without the traffic counters, which that dump skips unparsed.
 */
public record IpvsDestinationState(IpvsDestination destination, int activeConns, int inactiveConns, int persistConns) {}
