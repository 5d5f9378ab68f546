package io.fulcrum.netlink.route;

/**
 * rtnetlink numbers for links and addresses, from {@code /usr/include/linux/rtnetlink.h} (message types,
 * {@code struct ifinfomsg}, scopes), {@code linux/if_addr.h} ({@code struct ifaddrmsg}, IFA_*),
 * {@code linux/if_link.h} (IFLA_*), {@code linux/if.h} (IFF_*) and {@code linux/socket.h} (AF_*).
 */
public final class Rtnetlink {
    private Rtnetlink() {}

    // rtnetlink.h: enum { RTM_BASE = 16, RTM_NEWLINK = 16, RTM_DELLINK, RTM_GETLINK, RTM_SETLINK, RTM_NEWADDR = 20, ...
    // }
    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;

    /** {@code sizeof(struct ifinfomsg)}: u8 family, u8 pad, u16 type, int index, u32 flags, u32 change. */
    public static final int IFINFOMSG_LEN = 16;
    /** {@code sizeof(struct ifaddrmsg)}: u8 family, u8 prefixlen, u8 flags, u8 scope, u32 index. */
    public static final int IFADDRMSG_LEN = 8;

    // linux/socket.h
    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    // if_link.h: enum { IFLA_UNSPEC, IFLA_ADDRESS, IFLA_BROADCAST, IFLA_IFNAME, IFLA_MTU, IFLA_LINK, ... IFLA_LINKINFO
    // = 18, ... IFLA_AF_SPEC = 26 }
    /** The hardware (MAC) address. */
    public static final int IFLA_ADDRESS = 1;

    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_MTU = 4;
    /** The index of the link a stacked device (macvlan, vlan) sits on. */
    public static final int IFLA_LINK = 5;

    public static final int IFLA_LINKINFO = 18;
    /** Per address family settings, nested by family (AF_INET6: the IFLA_INET6_* attributes). */
    public static final int IFLA_AF_SPEC = 26;
    // if_link.h: enum { IFLA_INFO_UNSPEC, IFLA_INFO_KIND, IFLA_INFO_DATA, ... }
    public static final int IFLA_INFO_KIND = 1;
    /** The kind's own attributes (for "macvlan": IFLA_MACVLAN_*). */
    public static final int IFLA_INFO_DATA = 2;
    // if_link.h: enum { IFLA_MACVLAN_UNSPEC, IFLA_MACVLAN_MODE, ... } and enum macvlan_mode
    public static final int IFLA_MACVLAN_MODE = 1;
    /** {@code MACVLAN_MODE_PRIVATE}: "don't talk to other macvlans"; it also receives frames sent from its own MAC (keepalived's VMAC mode). */
    public static final int MACVLAN_MODE_PRIVATE = 1;
    // if_link.h: enum { IFLA_INET6_UNSPEC, IFLA_INET6_FLAGS, ..., IFLA_INET6_TOKEN = 7, IFLA_INET6_ADDR_GEN_MODE = 8 }
    // and enum in6_addr_gen_mode
    public static final int IFLA_INET6_ADDR_GEN_MODE = 8;
    /** {@code IN6_ADDR_GEN_MODE_NONE}: the kernel generates no link-local address for the link. */
    public static final int IN6_ADDR_GEN_MODE_NONE = 1;
    /** The kind names of {@code IFLA_INFO_KIND}. */
    public static final String KIND_MACVLAN = "macvlan";
    // if_arp.h
    public static final int ARPHRD_ETHER = 1;

    // rtnetlink.h: enum rtnetlink_groups { RTNLGRP_NONE, RTNLGRP_LINK, ... }: the multicast group of link notifications
    public static final int RTNLGRP_LINK = 1;
    /** {@code IFNAMSIZ} (linux/if.h): names are at most 15 bytes plus NUL. */
    public static final int IFNAMSIZ = 16;

    // if_addr.h: enum { IFA_UNSPEC, IFA_ADDRESS, IFA_LOCAL, IFA_LABEL, IFA_BROADCAST, IFA_ANYCAST, IFA_CACHEINFO,
    // IFA_MULTICAST, IFA_FLAGS }
    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;
    public static final int IFA_LABEL = 3;
    public static final int IFA_FLAGS = 8;
    // if_addr.h ifa_flags
    public static final int IFA_F_SECONDARY = 0x01;
    public static final int IFA_F_NODAD = 0x02;
    public static final int IFA_F_PERMANENT = 0x80;

    // rtnetlink.h: enum rt_scope_t
    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_LINK = 253;
    public static final int RT_SCOPE_HOST = 254;

    // if.h: enum net_device_flags
    public static final int IFF_UP = 1;
    public static final int IFF_LOOPBACK = 1 << 3;
    public static final int IFF_RUNNING = 1 << 6;
    public static final int IFF_NOARP = 1 << 7;
}
