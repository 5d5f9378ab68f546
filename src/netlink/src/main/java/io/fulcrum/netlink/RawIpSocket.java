package io.fulcrum.netlink;

import io.fulcrum.netlink.route.Rtnetlink;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * A raw IP socket for one protocol ({@code socket(AF_INET|AF_INET6, SOCK_RAW, protocol)}): what VRRP
 * (protocol 112) and unsolicited neighbour advertisements (ICMPv6) are sent and received on. The kernel
 * builds the IP header on send. On receive, an IPv4 socket gets the whole datagram with its IP header
 * (raw(7)); an IPv6 socket gets the payload only, so the hop limit and destination come from
 * IPV6_RECVHOPLIMIT / IPV6_RECVPKTINFO ancillary data (RFC 3542). Every call goes through {@link Native}.
 */
public final class RawIpSocket implements AutoCloseable {
    // linux/socket.h
    private static final int AF_INET = Rtnetlink.AF_INET;
    private static final int AF_INET6 = Rtnetlink.AF_INET6;
    // asm-generic/socket.h
    static final int SO_BINDTODEVICE = 25;
    // linux/in.h
    static final int IPPROTO_IP = 0;
    static final int IP_TTL = 2;
    static final int IP_MULTICAST_IF = 32;
    static final int IP_MULTICAST_TTL = 33;
    static final int IP_MULTICAST_LOOP = 34;
    static final int IP_ADD_MEMBERSHIP = 35;
    // linux/in6.h
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_UNICAST_HOPS = 16;
    static final int IPV6_MULTICAST_IF = 17;
    static final int IPV6_MULTICAST_HOPS = 18;
    static final int IPV6_MULTICAST_LOOP = 19;
    static final int IPV6_ADD_MEMBERSHIP = 20;
    static final int IPV6_RECVPKTINFO = 49;
    static final int IPV6_PKTINFO = 50;
    static final int IPV6_RECVHOPLIMIT = 51;
    static final int IPV6_HOPLIMIT = 52;
    /** sizeof(struct sockaddr_in) and sizeof(struct sockaddr_in6). */
    static final int SOCKADDR_IN_LEN = 16;

    static final int SOCKADDR_IN6_LEN = 28;
    /** The largest IP datagram. */
    static final int MAX_DATAGRAM = 65_535;
    /** Room for the IPV6_HOPLIMIT (int) and IPV6_PKTINFO (struct in6_pktinfo, RFC 3542 §6.1) control messages: CMSG_SPACE (bits/socket.h) of 4 and 20 bytes, 24 + 40, with margin. */
    static final int CONTROL_CAPACITY = 256;

    private final int fd;
    private final boolean ipv6;
    private final String what;
    private boolean closed;
    /** recvmsg's native memory, allocated at the first receive (send-only sockets never need it), then reused. */
    private Native.ReceiveBuffer receiveBuffer;

    /**
     * One received datagram.
     *
     * @param data        IPv4: the whole datagram with its IP header; IPv6: the payload
     * @param destination IPv4: from the IP header; IPv6: from IPV6_PKTINFO, or null when not enabled
     * @param hopLimit    the TTL (IPv4 header) or hop limit (IPV6_HOPLIMIT), or -1 when unknown
     * @param ifindex     the interface it arrived on (IPv6 with pktinfo), or 0 when unknown
     */
    public record Datagram(byte[] data, InetAddress source, InetAddress destination, int hopLimit, int ifindex) {}

    private RawIpSocket(int fd, boolean ipv6, String what) {
        this.fd = fd;
        this.ipv6 = ipv6;
        this.what = what;
    }

    /** A raw socket for IP protocol {@code protocol} (e.g. 112 VRRP, 58 ICMPv6), close-on-exec. Needs CAP_NET_RAW. */
    public static RawIpSocket open(boolean ipv6, int protocol) {
        String what = (ipv6 ? "AF_INET6" : "AF_INET") + ", SOCK_RAW, " + protocol;
        return new RawIpSocket(Native.socket(ipv6 ? AF_INET6 : AF_INET, Native.SOCK_RAW, protocol, what), ipv6, what);
    }

