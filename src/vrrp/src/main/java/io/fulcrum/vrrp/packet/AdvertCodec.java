package io.fulcrum.vrrp.packet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure encoding and decoding of VRRP adverts. Decoding never throws: every malformed input becomes a
 * {@link Decoded.Dropped} with its {@link DropReason}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  |Version| Type  | Virtual Rtr ID|   Priority    | Count IP Addrs|
 *  v2: |  Auth Type    |   Adver Int   |          Checksum             |   (RFC 3768 §5.1)
 *  v3: |(rsvd) |     Max Adver Int     |          Checksum             |   (RFC 5798 §5.1)
 *  IPvX Address(es) ... ; v2 only: Authentication Data (8 octets)
 * </pre>
 */
public final class AdvertCodec {
    private AdvertCodec() {}

    /** Offset of the checksum field in the VRRP header (RFC 3768 §5.1, RFC 5798 §5.1). */
    static final int CHECKSUM_OFFSET = 6;
    /** IPv4 header (RFC 791 §3.1): minimum length, and the offsets used here. */
    static final int IPV4_MIN_HEADER = 20;

    /**
     * The advert's bytes with its checksum: over the VRRP message for v2 (RFC 3768 §5.3.8), over the
     * IPv4/IPv6 pseudo-header and the message for v3 (RFC 5798 §5.2.8), which needs the source and
     * destination addresses the packet is sent with.
     */
    public static byte[] encode(Advertisement a, InetAddress source, InetAddress destination) {
        int addressLength = a.ipv4() ? 4 : 16;
        byte[] out = new byte[length(a.version(), a.addresses().size(), addressLength)];
        out[0] = (byte) ((a.version() << 4) | Vrrp.TYPE_ADVERTISEMENT);
        out[1] = (byte) a.vrid();
        out[2] = (byte) a.priority();
        out[3] = (byte) a.addresses().size();
        if (a.version() == Vrrp.VERSION_2) {
            out[4] = (byte) a.authType();
            out[5] = (byte) a.interval();
        } else {
            out[4] = (byte) ((a.interval() >> 8) & 0x0f); // the 4 reserved bits are sent as zero (RFC 5798 §5.2.6)
            out[5] = (byte) a.interval();
        }
        int p = Vrrp.HEADER_LENGTH;
        for (InetAddress address : a.addresses()) {
            byte[] raw = address.getAddress();
            if (raw.length != addressLength)
                throw new IllegalArgumentException("an advert carries addresses of one family");
            System.arraycopy(raw, 0, out, p, raw.length);
            p += raw.length;
        }
        if (a.version() == Vrrp.VERSION_2) System.arraycopy(a.authData(), 0, out, p, Vrrp.AUTH_DATA_LENGTH);
        int checksum = checksum(a.version(), out, 0, out.length, source, destination);
        out[CHECKSUM_OFFSET] = (byte) (checksum >> 8);
        out[CHECKSUM_OFFSET + 1] = (byte) checksum;
        return out;
    }

    /**
     * A raw IPv4 socket's datagram: the IPv4 header (RFC 791 §3.1), then the advert. The TTL, source and
     * destination come from that header.
     */
    public static Decoded decodeIpv4(byte[] datagram, int length) {
        if (length < IPV4_MIN_HEADER || datagram.length < length)
            return dropped(DropReason.TRUNCATED, length + " bytes, no IPv4 header");
        int version = (datagram[0] & 0xf0) >> 4;
        int headerLength = (datagram[0] & 0x0f) * 4;
        if (version != 4 || headerLength < IPV4_MIN_HEADER)
            return dropped(DropReason.BAD_IP_HEADER, "IP version " + version + ", header length " + headerLength);
        if (headerLength > length)
            return dropped(DropReason.TRUNCATED, "IPv4 header of " + headerLength + " bytes in " + length);
        int total = ((datagram[2] & 0xff) << 8) | (datagram[3] & 0xff);
        if (total != length)
            return dropped(
                    DropReason.BAD_IP_HEADER, "IPv4 total length " + total + " but " + length + " bytes arrived");
        int protocol = datagram[9] & 0xff;
        if (protocol != Vrrp.IP_PROTOCOL) return dropped(DropReason.BAD_IP_HEADER, "IP protocol " + protocol);
        int ttl = datagram[8] & 0xff;
        InetAddress source = address(datagram, 12, 4);
        InetAddress destination = address(datagram, 16, 4);
        return decode(datagram, headerLength, length - headerLength, source, destination, ttl);
    }

