package io.fulcrum.netlink;

/** EINVAL: the kernel rejected a value or a missing attribute. */
public final class InvalidArgumentException extends ErrnoException {
    InvalidArgumentException(int errno, String operation, String detail) {
        super(errno, operation, detail);
    }
}
