/**
 * VRRPv2 and VRRPv3 adverts on the wire (RFC 3768 §5, RFC 5798 §5): a pure codec, its checksums and the
 * reasons a received advert is dropped.
 */
package io.fulcrum.vrrp.packet;