    /**
     * The checks of RFC 3768 §7.1 / RFC 5798 §7.1 that need no configuration: TTL / hop limit 255,
     * version, type, a length that matches the address count, the checksum, and a known v2 auth type.
     *
     * @param source      the IP source (its family decides the address size of a v3 advert)
     * @param destination the IP destination (part of the v3 pseudo-header)
     * @param ttl         the received TTL / hop limit
     */
    public static Decoded decode(
            byte[] buffer, int offset, int length, InetAddress source, InetAddress destination, int ttl) {
        if (offset < 0 || length < Vrrp.HEADER_LENGTH || offset + length > buffer.length) {
            return dropped(DropReason.TRUNCATED, length + " bytes, the VRRP header has " + Vrrp.HEADER_LENGTH);
        }
        if (ttl != Vrrp.TTL) return dropped(DropReason.TTL, "TTL/hop limit " + ttl);
        int version = (buffer[offset] & 0xf0) >> 4;
        int type = buffer[offset] & 0x0f;
        boolean ipv6 = source instanceof Inet6Address;
        if (version != Vrrp.VERSION_2 && version != Vrrp.VERSION_3)
            return dropped(DropReason.VERSION, "version " + version);
        if (version == Vrrp.VERSION_2 && ipv6) return dropped(DropReason.VERSION, "version 2 over IPv6");
        if (type != Vrrp.TYPE_ADVERTISEMENT) return dropped(DropReason.TYPE, "type " + type);
        int count = buffer[offset + 3] & 0xff;
        int addressLength = ipv6 ? 16 : 4;
        int expected = length(version, count, addressLength);
        if (length != expected) {
            return dropped(DropReason.LENGTH, length + " bytes for " + count + " address(es), expected " + expected);
        }
        if (checksum(version, buffer, offset, length, source, destination) != 0) {
            int field =
                    ((buffer[offset + CHECKSUM_OFFSET] & 0xff) << 8) | (buffer[offset + CHECKSUM_OFFSET + 1] & 0xff);
            return dropped(DropReason.CHECKSUM, String.format("checksum 0x%04x is wrong", field));
        }
        int vrid = buffer[offset + 1] & 0xff;
        int priority = buffer[offset + 2] & 0xff;
        int authType = version == Vrrp.VERSION_2 ? buffer[offset + 4] & 0xff : 0;
        int interval = version == Vrrp.VERSION_2
                ? buffer[offset + 5] & 0xff
                : (((buffer[offset + 4] & 0xff) << 8) | (buffer[offset + 5] & 0xff)) & Vrrp.V3_INTERVAL_MASK;
        if (version == Vrrp.VERSION_2 && authType > 2)
            return dropped(DropReason.AUTH_TYPE, "unknown auth type " + authType);
        List<InetAddress> addresses = new ArrayList<>(count);
        int p = offset + Vrrp.HEADER_LENGTH;
        for (int i = 0; i < count; i++, p += addressLength) addresses.add(address(buffer, p, addressLength));
        byte[] authData = null;
        if (version == Vrrp.VERSION_2) {
            authData = new byte[Vrrp.AUTH_DATA_LENGTH];
            System.arraycopy(buffer, p, authData, 0, authData.length);
        }
        Advertisement advert = new Advertisement(version, vrid, priority, authType, interval, addresses, authData);
        return new Decoded.Valid(advert, source, destination, ttl);
    }

    /** The VRRP message length: header, addresses, and v2's authentication data. */
    static int length(int version, int count, int addressLength) {
        return Vrrp.HEADER_LENGTH + count * addressLength + (version == Vrrp.VERSION_2 ? Vrrp.AUTH_DATA_LENGTH : 0);
    }

    /** The checksum over the message as it stands (0 when the field in it is right). */
    static int checksum(
            int version, byte[] message, int offset, int length, InetAddress source, InetAddress destination) {
        InternetChecksum sum = new InternetChecksum();
        if (version == Vrrp.VERSION_3) {
            byte[] src = source.getAddress();
            byte[] dst = destination.getAddress();
            if (src.length != dst.length)
                throw new IllegalArgumentException("source and destination of different families");
            sum.add(src).add(dst);
            if (src.length == 4) {
                // IPv4 pseudo-header (RFC 5798 §5.2.8 -> RFC 768): zero, protocol, VRRP length
                sum.addWord(Vrrp.IP_PROTOCOL).addWord(length);
            } else {
                // IPv6 pseudo-header (RFC 5798 §5.2.8 -> RFC 8200 §8.1): 32-bit length, 24 zero bits, next header
                sum.addWord(length >>> 16).addWord(length).addWord(0).addWord(Vrrp.IP_PROTOCOL);
            }
        }
        return sum.add(message, offset, length).value();
    }

    private static InetAddress address(byte[] buffer, int offset, int length) {
        byte[] raw = new byte[length];
        System.arraycopy(buffer, offset, raw, 0, length);
        try {
            return length == 4
                    ? (Inet4Address) InetAddress.getByAddress(raw)
                    : Inet6Address.getByAddress(null, raw, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // only thrown for a wrong length
        }
    }

    private static Decoded dropped(DropReason reason, String detail) {
        return new Decoded.Dropped(reason, detail);
    }
}
