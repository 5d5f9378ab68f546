package io.fulcrum.netlink;

/** Netlink protocol numbers, from {@code linux/netlink.h} (and the socket numbers Native needs). */
public final class Netlink {
    private Netlink() {}

    /** {@code NETLINK_ROUTE}: rtnetlink, links and addresses ({@code linux/rtnetlink.h}). */
    public static final int NETLINK_ROUTE = 0;
    /** {@code NETLINK_GENERIC}: the protocol generic netlink families (IPVS, nlctrl) are reached on. */
    public static final int NETLINK_GENERIC = 16;

    /** {@code sizeof(struct nlmsghdr)}: u32 len, u16 type, u16 flags, u32 seq, u32 pid. */
    public static final int NLMSG_HDRLEN = 16;
    /** {@code NLMSG_ALIGNTO} (= {@code NLA_ALIGNTO}): messages and attributes start on 4-byte boundaries. */
    public static final int ALIGNTO = 4;
    /** {@code NLA_HDRLEN}: u16 nla_len, u16 nla_type. */
    public static final int NLA_HDRLEN = 4;

    // Message flags (nlmsg_flags).
    public static final int NLM_F_REQUEST = 0x01;
    public static final int NLM_F_MULTI = 0x02;
    public static final int NLM_F_ACK = 0x04;
    public static final int NLM_F_ECHO = 0x08;
    public static final int NLM_F_DUMP_INTR = 0x10;
    public static final int NLM_F_DUMP_FILTERED = 0x20;
    // Modifiers to GET requests.
    public static final int NLM_F_ROOT = 0x100;
    public static final int NLM_F_MATCH = 0x200;
    public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    // Modifiers to NEW requests.
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;
    // Flags on an NLMSG_ERROR acknowledgement.
    public static final int NLM_F_CAPPED = 0x100;
    public static final int NLM_F_ACK_TLVS = 0x200;

    // Control message types (nlmsg_type < NLMSG_MIN_TYPE).
    public static final int NLMSG_NOOP = 0x1;
    public static final int NLMSG_ERROR = 0x2;
    public static final int NLMSG_DONE = 0x3;
    public static final int NLMSG_OVERRUN = 0x4;
    public static final int NLMSG_MIN_TYPE = 0x10;

    /** {@code sizeof(struct nlmsgerr)}: int error followed by the offending request's nlmsghdr. */
    public static final int NLMSGERR_LEN = 4 + NLMSG_HDRLEN;
    /** {@code NLMSGERR_ATTR_MSG}: extended-ack error string (enum nlmsgerr_attrs). */
    public static final int NLMSGERR_ATTR_MSG = 1;
    /** {@code NLMSGERR_ATTR_OFFS}: offset of the offending attribute in the request. */
    public static final int NLMSGERR_ATTR_OFFS = 2;

    // Attribute type bits (nla_type).
    public static final int NLA_F_NESTED = 1 << 15;
    public static final int NLA_F_NET_BYTEORDER = 1 << 14;
    public static final int NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

    // Socket options at level SOL_NETLINK.
    public static final int SOL_NETLINK = 270;
    /** Joins a multicast group (the kernel's notifications of a protocol), by group number. */
    public static final int NETLINK_ADD_MEMBERSHIP = 1;

    public static final int NETLINK_CAP_ACK = 10;
    public static final int NETLINK_EXT_ACK = 11;

    /** {@code NLMSG_ALIGN}/{@code NLA_ALIGN}: round up to the next 4-byte boundary. */
    public static int align(int length) {
        return (length + ALIGNTO - 1) & ~(ALIGNTO - 1);
    }
}
