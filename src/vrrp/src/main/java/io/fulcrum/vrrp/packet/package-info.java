/**
 * VRRP adverts on the wire (RFC 3768 §5, RFC 5798 §5): the advert record, its pure codec with the
 * Internet checksum, and one drop reason per receive check of RFC 3768 §7.1 / RFC 5798 §7.1.
 * Decoding never throws. No I/O.
 */
package io.fulcrum.vrrp.packet;
