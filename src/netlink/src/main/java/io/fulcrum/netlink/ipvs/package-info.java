/**
 * The kernel's IPVS interface ({@code linux/ip_vs.h}) over generic netlink: services, destinations,
 * timeouts, sync daemons and statistics as value types, {@link io.fulcrum.netlink.ipvs.IpvsCodec}
 * (pure, ipvsadm's encoding field for field) and {@link io.fulcrum.netlink.ipvs.IpvsClient}
 * (ipvsadm's operations minus flush). Knows nothing of Fulcrum's model.
 */
package io.fulcrum.netlink.ipvs;
