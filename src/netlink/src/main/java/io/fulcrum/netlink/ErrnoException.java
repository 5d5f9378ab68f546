package io.fulcrum.netlink;

/**
 * A failure the kernel reported as an errno, either from a socket call or as a negative error in an
 * NLMSG_ERROR reply. {@link #of} is the one place that maps errno numbers to the typed subclasses.
 */
public class ErrnoException extends NetlinkException {
    private final int errno;

    protected ErrnoException(int errno, String operation, String detail) {
        super(message(errno, operation, detail));
        this.errno = errno;
    }

    /** Builds the exception type that matches {@code errno} (a positive number). */
    public static ErrnoException of(int errno, String operation, String detail) {
        Errno known = Errno.of(errno);
        if (known == null) {
            return new ErrnoException(errno, operation, detail);
        }
        return switch (known) {
            case EEXIST -> new ExistsException(errno, operation, detail);
            case ENOENT, ESRCH, ENODEV, EADDRNOTAVAIL -> new NotFoundException(errno, operation, detail);
            case EINVAL -> new InvalidArgumentException(errno, operation, detail);
            case EPERM, EACCES -> new PermissionException(errno, operation, detail);
            default -> new ErrnoException(errno, operation, detail);
        };
    }

    public static ErrnoException of(int errno, String operation) {
        return of(errno, operation, null);
    }

    /** The positive errno number. */
    public int errno() {
        return errno;
    }

    /** The symbolic name, e.g. {@code "EEXIST"}, or {@code "errno 123"} for numbers not in {@link Errno}. */
    public String errnoName() {
        Errno known = Errno.of(errno);
        return known == null ? "errno " + errno : known.name();
    }

    private static String message(int errno, String operation, String detail) {
        Errno known = Errno.of(errno);
        String name = known == null ? "errno " + errno : known.name() + " (" + known.description() + ")";
        String text = operation + ": " + name;
        return detail == null || detail.isEmpty() ? text : text + ": " + detail;
    }
}
