package io.fulcrum.netlink;

/** ENOENT or ESRCH: the object (service, destination, family) does not exist. */
public final class NotFoundException extends ErrnoException {
    NotFoundException(int errno, String operation, String detail) {
        super(errno, operation, detail);
    }
}
