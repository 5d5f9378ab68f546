/**
 * VRRP for directors (RFC 3768 version 2, RFC 5798 version 3, with keepalived's additions):
 * {@code packet} the advert codec, {@code machine} the pure clock-driven state machines,
 * {@code track} track scripts, {@code runtime} the loop on raw sockets and rtnetlink that holds a
 * director's virtual addresses.
 */
package io.fulcrum.vrrp;
