package io.fulcrum.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A link-layer socket on one interface ({@code socket(AF_PACKET, SOCK_DGRAM, 0)}, packet(7)): the
 * kernel adds the Ethernet header from the interface's address and the destination given to
 * {@link #send}. Opened with protocol 0 it receives nothing; it is for sending gratuitous ARP.
 */
public final class PacketSocket implements AutoCloseable {
    // linux/socket.h, bits/socket_type.h
    static final int AF_PACKET = 17;
    static final int SOCK_DGRAM = 2;
    /** sizeof(struct sockaddr_ll): u16 family, be16 protocol, int ifindex, u16 hatype, u8 pkttype, u8 halen, u8 addr[8]. */
    static final int SOCKADDR_LL_LEN = 20;
    /** linux/if_ether.h */
    public static final int ETH_P_ARP = 0x0806;

    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

    /** The Ethernet broadcast address (a copy: arrays cannot be constants). */
    public static byte[] broadcast() {
        return BROADCAST.clone();
    }

    private final int fd;
    private final int ifindex;
    private boolean closed;

    private PacketSocket(int fd, int ifindex) {
        this.fd = fd;
        this.ifindex = ifindex;
    }

    /** A packet socket bound to interface {@code ifindex}. Needs CAP_NET_RAW. */
    public static PacketSocket open(int ifindex) {
        int fd = Native.socket(AF_PACKET, SOCK_DGRAM, 0, "AF_PACKET, SOCK_DGRAM");
        try {
            Native.bind(fd, sockaddrLl(0, ifindex, new byte[0]), "AF_PACKET to ifindex " + ifindex);
            return new PacketSocket(fd, ifindex);
        } catch (RuntimeException e) {
            Native.close(fd);
            throw e;
        }
    }

    /** The interface's hardware address, as getsockname(2) reports it for a bound packet socket. */
    public byte[] hardwareAddress() {
        byte[] ll = Native.sockname(fd, SOCKADDR_LL_LEN);
        if (ll.length < 12)
            throw new NetlinkException("getsockname(AF_PACKET): short sockaddr_ll of " + ll.length + " bytes");
        int halen = Math.min(ll[11] & 0xff, 8);
        return Arrays.copyOfRange(ll, 12, 12 + halen);
    }

    /** Sends {@code payload} as one frame of {@code ethertype} to {@code destination} (e.g. {@link #broadcast()}). */
    public void send(int ethertype, byte[] destination, byte[] payload) {
        Native.sendTo(fd, payload, sockaddrLl(ethertype, ifindex, destination), "AF_PACKET ifindex " + ifindex);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Native.close(fd);
        }
    }

    static byte[] sockaddrLl(int ethertype, int ifindex, byte[] address) {
        ByteBuffer b = ByteBuffer.allocate(SOCKADDR_LL_LEN).order(ByteOrder.nativeOrder());
        b.putShort((short) AF_PACKET);
        b.order(ByteOrder.BIG_ENDIAN)
                .putShort((short) ethertype)
                .order(ByteOrder.nativeOrder()); // sll_protocol: network order
        b.putInt(ifindex)
                .putShort((short) 0)
                .put((byte) 0)
                .put((byte) address.length)
                .put(address);
        return b.array();
    }
}
