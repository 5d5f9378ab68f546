package io.fulcrum.netlink;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The attributes of one region indexed by type, read in place and reusable: {@link #parse} records where
 * each attribute of type 1..{@code maxType} lies, and the typed getters read it from the message. No object
 * per attribute and none per parse, for the hot path of a dump (an IPVS destination reply has ~30 attributes,
 * and a 10k x 10 table 100,000 replies). Same rules as {@link Attributes}: strict framing, the last occurrence
 * of a type wins, a value of the wrong width is malformed; types above {@code maxType} (newer kernels) and the
 * values never asked for (nested counters, say) are skipped unread. Not thread-safe: one per parsing loop.
 */
public final class AttributeIndex {
    private final int[] offset;
    /** The value's length by type; -1: absent. */
    private final int[] length;

    private ByteBuffer message;
    /** The message's array when it has an accessible one (a received datagram does): read directly, little-endian. */
    private byte[] array;

    private int arrayOffset;

    public AttributeIndex(int maxType) {
        offset = new int[maxType + 1];
        length = new int[maxType + 1];
        Arrays.fill(length, -1);
    }

    /**
     * Indexes the attributes between the absolute indexes {@code from} and {@code to} of {@code littleEndian}, a
     * buffer this index then reads from (absolute reads only) until the next parse. Forgets the previous region.
     */
    public AttributeIndex parse(ByteBuffer littleEndian, int from, int to) {
        Arrays.fill(length, -1);
        if (message != littleEndian) {
            message = littleEndian;
            array = littleEndian.hasArray() ? littleEndian.array() : null;
            arrayOffset = array != null ? littleEndian.arrayOffset() : 0;
        }
        if (from < 0 || to > littleEndian.limit()) {
            throw new IndexOutOfBoundsException(
                    "region " + from + ".." + to + " of a buffer of " + littleEndian.limit());
        }
        int start = from;
        while (start < to) {
            int left = to - start;
            if (left < Netlink.NLA_HDRLEN) {
                throw new MalformedMessageException("truncated nlattr header: " + left + " bytes left");
            }
            int nlaLength = u16At(start);
            int type = u16At(start + 2) & Netlink.NLA_TYPE_MASK;
            if (nlaLength < Netlink.NLA_HDRLEN) {
                throw new MalformedMessageException(
                        "attribute " + type + ": nla_len " + nlaLength + " is shorter than its header");
            }
            if (nlaLength > left) {
                throw new MalformedMessageException("attribute " + type + ": nla_len " + nlaLength
                        + " runs past the end of the message (" + left + " bytes left)");
            }
            if (type < length.length) {
                offset[type] = start + Netlink.NLA_HDRLEN;
                length[type] = nlaLength - Netlink.NLA_HDRLEN;
            }
            start = Math.min(start + Netlink.align(nlaLength), to);
        }
        return this;
    }

    /** Indexes the value of the nested attribute {@code type} into {@code into} (another index); its absence is malformed. */
    public AttributeIndex nested(int type, String name, AttributeIndex into) {
        require(type, name);
        return into.parse(message, offset[type], offset[type] + length[type]);
    }

    public boolean has(int type) {
        return type < length.length && length[type] >= 0;
    }

    /** The value's length, -1 when absent. */
    public int length(int type) {
        return has(type) ? length[type] : -1;
    }

    /** Where the value starts in the buffer (absolute); only for a present attribute. */
    public int offset(int type, String name) {
        require(type, name);
        return offset[type];
    }

    /** The buffer of the last parse (little-endian; absolute reads only). */
    public ByteBuffer buffer() {
        return message;
    }

    public int u8(int type, String name) {
        int i = at(type, name, 1);
        return array != null ? array[arrayOffset + i] & 0xff : Byte.toUnsignedInt(message.get(i));
    }

    public int u16(int type, String name) {
        return u16At(at(type, name, 2));
    }

    /** Unsigned 32-bit value as its int bit pattern. */
    public int u32(int type, String name) {
        return u32At(at(type, name, 4));
    }

    public long u64(int type, String name) {
        int i = at(type, name, 8);
        return Integer.toUnsignedLong(u32At(i)) | (long) u32At(i + 4) << 32;
    }

    public int be16(int type, String name) {
        return Integer.reverseBytes(u16At(at(type, name, 2))) >>> 16;
    }

    public int be32(int type, String name) {
        return Integer.reverseBytes(u32At(at(type, name, 4)));
    }

    /** As {@link #u8}, or {@code absent} when there is no such attribute. */
    public int u8(int type, int absent) {
        return has(type) ? u8(type, (String) null) : absent;
    }

    public int u16(int type, int absent) {
        return has(type) ? u16(type, (String) null) : absent;
    }

    public int u32(int type, int absent) {
        return has(type) ? u32(type, (String) null) : absent;
    }

    public int be16(int type, int absent) {
        return has(type) ? be16(type, (String) null) : absent;
    }

    /** A string value, up to its first NUL (the kernel sends NUL-terminated strings). */
    public String string(int type, String name) {
        int from = offset(type, name);
        int end = from;
        int to = from + length[type];
        while (end < to && message.get(end) != 0) {
            end++;
        }
        byte[] raw = new byte[end - from];
        message.get(from, raw);
        return new String(raw, StandardCharsets.UTF_8);
    }

    /*
     * Little-endian reads at an absolute index, from the array when there is one: the buffer's own getters go through
     * bounds and scope checks that the agent's C1-only JIT does not fold away. The region was checked against the
     * buffer's limit by parse, and every index read lies in it.
     */
    private int u16At(int i) {
        if (array == null) return Short.toUnsignedInt(message.getShort(i));
        int a = arrayOffset + i;
        return (array[a] & 0xff) | (array[a + 1] & 0xff) << 8;
    }

    private int u32At(int i) {
        if (array == null) return message.getInt(i);
        int a = arrayOffset + i;
        return (array[a] & 0xff)
                | (array[a + 1] & 0xff) << 8
                | (array[a + 2] & 0xff) << 16
                | (array[a + 3] & 0xff) << 24;
    }

    private int at(int type, String name, int width) {
        require(type, name);
        if (length[type] != width) {
            throw new MalformedMessageException(
                    "attribute " + type + ": expected " + width + " bytes, got " + length[type]);
        }
        return offset[type];
    }

    private void require(int type, String name) {
        if (!has(type)) {
            throw new MalformedMessageException("missing attribute " + (name != null ? name : String.valueOf(type)));
        }
    }
}
