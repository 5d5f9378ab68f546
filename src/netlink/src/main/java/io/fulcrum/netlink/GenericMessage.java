package io.fulcrum.netlink;

import java.nio.ByteBuffer;

/** A generic netlink message: {@code struct genlmsghdr} (cmd, version) and the attributes after it. */
public record GenericMessage(int command, int version, Attributes attributes) {

    /** Parses the payload of a netlink message of a generic family (with no family-specific header). */
    public static GenericMessage parse(NetlinkMessage message) {
        ByteBuffer payload = message.payload();
        if (payload.remaining() < Genetlink.GENL_HDRLEN) {
            throw new MalformedMessageException("truncated genlmsghdr: " + payload.remaining() + " bytes");
        }
        int command = Byte.toUnsignedInt(payload.get(0));
        int version = Byte.toUnsignedInt(payload.get(1));
        return new GenericMessage(command, version, Attributes.parse(payload.position(Genetlink.GENL_HDRLEN)));
    }
}
