package io.fulcrum.netlink;

/** EEXIST: the object to create already exists. */
public final class ExistsException extends ErrnoException {
    ExistsException(int errno, String operation, String detail) {
        super(errno, operation, detail);
    }
}
