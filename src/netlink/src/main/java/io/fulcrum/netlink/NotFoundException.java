package io.fulcrum.netlink;

/**
 * ENOENT or ESRCH: the object (service, destination, family) does not exist; ENODEV: no such network
 * device; EADDRNOTAVAIL: no such address on the device (RTM_DELADDR).
 */
public final class NotFoundException extends ErrnoException {
    NotFoundException(int errno, String operation, String detail) {
        super(errno, operation, detail);
    }
}
