package io.fulcrum.netlink;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A kernel netlink socket: {@code socket(AF_NETLINK, SOCK_RAW, protocol)} bound with nl_pid 0 so the
 * kernel assigns the port id. Not thread-safe; {@link NetlinkConnection} serialises requests.
 */
public final class NetlinkSocket implements NetlinkTransport {
    /** Large enough for a dump of thousands of IPVS services without the kernel dropping replies. */
    public static final int DEFAULT_RECEIVE_BUFFER = 1 << 20;
    /** A missing reply fails the request (EAGAIN) instead of hanging the caller. */
    public static final Duration DEFAULT_RECEIVE_TIMEOUT = Duration.ofSeconds(10);

    private final int fd;
    private final int portId;
    private boolean closed;

    private NetlinkSocket(int fd, int portId) {
        this.fd = fd;
        this.portId = portId;
    }

    /** Opens a NETLINK_GENERIC socket with the default buffer and timeout. */
    public static NetlinkSocket openGeneric() {
        return open(Netlink.NETLINK_GENERIC, DEFAULT_RECEIVE_BUFFER, DEFAULT_RECEIVE_TIMEOUT);
    }

    /** Opens a NETLINK_ROUTE (rtnetlink) socket with the default buffer and timeout. */
    public static NetlinkSocket openRoute() {
        return open(Netlink.NETLINK_ROUTE, DEFAULT_RECEIVE_BUFFER, DEFAULT_RECEIVE_TIMEOUT);
    }

    public static NetlinkSocket open(int protocol, int receiveBufferBytes, Duration receiveTimeout) {
        int fd = Native.socket(protocol);
        try {
            Native.setIntOption(fd, Native.SOL_SOCKET, Native.SO_RCVBUF, receiveBufferBytes, "SO_RCVBUF");
            Native.setReceiveTimeout(fd, receiveTimeout);
            enableExtendedAck(fd);
            Native.bind(fd, 0);
            return new NetlinkSocket(fd, Native.portId(fd));
        } catch (RuntimeException e) {
            Native.close(fd);
            throw e;
        }
    }

    /** Error strings in NLMSG_ERROR and no echoed request in ACKs; kernels before 4.12 lack these, which is fine. */
    private static void enableExtendedAck(int fd) {
        try {
            Native.setIntOption(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_EXT_ACK, 1, "NETLINK_EXT_ACK");
            Native.setIntOption(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_CAP_ACK, 1, "NETLINK_CAP_ACK");
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ENOPROTOOPT.number()) {
                throw e;
            }
        }
    }

    /**
     * Joins the protocol's multicast group {@code group} (NETLINK_ADD_MEMBERSHIP, netlink(7)), e.g.
     * {@code RTNLGRP_LINK}: the kernel's notifications of that group arrive on this socket from then on,
     * with sequence number and port id 0. When they arrive faster than they are read, the receive buffer
     * overruns: the next receive fails with ENOBUFS and the notifications in between are lost.
     */
    public void subscribe(int group) {
        Native.setIntOption(
                fd, Netlink.SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, group, "NETLINK_ADD_MEMBERSHIP " + group);
    }

    /** poll(2) for POLLIN, at most {@code timeout}. */
    @Override
    public boolean awaitReadable(Duration timeout) {
        return Native.pollIn(fd, (int) Math.min(Integer.MAX_VALUE, Math.max(0, timeout.toMillis())));
    }

    @Override
    public void send(ByteBuffer message) {
        Native.send(fd, message);
    }

    @Override
    public ByteBuffer receive() {
        return Native.receive(fd);
    }

    @Override
    public int portId() {
        return portId;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Native.close(fd);
        }
    }
}
