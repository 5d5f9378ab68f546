package io.fulcrum.netlink.route;

/**
 * A network device as RTM_NEWLINK describes it: index, name, {@code ARPHRD_*} type and {@code IFF_*} flags.
 */
public record Link(int index, String name, int type, int flags) {

    /** IFF_UP: administratively up. */
    public boolean up() {
        return (flags & Rtnetlink.IFF_UP) != 0;
    }

    public boolean loopback() {
        return (flags & Rtnetlink.IFF_LOOPBACK) != 0;
    }
}
