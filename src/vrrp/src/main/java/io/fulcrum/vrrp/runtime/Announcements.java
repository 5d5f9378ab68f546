package io.fulcrum.vrrp.runtime;

import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * The packets a new master sends so that neighbours learn where its virtual addresses now are (RFC 3768
 * §8.1.2 / RFC 5798 §8.1.2 for IPv4, §8.2.2 for IPv6). Pure byte builders; the kernel adds the
 * Ethernet header (AF_PACKET SOCK_DGRAM) and the IPv6 header and ICMPv6 checksum (raw ICMPv6 socket).
 */
public final class Announcements {
    private Announcements() {}

    /** RFC 826 / linux/if_arp.h: ARPHRD_ETHER, ARPOP_REQUEST; ETH_P_IP the protocol type. */
    static final int ARPHRD_ETHER = 1;

    static final int ETH_P_IP = 0x0800;
    static final int ARPOP_REQUEST = 1;
    /** ICMPv6 Neighbor Advertisement (RFC 4861 §4.4) and its Target Link-Layer Address option (§4.6.1). */
    static final int ICMPV6_NEIGHBOR_ADVERTISEMENT = 136;

    static final int OPTION_TARGET_LINK_LAYER_ADDRESS = 2;
    /** The NA's Override flag (RFC 4861 §4.4): replace the cached link-layer address. */
    static final int NA_FLAG_OVERRIDE = 0x20;

    /**
     * A gratuitous ARP request as keepalived sends it: sender = target = the address, sender hardware
     * = ours, target hardware = broadcast (RFC 5227 §3 "ARP Announcement" with the keepalived target).
     */
    public static byte[] gratuitousArp(byte[] mac, InetAddress address) {
        byte[] ip = address.getAddress();
        if (ip.length != 4 || mac.length != 6)
            throw new IllegalArgumentException("gratuitous ARP is for IPv4 over Ethernet");
        return ByteBuffer.allocate(28)
                .putShort((short) ARPHRD_ETHER)
                .putShort((short) ETH_P_IP)
                .put((byte) 6)
                .put((byte) 4)
                .putShort((short) ARPOP_REQUEST)
                .put(mac)
                .put(ip)
                .put(new byte[] {-1, -1, -1, -1, -1, -1})
                .put(ip)
                .array();
    }

    /**
     * An unsolicited neighbour advertisement (RFC 4861 §4.4, §7.2.6) for {@code target}: Override set,
     * Solicited and Router clear, with our link-layer address. The checksum is left 0 for the kernel.
     */
    public static byte[] unsolicitedNeighborAdvertisement(byte[] mac, InetAddress target) {
        byte[] t = target.getAddress();
        if (t.length != 16 || mac.length != 6)
            throw new IllegalArgumentException("a neighbour advertisement is for IPv6 over Ethernet");
        return ByteBuffer.allocate(32)
                .put((byte) ICMPV6_NEIGHBOR_ADVERTISEMENT)
                .put((byte) 0)
                .putShort((short) 0)
                .put((byte) NA_FLAG_OVERRIDE)
                .put(new byte[3])
                .put(t)
                .put((byte) OPTION_TARGET_LINK_LAYER_ADDRESS)
                .put((byte) 1)
                .put(mac)
                .array();
    }
}
