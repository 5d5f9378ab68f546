package io.fulcrum.netlink;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * Every native call of this module: libc's socket API through jnr-ffi. Each wrapper checks the
 * return value and turns errno into a typed {@link ErrnoException} here, and nowhere else.
 * libc is loaded on first use, so pure codec code and tests never touch it.
 */
final class Native {
    private Native() {}

    // linux/socket.h, bits/socket_type.h
    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    // asm-generic/socket.h (same on x86-64 and arm64)
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVTIMEO = 20;
    // bits/socket.h
    static final int MSG_TRUNC = 0x20;
    /** sizeof(struct sockaddr_nl): u16 nl_family, u16 pad, u32 nl_pid, u32 nl_groups. */
    static final int SOCKADDR_NL_LEN = 12;
    // poll.h
    static final short POLLIN = 0x0001;
    /** LP64 struct msghdr (x86-64, arm64): name*, namelen+pad, iov*, iovlen, control*, controllen, flags+pad. */
    static final int MSGHDR_LEN = 56;

    static final int IOVEC_LEN = 16;

    /** The libc functions used, with jnr-ffi saving errno after each call. */
    public interface LibC {
        @SaveError
        int socket(int domain, int type, int protocol);

        @SaveError
        int bind(int fd, @In byte[] addr, int addrlen);

        @SaveError
        int getsockname(int fd, @Out byte[] addr, @In @Out int[] addrlen);

        @SaveError
        int setsockopt(int fd, int level, int optname, @In byte[] optval, int optlen);

        @SaveError
        @ssize_t
        long sendto(int fd, @In byte[] buf, @size_t long len, int flags, @In byte[] addr, int addrlen);

        @SaveError
        @ssize_t
        long recv(int fd, Pointer buf, @size_t long len, int flags);

        @SaveError
        int close(int fd);

        @SaveError
        @ssize_t
        long recvmsg(int fd, Pointer msghdr, int flags);

        /** {@code struct pollfd} is passed as 8 bytes: int fd, short events, short revents. */
        @SaveError
        int poll(@In @Out byte[] fds, long nfds, int timeout);
    }

    private static final class Holder {
        static final LibC LIBC =
                LibraryLoader.create(LibC.class).failImmediately().load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    /** A raw netlink socket for {@code protocol} (e.g. NETLINK_GENERIC), close-on-exec. */
    static int socket(int protocol) {
        int fd = Holder.LIBC.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
        check(fd, "socket(AF_NETLINK)");
        return fd;
    }

    /** Binds to {@code portId}; 0 lets the kernel assign one. */
    static void bind(int fd, int portId) {
        check(Holder.LIBC.bind(fd, sockaddrNl(portId), SOCKADDR_NL_LEN), "bind(AF_NETLINK)");
    }

    /** The port id the socket is bound to. */
    static int portId(int fd) {
        byte[] addr = new byte[SOCKADDR_NL_LEN];
        int[] length = {addr.length};
        check(Holder.LIBC.getsockname(fd, addr, length), "getsockname");
        if (length[0] < SOCKADDR_NL_LEN) {
            throw new NetlinkException("getsockname: short sockaddr_nl of " + length[0] + " bytes");
        }
        return ByteBuffer.wrap(addr).order(ByteOrder.nativeOrder()).getInt(4);
    }

    static void setIntOption(int fd, int level, int option, int value, String name) {
        byte[] raw = ByteBuffer.allocate(4)
                .order(ByteOrder.nativeOrder())
                .putInt(value)
                .array();
        check(Holder.LIBC.setsockopt(fd, level, option, raw, raw.length), "setsockopt(" + name + ")");
    }

    /** SO_RCVTIMEO takes a struct timeval: two longs (seconds, microseconds) on LP64 Linux. */
    static void setReceiveTimeout(int fd, Duration timeout) {
        byte[] timeval = ByteBuffer.allocate(16)
                .order(ByteOrder.nativeOrder())
                .putLong(timeout.getSeconds())
                .putLong(timeout.getNano() / 1000L)
                .array();
        check(Holder.LIBC.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval, timeval.length), "setsockopt(SO_RCVTIMEO)");
    }

