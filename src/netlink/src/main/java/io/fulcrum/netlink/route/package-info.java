/**
 * rtnetlink (NETLINK_ROUTE): links and addresses as {@code ip link} / {@code ip addr} see them, the
 * pure codec of their messages, and the kernel's link notifications. What VRRP (virtual addresses,
 * macvlans) and the real-server role need; knows nothing of Fulcrum's model.
 */
package io.fulcrum.netlink.route;