    /** SO_BINDTODEVICE: send and receive on this interface only. */
    public void bindToDevice(String iface) {
        byte[] name = iface.getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[name.length + 1]; // NUL-terminated
        System.arraycopy(name, 0, value, 0, name.length);
        Native.setOption(fd, Native.SOL_SOCKET, SO_BINDTODEVICE, value, "SO_BINDTODEVICE " + iface);
    }

    /**
     * Binds the local address, which becomes the source of what is sent (needed when the payload's
     * checksum covers it). Do not bind a receiving socket: a bound raw socket only sees datagrams to that address.
     */
    public void bind(InetAddress local, int scopeId) {
        Native.bind(fd, sockaddr(local, scopeId), what + " to " + local.getHostAddress());
    }

    /** IP_ADD_MEMBERSHIP (struct ip_mreqn) / IPV6_ADD_MEMBERSHIP (struct ipv6_mreq) on interface {@code ifindex}. */
    public void joinGroup(InetAddress group, int ifindex) {
        checkFamily(group);
        if (ipv6) {
            byte[] mreq = ByteBuffer.allocate(20)
                    .order(ByteOrder.nativeOrder())
                    .put(group.getAddress())
                    .putInt(ifindex)
                    .array();
            Native.setOption(
                    fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, mreq, "IPV6_ADD_MEMBERSHIP " + group.getHostAddress());
        } else {
            Native.setOption(
                    fd,
                    IPPROTO_IP,
                    IP_ADD_MEMBERSHIP,
                    mreqn(group.getAddress(), ifindex),
                    "IP_ADD_MEMBERSHIP " + group.getHostAddress());
        }
    }

    /** IP_MULTICAST_IF (struct ip_mreqn with the index) / IPV6_MULTICAST_IF: where multicast leaves. */
    public void setMulticastInterface(int ifindex) {
        if (ipv6) Native.setIntOption(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, ifindex, "IPV6_MULTICAST_IF");
        else Native.setOption(fd, IPPROTO_IP, IP_MULTICAST_IF, mreqn(new byte[4], ifindex), "IP_MULTICAST_IF");
    }

    /** The TTL / hop limit of both unicast and multicast datagrams sent. */
    public void setHopLimit(int hops) {
        if (ipv6) {
            Native.setIntOption(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, hops, "IPV6_UNICAST_HOPS");
            Native.setIntOption(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, hops, "IPV6_MULTICAST_HOPS");
        } else {
            Native.setIntOption(fd, IPPROTO_IP, IP_TTL, hops, "IP_TTL");
            Native.setIntOption(fd, IPPROTO_IP, IP_MULTICAST_TTL, hops, "IP_MULTICAST_TTL");
        }
    }

    /** Whether this host's own sockets get a copy of the multicast it sends. */
    public void setMulticastLoop(boolean loop) {
        if (ipv6) Native.setIntOption(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, loop ? 1 : 0, "IPV6_MULTICAST_LOOP");
        else Native.setIntOption(fd, IPPROTO_IP, IP_MULTICAST_LOOP, loop ? 1 : 0, "IP_MULTICAST_LOOP");
    }

