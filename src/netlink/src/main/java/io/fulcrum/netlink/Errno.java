package io.fulcrum.netlink;

/**
 * The Linux errno values this module names, from {@code asm-generic/errno-base.h} and
 * {@code asm-generic/errno.h} (the numbering x86-64 and arm64 share).
 */
public enum Errno {
    EPERM(1, "operation not permitted"),
    ENOENT(2, "no such file or directory"),
    ESRCH(3, "no such process"),
    EINTR(4, "interrupted system call"),
    EIO(5, "I/O error"),
    EBADF(9, "bad file descriptor"),
    EAGAIN(11, "try again"),
    ENOMEM(12, "out of memory"),
    EACCES(13, "permission denied"),
    EFAULT(14, "bad address"),
    EBUSY(16, "device or resource busy"),
    EEXIST(17, "file exists"),
    ENODEV(19, "no such device"),
    EINVAL(22, "invalid argument"),
    ENOSPC(28, "no space left on device"),
    ERANGE(34, "result out of range"),
    ENOSYS(38, "function not implemented"),
    EMSGSIZE(90, "message too long"),
    ENOPROTOOPT(92, "protocol not available"),
    EPROTONOSUPPORT(93, "protocol not supported"),
    EOPNOTSUPP(95, "operation not supported"),
    EAFNOSUPPORT(97, "address family not supported"),
    EADDRNOTAVAIL(99, "cannot assign requested address"),
    ENOBUFS(105, "no buffer space available"),
    ETIMEDOUT(110, "connection timed out");

    private final int number;
    private final String description;

    Errno(int number, String description) {
        this.number = number;
        this.description = description;
    }

    public int number() {
        return number;
    }

    public String description() {
        return description;
    }

    /** The named errno for {@code number}, or null when this enum does not list it. */
    public static Errno of(int number) {
        for (Errno e : values()) {
            if (e.number == number) {
                return e;
            }
        }
        return null;
    }
}
