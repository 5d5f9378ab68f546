package io.fulcrum.netlink;

/** Root of every failure this module reports: kernel errors, malformed replies, protocol violations. */
public class NetlinkException extends RuntimeException {
    public NetlinkException(String message) {
        super(message);
    }

    public NetlinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
