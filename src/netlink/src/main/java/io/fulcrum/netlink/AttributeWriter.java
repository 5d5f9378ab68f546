package io.fulcrum.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Builds a sequence of {@code struct nlattr} TLVs ({@code linux/netlink.h}): u16 length (header plus
 * value, without padding), u16 type, value, zero padding to 4 bytes. Integers are written in host
 * (little-endian) order except the {@code be16}/{@code be32} variants, for fields the kernel declares
 * {@code __be16}/{@code __be32}. Nested attributes carry {@link Netlink#NLA_F_NESTED}.
 */
public final class AttributeWriter {
    private ByteBuffer buffer = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);

    public AttributeWriter u8(int type, int value) {
        checkRange(value, 0xff, type);
        begin(type, 1).put((byte) value);
        return end();
    }

    public AttributeWriter u16(int type, int value) {
        checkRange(value, 0xffff, type);
        begin(type, 2).putShort((short) value);
        return end();
    }

    /** Unsigned 32-bit value; the int is taken as its two's-complement bit pattern. */
    public AttributeWriter u32(int type, int value) {
        begin(type, 4).putInt(value);
        return end();
    }

    public AttributeWriter u64(int type, long value) {
        begin(type, 8).putLong(value);
        return end();
    }

    /** 16-bit value in network byte order, e.g. a port. */
    public AttributeWriter be16(int type, int value) {
        checkRange(value, 0xffff, type);
        begin(type, 2).put((byte) (value >>> 8)).put((byte) value);
        return end();
    }

    /** 32-bit value in network byte order, e.g. an IPv4 netmask. */
    public AttributeWriter be32(int type, int value) {
        begin(type, 4).order(ByteOrder.BIG_ENDIAN).putInt(value).order(ByteOrder.LITTLE_ENDIAN);
        return end();
    }

    public AttributeWriter bytes(int type, byte[] value) {
        begin(type, value.length).put(value);
        return end();
    }

    /** NUL-terminated string ({@code NLA_NUL_STRING}), as the kernel and libnl write them. */
    public AttributeWriter string(int type, String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        begin(type, text.length + 1).put(text).put((byte) 0);
        return end();
    }

    /** A nested attribute whose value is whatever {@code body} writes. */
    public AttributeWriter nested(int type, Consumer<AttributeWriter> body) {
        int start = buffer.position();
        begin(type | Netlink.NLA_F_NESTED, 0);
        body.accept(this);
        int length = buffer.position() - start;
        if (length > 0xffff) {
            throw new IllegalArgumentException("nested attribute " + type + " too long: " + length);
        }
        buffer.putShort(start, (short) length);
        return this;
    }

    public int size() {
        return buffer.position();
    }

    /** A little-endian copy of everything written so far, positioned at 0. */
    public ByteBuffer toBuffer() {
        ByteBuffer out = ByteBuffer.allocate(buffer.position()).order(ByteOrder.LITTLE_ENDIAN);
        out.put(buffer.duplicate().flip());
        return out.flip();
    }

    private ByteBuffer begin(int type, int valueLength) {
        int length = Netlink.NLA_HDRLEN + valueLength;
        if (length > 0xffff) {
            throw new IllegalArgumentException("attribute " + type + " too long: " + valueLength);
        }
        ensure(Netlink.align(length));
        return buffer.putShort((short) length).putShort((short) type);
    }

    private AttributeWriter end() {
        int padding = Netlink.align(buffer.position()) - buffer.position();
        for (int i = 0; i < padding; i++) {
            buffer.put((byte) 0);
        }
        return this;
    }

    private void ensure(int extra) {
        if (buffer.remaining() < extra) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + extra))
                    .order(ByteOrder.LITTLE_ENDIAN);
            bigger.put(buffer.flip());
            buffer = bigger;
        }
    }

    private static void checkRange(int value, int max, int type) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("attribute " + type + " value out of range: " + value);
        }
    }
}