    /** Sends one datagram to the kernel (nl_pid 0). */
    static void send(int fd, ByteBuffer message) {
        byte[] bytes = new byte[message.remaining()];
        message.duplicate().get(bytes);
        while (true) {
            long sent = Holder.LIBC.sendto(fd, bytes, bytes.length, 0, sockaddrNl(0), SOCKADDR_NL_LEN);
            if (sent < 0 && errno() == Errno.EINTR.number()) {
                continue;
            }
            check(sent, "sendto");
            if (sent != bytes.length) {
                throw new NetlinkException("sendto: sent " + sent + " of " + bytes.length + " bytes");
            }
            return;
        }
    }

    /**
     * Room for any netlink datagram: a dump's parts are at most 32 KiB (netlink_recvmsg caps the size
     * the kernel builds them at, net/netlink/af_netlink.c), replies and notifications are smaller.
     */
    static final int RECEIVE_CAPACITY = 256 * 1024;
    /** Native memory reused by every receive on a thread: no allocation and no array copy-in per call. */
    private static final ThreadLocal<Pointer> RECEIVE_ROOM =
            ThreadLocal.withInitial(() -> Memory.allocateDirect(Holder.RUNTIME, RECEIVE_CAPACITY, false));

    /**
     * Receives one datagram whole, in one recv(2) into {@link #RECEIVE_CAPACITY} bytes of reused native
     * memory (a no-change reconcile of 10,000 services makes 20,000 of these; peeking for the size first
     * doubled the system calls). MSG_TRUNC makes recv report a datagram's real size, so one that would
     * not fit is an error, never a silently shortened message.
     */
    static ByteBuffer receive(int fd) {
        Pointer room = RECEIVE_ROOM.get();
        while (true) {
            long n = Holder.LIBC.recv(fd, room, RECEIVE_CAPACITY, MSG_TRUNC);
            if (n < 0 && errno() == Errno.EINTR.number()) {
                continue;
            }
            check(n, "recv");
            if (n > RECEIVE_CAPACITY) {
                throw new NetlinkException("recv: a datagram of " + n + " bytes did not fit the " + RECEIVE_CAPACITY
                        + "-byte buffer; it is lost");
            }
            byte[] data = new byte[(int) n];
            room.get(0, data, 0, data.length);
            return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    static void close(int fd) {
        check(Holder.LIBC.close(fd), "close");
    }

    // ---- sockets of other families (raw IP, AF_PACKET): RawIpSocket, PacketSocket ----

    /** socket(2) with SOCK_CLOEXEC added; {@code what} names the socket in errors. */
    static int socket(int domain, int type, int protocol, String what) {
        int fd = Holder.LIBC.socket(domain, type | SOCK_CLOEXEC, protocol);
        check(fd, "socket(" + what + ")");
        return fd;
    }

    static void setOption(int fd, int level, int option, byte[] value, String name) {
        check(Holder.LIBC.setsockopt(fd, level, option, value, value.length), "setsockopt(" + name + ")");
    }

    static void bind(int fd, byte[] sockaddr, String what) {
        check(Holder.LIBC.bind(fd, sockaddr, sockaddr.length), "bind(" + what + ")");
    }

    /** getsockname(2) into a buffer of {@code capacity} bytes; returns the bytes the kernel filled. */
    static byte[] sockname(int fd, int capacity) {
        byte[] addr = new byte[capacity];
        int[] length = {capacity};
        check(Holder.LIBC.getsockname(fd, addr, length), "getsockname");
        return Arrays.copyOf(addr, Math.min(length[0], capacity));
    }

    /** sendto(2) of one datagram to {@code sockaddr}, retried on EINTR. */
    static void sendTo(int fd, byte[] data, byte[] sockaddr, String what) {
        while (true) {
            long sent = Holder.LIBC.sendto(fd, data, data.length, 0, sockaddr, sockaddr.length);
            if (sent < 0 && errno() == Errno.EINTR.number()) continue;
            check(sent, "sendto(" + what + ")");
            if (sent != data.length)
                throw new NetlinkException("sendto(" + what + "): sent " + sent + " of " + data.length + " bytes");
            return;
        }
    }

    /** Waits up to {@code timeoutMillis} for the socket to be readable; false on timeout (or EINTR). */
    static boolean pollIn(int fd, int timeoutMillis) {
        byte[] pollfd = ByteBuffer.allocate(8)
                .order(ByteOrder.nativeOrder())
                .putInt(fd)
                .putShort(POLLIN)
                .putShort((short) 0)
                .array();
        int n = Holder.LIBC.poll(pollfd, 1, timeoutMillis);
        if (n < 0 && errno() == Errno.EINTR.number()) return false;
        check(n, "poll");
        return n > 0;
    }

    /** One datagram with its source address (msg_name) and ancillary data (msg_control), from recvmsg(2). */
    record Message(byte[] data, byte[] name, byte[] control, int flags) {}

    /**
     * The native memory recvmsg(2) needs for one socket: data, msg_name and msg_control buffers, the
     * iovec and the msghdr pointing at them. Allocated once per receiving socket and reused for every
     * datagram, so that a flood costs no native allocation per packet. Not thread-safe: one receiving
     * thread per socket. The memory is freed by the garbage collector with this object.
     */
    static final class ReceiveBuffer {
        private final int dataCapacity;
        private final int nameCapacity;
        private final int controlCapacity;
        // held in fields so the memory outlives every call that uses its addresses
        private final Pointer data;
        private final Pointer name;
        private final Pointer control;
        private final Pointer iov;
        private final Pointer msg;

        private ReceiveBuffer(int dataCapacity, int nameCapacity, int controlCapacity) {
            Runtime runtime = Holder.RUNTIME;
            this.dataCapacity = dataCapacity;
            this.nameCapacity = nameCapacity;
            this.controlCapacity = controlCapacity;
            this.data = Memory.allocateDirect(runtime, dataCapacity, true);
            this.name = Memory.allocateDirect(runtime, nameCapacity, true);
            this.control = controlCapacity > 0 ? Memory.allocateDirect(runtime, controlCapacity, true) : null;
            this.iov = Memory.allocateDirect(runtime, IOVEC_LEN, true);
            this.msg = Memory.allocateDirect(runtime, MSGHDR_LEN, true);
            iov.putAddress(0, data.address());
            iov.putLong(8, dataCapacity);
            msg.putAddress(0, name.address());
            msg.putAddress(16, iov.address());
            msg.putLong(24, 1);
            msg.putAddress(32, control == null ? 0L : control.address());
        }
    }

    /** Native memory for {@link #recvmsg}: datagrams up to {@code dataCapacity} bytes (the rest is cut), the given name and control room. */
    static ReceiveBuffer receiveBuffer(int dataCapacity, int nameCapacity, int controlCapacity) {
        return new ReceiveBuffer(dataCapacity, nameCapacity, controlCapacity);
    }

    /** recvmsg(2) of one datagram into {@code b}, retried on EINTR; the result is copied out, so {@code b} is free again on return. */
    static Message recvmsg(int fd, ReceiveBuffer b) {
        try {
            while (true) {
                // msg_namelen and msg_controllen are value-result (recvmsg(2)): the kernel shrinks them, so reset both
                // each call
                b.msg.putInt(8, b.nameCapacity);
                b.msg.putLong(40, b.controlCapacity);
                b.msg.putInt(48, 0);
                long n = Holder.LIBC.recvmsg(fd, b.msg, 0);
                if (n < 0 && errno() == Errno.EINTR.number()) continue;
                check(n, "recvmsg");
                byte[] d = new byte[(int) Math.min(n, b.dataCapacity)];
                b.data.get(0, d, 0, d.length);
                byte[] nm = new byte[Math.max(0, Math.min(b.msg.getInt(8), b.nameCapacity))];
                b.name.get(0, nm, 0, nm.length);
                byte[] c = new byte[(int) Math.max(0, Math.min(b.msg.getLong(40), b.controlCapacity))];
                if (c.length > 0) b.control.get(0, c, 0, c.length);
                return new Message(d, nm, c, b.msg.getInt(48));
            }
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    private static byte[] sockaddrNl(int portId) {
        return ByteBuffer.allocate(SOCKADDR_NL_LEN)
                .order(ByteOrder.nativeOrder())
                .putShort((short) AF_NETLINK)
                .putShort((short) 0)
                .putInt(portId)
                .putInt(0)
                .array();
    }

    private static int errno() {
        return LastError.getLastError(Holder.RUNTIME);
    }

    private static void check(long result, String operation) {
        if (result < 0) {
            throw ErrnoException.of(errno(), operation);
        }
    }
}
