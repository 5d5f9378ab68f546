package io.fulcrum.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One netlink message: its header and a read-only view of the payload that follows it. Pure codec,
 * no I/O; every read is bounds-checked so bad input ends in {@link MalformedMessageException}.
 */
public final class NetlinkMessage {
    private final NetlinkHeader header;
    private final ByteBuffer payload;

    public NetlinkMessage(NetlinkHeader header, ByteBuffer payload) {
        this.header = header;
        this.payload = payload.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    public NetlinkHeader header() {
        return header;
    }

    /** The bytes after the header, positioned at 0, little-endian (host order). */
    public ByteBuffer payload() {
        return payload.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Encodes one message: header in host (little-endian) order, payload copied from position to limit. */
    public static ByteBuffer encode(int type, int flags, int sequence, int portId, ByteBuffer payload) {
        ByteBuffer body = payload.duplicate();
        int length = Netlink.NLMSG_HDRLEN + body.remaining();
        ByteBuffer out = ByteBuffer.allocate(Netlink.align(length)).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(length)
                .putShort(u16(type, "nlmsg_type"))
                .putShort(u16(flags, "nlmsg_flags"))
                .putInt(sequence)
                .putInt(portId)
                .put(body);
        out.position(0);
        return out;
    }

    /**
     * Splits one received datagram into its messages. A header that does not fit, a length below the
     * header size or a length past the end of the datagram is malformed.
     */
    public static List<NetlinkMessage> parseAll(ByteBuffer datagram) {
        ByteBuffer in = datagram.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        List<NetlinkMessage> messages = new ArrayList<>();
        while (in.hasRemaining()) {
            int start = in.position();
            long length = checkedLength(in, start, in.limit());
            NetlinkHeader header = new NetlinkHeader(
                    (int) length,
                    Short.toUnsignedInt(in.getShort(start + 4)),
                    Short.toUnsignedInt(in.getShort(start + 6)),
                    in.getInt(start + 8),
                    in.getInt(start + 12));
            ByteBuffer payload =
                    in.duplicate().position(start + Netlink.NLMSG_HDRLEN).limit(start + (int) length);
            messages.add(new NetlinkMessage(header, payload));
            // The last message of a datagram may omit its trailing padding.
            in.position(Math.min(start + Netlink.align((int) length), in.limit()));
        }
        return messages;
    }

    /**
     * The {@code nlmsg_len} of the message at absolute index {@code start} of {@code in} (little-endian), checked
     * against the datagram's end {@code end}: a header that does not fit, a length below the header size or past
     * the end is malformed.
     */
    static int checkedLength(ByteBuffer in, int start, int end) {
        int left = end - start;
        if (left < Netlink.NLMSG_HDRLEN) {
            throw new MalformedMessageException(
                    "truncated nlmsghdr: " + left + " bytes left, need " + Netlink.NLMSG_HDRLEN);
        }
        long length = Integer.toUnsignedLong(in.getInt(start));
        if (length < Netlink.NLMSG_HDRLEN) {
            throw new MalformedMessageException("nlmsg_len " + length + " is shorter than the header");
        }
        if (length > left) {
            throw new MalformedMessageException(
                    "nlmsg_len " + length + " runs past the end of the datagram (" + left + " bytes left)");
        }
        return (int) length;
    }

    private static short u16(int value, String field) {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException(field + " out of range: " + value);
        }
        return (short) value;
    }

    @Override
    public String toString() {
        return header + "+" + payload.remaining() + "B";
    }
}
