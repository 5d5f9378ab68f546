package io.fulcrum.vrrp.packet;

/** The Internet checksum (RFC 1071): one's complement of the one's complement sum of 16-bit words. */
public final class InternetChecksum {
    private long sum;

    /** Adds {@code length} bytes from {@code offset}; an odd trailing byte is padded with zero (RFC 1071 §4.1). */
    public InternetChecksum add(byte[] data, int offset, int length) {
        int i = offset;
        int end = offset + length;
        for (; i + 1 < end; i += 2) sum += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        if (i < end) sum += (data[i] & 0xff) << 8;
        return this;
    }

    public InternetChecksum add(byte[] data) {
        return add(data, 0, data.length);
    }

    public InternetChecksum addWord(int word) {
        sum += word & 0xffff;
        return this;
    }

    /** The checksum to put in the field; over data that already holds a correct checksum it is 0. */
    public int value() {
        long s = sum;
        while ((s >> 16) != 0) s = (s & 0xffff) + (s >> 16);
        return (int) (~s & 0xffff);
    }
}
