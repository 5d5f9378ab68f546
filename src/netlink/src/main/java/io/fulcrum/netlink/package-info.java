/**
 * Netlink in Java: the message and attribute codec (pure, strict, bounds-checked), request/response
 * and dumps over a {@link io.fulcrum.netlink.NetlinkTransport} (a scripted fake in tests), generic
 * netlink, kernel errors as typed exceptions, and the raw IP and packet sockets VRRP needs. Every
 * native call is in {@link io.fulcrum.netlink.Native} and nowhere else.
 */
package io.fulcrum.netlink;
