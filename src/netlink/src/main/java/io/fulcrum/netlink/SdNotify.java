package io.fulcrum.netlink;

import static java.lang.System.Logger.Level.WARNING;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * systemd's readiness protocol (sd_notify(3)): one datagram such as {@code READY=1} to the Unix socket
 * named by {@code $NOTIFY_SOCKET}, which systemd sets for a {@code Type=notify} service. Sent from the
 * service's own process, so that systemd attributes it to the main PID ({@code NotifyAccess=main});
 * forking {@code systemd-notify} would race its own exit. Without {@code $NOTIFY_SOCKET} (not under
 * systemd) nothing is sent and libc is never loaded.
 */
public final class SdNotify {
    private static final System.Logger LOG = System.getLogger(SdNotify.class.getName());

    // linux/socket.h, bits/socket_type.h
    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    /** sizeof(sun_path) in struct sockaddr_un (linux/un.h). */
    static final int UNIX_PATH_MAX = 108;

    private SdNotify() {}

    /**
     * Tells systemd the service is ready, with a status line ({@code STATUS=}) shown by
     * {@code systemctl status}. Returns whether a notification was sent (false: not under systemd).
     */
    public static boolean ready(String status) {
        return notify(System.getenv("NOTIFY_SOCKET"), "READY=1\nSTATUS=" + status.replace('\n', ' ') + "\n");
    }

    /** Tells systemd the service is stopping ({@code STOPPING=1}). */
    public static boolean stopping() {
        return notify(System.getenv("NOTIFY_SOCKET"), "STOPPING=1\n");
    }

    /**
     * Sends {@code message} to the socket {@code socket} (a path, or {@code @name} in the abstract namespace).
     * A notification that cannot be sent is logged, never thrown: the service runs on (systemd then
     * times its start out, which says more than a crash would).
     */
    static boolean notify(String socket, String message) {
        if (socket == null || socket.isEmpty()) return false;
        try {
            byte[] address = sockaddr(socket);
            int fd = Native.socket(AF_UNIX, SOCK_DGRAM, 0, "AF_UNIX notify");
            try {
                Native.sendTo(fd, message.getBytes(StandardCharsets.UTF_8), address, "NOTIFY_SOCKET");
            } finally {
                Native.close(fd);
            }
            return true;
        } catch (NetlinkException | IllegalArgumentException e) {
            LOG.log(WARNING, "cannot notify systemd at " + socket + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * struct sockaddr_un for {@code socket}: the family in host byte order, then the path; a leading
     * {@code @} stands for the abstract namespace's leading NUL byte (as systemd writes it). The length
     * covers the family and the name, without a terminating NUL.
     */
    static byte[] sockaddr(String socket) {
        byte[] name = socket.getBytes(StandardCharsets.UTF_8);
        if (name.length == 0 || name.length > UNIX_PATH_MAX - 1)
            throw new IllegalArgumentException("NOTIFY_SOCKET: not a Unix socket name: " + socket);
        if (name[0] == '@') name[0] = 0;
        else if (name[0] != '/') throw new IllegalArgumentException("NOTIFY_SOCKET: not a Unix socket name: " + socket);
        return ByteBuffer.allocate(2 + name.length)
                .order(ByteOrder.nativeOrder())
                .putShort((short) AF_UNIX)
                .put(name)
                .array();
    }
}
