package io.fulcrum.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One decoded {@code struct nlattr}: its type (flags masked off) and a read-only view of its value.
 * Typed getters insist on the exact width, so a short or long value is malformed, not misread.
 */
public final class Attribute {
    private final int rawType;
    private final ByteBuffer value;

    Attribute(int rawType, ByteBuffer value) {
        this.rawType = rawType;
        this.value = value.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The attribute type without the NLA_F_NESTED / NLA_F_NET_BYTEORDER bits. */
    public int type() {
        return rawType & Netlink.NLA_TYPE_MASK;
    }

    /** Whether the sender set NLA_F_NESTED (the kernel's IPVS replies do not; nesting is by schema). */
    public boolean nestedFlag() {
        return (rawType & Netlink.NLA_F_NESTED) != 0;
    }

    /** Length of the value, without header and padding. */
    public int length() {
        return value.remaining();
    }

    public int u8() {
        expect(1);
        return Byte.toUnsignedInt(value.get(0));
    }

    public int u16() {
        expect(2);
        return Short.toUnsignedInt(value.getShort(0));
    }

    /** Unsigned 32-bit value as its int bit pattern; use {@link #u32AsLong()} for arithmetic. */
    public int u32() {
        expect(4);
        return value.getInt(0);
    }

    public long u32AsLong() {
        return Integer.toUnsignedLong(u32());
    }

    public long u64() {
        expect(8);
        return value.getLong(0);
    }

    public int be16() {
        expect(2);
        return Short.toUnsignedInt(value.duplicate().order(ByteOrder.BIG_ENDIAN).getShort(0));
    }

    public int be32() {
        expect(4);
        return value.duplicate().order(ByteOrder.BIG_ENDIAN).getInt(0);
    }

    public byte[] bytes() {
        byte[] copy = new byte[value.remaining()];
        value.duplicate().get(copy);
        return copy;
    }

    /** A string value, up to its first NUL (the kernel sends NUL-terminated strings). */
    public String string() {
        byte[] raw = bytes();
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return new String(raw, 0, end, StandardCharsets.UTF_8);
    }

    /** The value parsed as nested attributes. */
    public Attributes nested() {
        return Attributes.parse(value);
    }

    private void expect(int width) {
        if (value.remaining() != width) {
            throw new MalformedMessageException(
                    "attribute " + type() + ": expected " + width + " bytes, got " + value.remaining());
        }
    }

    @Override
    public String toString() {
        return "nlattr{type=" + type() + (nestedFlag() ? ",nested" : "") + ",len=" + length() + "}";
    }
}
