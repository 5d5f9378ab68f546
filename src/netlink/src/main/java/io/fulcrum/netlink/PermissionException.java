package io.fulcrum.netlink;

/** EPERM or EACCES: the caller lacks CAP_NET_ADMIN. */
public final class PermissionException extends ErrnoException {
    PermissionException(int errno, String operation, String detail) {
        super(errno, operation, detail);
    }
}
