package io.fulcrum.netlink.route;

/**
 * A network device as RTM_NEWLINK describes it: index, name, {@code ARPHRD_*} type and {@code IFF_*} flags,
 * and, when the kernel sends them, its hardware address (IFLA_ADDRESS, as {@code 00:00:5e:00:01:33}), the
 * link it sits on (IFLA_LINK: a macvlan's or vlan's lower device, a veth's peer; 0 when none) and its kind (IFLA_LINKINFO/IFLA_INFO_KIND, e.g. "macvlan"; null
 * for a device without one, such as a physical NIC).
 */
public record Link(int index, String name, int type, int flags, String hardwareAddress, int parentIndex, String kind) {

    /** A link without hardware address, parent or kind. */
    public Link(int index, String name, int type, int flags) {
        this(index, name, type, flags, null, 0, null);
    }

    /** IFF_UP and IFF_RUNNING: administratively up, and the carrier (the lower device, a veth's peer) is there too. */
    public boolean running() {
        return up() && (flags & Rtnetlink.IFF_RUNNING) != 0;
    }

    /** IFF_UP: administratively up. */
    public boolean up() {
        return (flags & Rtnetlink.IFF_UP) != 0;
    }

    public boolean loopback() {
        return (flags & Rtnetlink.IFF_LOOPBACK) != 0;
    }
}
