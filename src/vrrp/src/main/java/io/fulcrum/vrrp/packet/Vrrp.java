package io.fulcrum.vrrp.packet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** Protocol constants of VRRPv2 (RFC 3768) and VRRPv3 (RFC 5798), each with its section. */
public final class Vrrp {
    private Vrrp() {}

    /** IP protocol number (RFC 3768 §5.2.4, RFC 5798 §5.1.1.4 / §5.1.2.3). */
    public static final int IP_PROTOCOL = 112;
    /** TTL / hop limit an advert is sent with and must arrive with (RFC 3768 §5.2.3, RFC 5798 §5.1.1.3 / §5.1.2.2). */
    public static final int TTL = 255;
    /** Versions (RFC 3768 §5.3.1, RFC 5798 §5.2.1). */
    public static final int VERSION_2 = 2;

    public static final int VERSION_3 = 3;
    /** The one packet type: ADVERTISEMENT (RFC 3768 §5.3.2, RFC 5798 §5.2.2). */
    public static final int TYPE_ADVERTISEMENT = 1;
    /** The fixed part: version/type, VRID, priority, count, auth type / rsvd+interval, checksum (RFC 3768 §5.1, RFC 5798 §5.1). */
    public static final int HEADER_LENGTH = 8;
    /** VRRPv2 authentication data, 8 octets (RFC 3768 §5.3.10). */
    public static final int AUTH_DATA_LENGTH = 8;
    /** Authentication types (RFC 3768 §5.3.6): 0 none, 1 simple text password (2, IP AH, is deprecated and not spoken). */
    public static final int AUTH_NONE = 0;

    public static final int AUTH_SIMPLE_TEXT = 1;
    /** Priorities (RFC 3768 §5.3.4, RFC 5798 §5.2.4): 255 owns the addresses, 0 means the master stops. */
    public static final int PRIORITY_OWNER = 255;

    public static final int PRIORITY_STOP = 0;
    /** VRRPv3 Max Adver Int is 12 bits of centiseconds (RFC 5798 §5.2.7); the 4 bits above are reserved. */
    public static final int V3_INTERVAL_MASK = 0x0fff;
    /** The largest address count the 8-bit Count field can hold (RFC 3768 §5.3.5). */
    public static final int MAX_ADDRESSES = 255;

    /** The VRRP multicast groups: 224.0.0.18 (RFC 3768 §5.2.2, RFC 5798 §5.1.1.2) and ff02::12 (RFC 5798 §5.1.2.2). */
    public static final InetAddress GROUP_V4 = literal(new byte[] {(byte) 224, 0, 0, 18});

    public static final InetAddress GROUP_V6 =
            literal(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12});

    /**
     * The virtual router MAC address (RFC 3768 §7.3, RFC 5798 §7.3): 00-00-5E-00-01-{VRID} for IPv4,
     * 00-00-5E-00-02-{VRID} for IPv6 (the IANA block 00-00-5E, then 00-01 / 00-02).
     */
    public static byte[] virtualMac(int vrid, boolean ipv6) {
        if (vrid < 1 || vrid > 255) throw new IllegalArgumentException("vrid " + vrid + " out of 1..255");
        return new byte[] {0x00, 0x00, 0x5e, 0x00, (byte) (ipv6 ? 0x02 : 0x01), (byte) vrid};
    }

    /** True when {@code mac} ("00:00:5e:00:01:33", any case) is a virtual router MAC address of {@link #virtualMac} (RFC 5798 §7.3). */
    public static boolean isVirtualMac(String mac) {
        if (mac == null) return false;
        String m = mac.toLowerCase(Locale.ROOT);
        if (m.length() != 17 || !(m.startsWith("00:00:5e:00:01:") || m.startsWith("00:00:5e:00:02:"))) return false;
        try {
            return Integer.parseInt(m.substring(15), 16) >= 1; // VRID 1..255 (RFC 5798 §5.2.3)
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static InetAddress literal(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