    /** IPv6: deliver the hop limit and the destination/interface with each datagram. No-op for IPv4, whose header has both. */
    public void receiveHopLimitAndDestination() {
        if (!ipv6) return;
        Native.setIntOption(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
        Native.setIntOption(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");
    }

    /** Sends {@code payload} to {@code destination} (scope: the interface index of a link-local / multicast IPv6 destination). */
    public void send(byte[] payload, InetAddress destination, int scopeId) {
        Native.sendTo(fd, payload, sockaddr(destination, scopeId), what + " to " + destination.getHostAddress());
    }

    /**
     * The next datagram, or null when none arrives within {@code timeout}. Not thread-safe: one thread
     * receives on a socket (its native receive memory is reused from one datagram to the next).
     */
    public Datagram receive(Duration timeout) {
        if (!Native.pollIn(fd, (int) Math.min(Integer.MAX_VALUE, Math.max(0, timeout.toMillis())))) return null;
        if (receiveBuffer == null) {
            receiveBuffer = ipv6
                    ? Native.receiveBuffer(MAX_DATAGRAM, SOCKADDR_IN6_LEN, CONTROL_CAPACITY)
                    : Native.receiveBuffer(
                            MAX_DATAGRAM, SOCKADDR_IN_LEN, 0); // IPv4: the header carries TTL and addresses
        }
        Native.Message m = Native.recvmsg(fd, receiveBuffer);
        if (!ipv6) {
            byte[] data = m.data();
            if (data.length < 20) return new Datagram(data, null, null, -1, 0);
            return new Datagram(data, address(data, 12, 4), address(data, 16, 4), data[8] & 0xff, 0);
        }
        InetAddress source = m.name().length >= 24 ? address(m.name(), 8, 16) : null;
        int hopLimit = -1;
        InetAddress destination = null;
        int ifindex = 0;
        ByteBuffer c = ByteBuffer.wrap(m.control()).order(ByteOrder.nativeOrder());
        int p = 0;
        // struct cmsghdr: size_t cmsg_len, int cmsg_level, int cmsg_type, data; CMSG_ALIGN to 8 on LP64
        while (p + 16 <= c.limit()) {
            long len = c.getLong(p);
            int level = c.getInt(p + 8);
            int type = c.getInt(p + 12);
            if (len < 16 || p + len > c.limit()) break;
            if (level == IPPROTO_IPV6 && type == IPV6_HOPLIMIT && len >= 20) hopLimit = c.getInt(p + 16);
            if (level == IPPROTO_IPV6 && type == IPV6_PKTINFO && len >= 36) {
                destination = address(m.control(), p + 16, 16);
                ifindex = c.getInt(p + 32);
            }
            p += (int) ((len + 7) & ~7L);
        }
        return new Datagram(m.data(), source, destination, hopLimit, ifindex);
    }

    /** The native receive memory in use, null before the first receive (tests check that it is reused). */
    Native.ReceiveBuffer receiveBuffer() {
        return receiveBuffer;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Native.close(fd);
        }
    }

    private void checkFamily(InetAddress a) {
        if ((a instanceof Inet6Address) != ipv6)
            throw new IllegalArgumentException(a.getHostAddress() + " is not of this socket's family");
    }

    /** struct ip_mreqn: imr_multiaddr, imr_address (any), imr_ifindex. */
    private static byte[] mreqn(byte[] group, int ifindex) {
        return ByteBuffer.allocate(12)
                .order(ByteOrder.nativeOrder())
                .put(group)
                .put(new byte[4])
                .putInt(ifindex)
                .array();
    }

    private byte[] sockaddr(InetAddress a, int scopeId) {
        checkFamily(a);
        if (a instanceof Inet4Address) {
            // struct sockaddr_in: sin_family (host order), sin_port (network order; 0 for raw), sin_addr, zero
            return ByteBuffer.allocate(SOCKADDR_IN_LEN)
                    .order(ByteOrder.nativeOrder())
                    .putShort((short) AF_INET)
                    .putShort((short) 0)
                    .put(a.getAddress())
                    .array();
        }
        // struct sockaddr_in6: family, port, flowinfo, addr, scope id
        return ByteBuffer.allocate(SOCKADDR_IN6_LEN)
                .order(ByteOrder.nativeOrder())
                .putShort((short) AF_INET6)
                .putShort((short) 0)
                .putInt(0)
                .put(a.getAddress())
                .putInt(scopeId)
                .array();
    }

    private static InetAddress address(byte[] b, int offset, int length) {
        return WireAddresses.of(Arrays.copyOfRange(b, offset, offset + length));
    }
}
