package io.fulcrum.vrrp.packet;

import java.net.InetAddress;

/** What {@link AdvertCodec} made of a received datagram: a well-formed advert, or why it was dropped. */
public sealed interface Decoded {

    /** Passed every packet-level check of RFC 3768 §7.1 / RFC 5798 §7.1; the instance checks come next. */
    record Valid(Advertisement advert, InetAddress source, InetAddress destination, int ttl) implements Decoded {}

    record Dropped(DropReason reason, String detail) implements Decoded {}
}
