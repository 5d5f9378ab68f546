package io.fulcrum.netlink.route;

import io.fulcrum.netlink.AttributeWriter;
import io.fulcrum.netlink.Errno;
import io.fulcrum.netlink.ExistsException;
import io.fulcrum.netlink.Netlink;
import io.fulcrum.netlink.NetlinkConnection;
import io.fulcrum.netlink.NetlinkMessage;
import io.fulcrum.netlink.NetlinkSocket;
import io.fulcrum.netlink.NetlinkTransport;
import io.fulcrum.netlink.NotFoundException;
import io.fulcrum.netlink.UnexpectedReplyException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Links and addresses over rtnetlink (NETLINK_ROUTE), the part of {@code ip link} / {@code ip addr} a
 * real server needs. Kernel refusals arrive as the typed exceptions of {@code io.fulcrum.netlink}:
 * ExistsException for an address or link that is already there, NotFoundException for an unknown
 * device (ENODEV) or address (EADDRNOTAVAIL), PermissionException without CAP_NET_ADMIN.
 *
 * <pre>{@code try (RouteClient route = RouteClient.open()) { route.addresses(route.linkIndex("lo")); } }</pre>
 */
public final class RouteClient implements AutoCloseable {
    private final NetlinkConnection connection;

    public RouteClient(NetlinkConnection connection) {
        this.connection = connection;
    }

    /** A client on a new NETLINK_ROUTE socket (in the caller's network namespace). */
    public static RouteClient open() {
        return new RouteClient(new NetlinkConnection(NetlinkSocket.openRoute()));
    }

    public static RouteClient on(NetlinkTransport transport) {
        return new RouteClient(new NetlinkConnection(transport));
    }

    // ---- links ----

    /**
     * RTM_GETLINK by IFLA_IFNAME.
     *
     * @throws NotFoundException when there is no such device (ENODEV)
     */
    public Link link(String name) {
        checkName(name);
        List<NetlinkMessage> replies = connection.request(
                Rtnetlink.RTM_GETLINK,
                false,
                RouteCodec.ifinfomsg(
                        Rtnetlink.AF_UNSPEC, 0, 0, 0, new AttributeWriter().string(Rtnetlink.IFLA_IFNAME, name)),
                "RTM_GETLINK " + name);
        if (replies.size() != 1) {
            throw new UnexpectedReplyException("RTM_GETLINK " + name + ": expected one reply, got " + replies.size());
        }
        return RouteCodec.parseLink(expectType(replies.get(0), Rtnetlink.RTM_NEWLINK, "RTM_GETLINK " + name));
    }

    /** The link named {@code name}, or empty when there is none. */
    public Optional<Link> findLink(String name) {
        try {
            return Optional.of(link(name));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    public int linkIndex(String name) {
        return link(name).index();
    }

    /** Every link (RTM_GETLINK dump). */
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        for (NetlinkMessage m : connection.request(
                Rtnetlink.RTM_GETLINK,
                true,
                RouteCodec.ifinfomsg(Rtnetlink.AF_UNSPEC, 0, 0, 0, new AttributeWriter()),
                "RTM_GETLINK dump")) {
            links.add(RouteCodec.parseLink(expectType(m, Rtnetlink.RTM_NEWLINK, "RTM_GETLINK dump")));
        }
        return links;
    }

    /** {@code ip link set INDEX up}: RTM_NEWLINK with IFF_UP in ifi_flags and ifi_change. */
    public void setLinkUp(int index) {
        setLinkState(index, true);
    }

    /** {@code ip link set INDEX down}. */
    public void setLinkDown(int index) {
        setLinkState(index, false);
    }

    private void setLinkState(int index, boolean up) {
        command(
                Rtnetlink.RTM_NEWLINK,
                0,
                RouteCodec.ifinfomsg(
                        Rtnetlink.AF_UNSPEC, index, up ? Rtnetlink.IFF_UP : 0, Rtnetlink.IFF_UP, new AttributeWriter()),
                "RTM_NEWLINK " + index + (up ? " up" : " down"));
    }

    /**
     * {@code ip link add NAME type KIND}: RTM_NEWLINK with NLM_F_CREATE|NLM_F_EXCL, IFLA_IFNAME and
     * IFLA_LINKINFO/IFLA_INFO_KIND. The kernel loads the module for an unknown kind itself
     * ({@code request_module("rtnl-link-KIND")}); a module that creates a device of that name on load
     * (ipip's fallback {@code tunl0}) makes this end in ExistsException with the device present.
     *
     * @throws io.fulcrum.netlink.ExistsException when a device named {@code name} exists
     */
    public void createLink(String name, String kind) {
        checkName(name);
        AttributeWriter attributes = new AttributeWriter()
                .string(Rtnetlink.IFLA_IFNAME, name)
                .nested(Rtnetlink.IFLA_LINKINFO, w -> w.string(Rtnetlink.IFLA_INFO_KIND, kind));
        command(
                Rtnetlink.RTM_NEWLINK,
                Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL,
                RouteCodec.ifinfomsg(Rtnetlink.AF_UNSPEC, 0, 0, 0, attributes),
                "RTM_NEWLINK " + name + " type " + kind);
    }

    /**
     * {@code ip link add NAME link PARENT address MAC type macvlan mode private} (with {@code mode} the
     * {@code MACVLAN_MODE_*}): RTM_NEWLINK with NLM_F_CREATE|NLM_F_EXCL. The link is created down.
     *
     * @throws io.fulcrum.netlink.ExistsException when a device named {@code name} exists
     * @throws NotFoundException when there is no link {@code parentIndex}
     */
    public void createMacvlan(String name, int parentIndex, byte[] mac, int mode) {
        checkName(name);
        if (mac.length != 6) throw new IllegalArgumentException("a MAC address has 6 octets, not " + mac.length);
        command(
                Rtnetlink.RTM_NEWLINK,
                Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL,
                RouteCodec.macvlan(name, parentIndex, mac, mode),
                "RTM_NEWLINK " + name + " link " + parentIndex + " type macvlan");
    }

    /**
     * {@code ip link set INDEX addrgenmode none} ({@code mode} an {@code IN6_ADDR_GEN_MODE_*}): whether the
     * kernel gives the link an IPv6 link-local address of its own when it comes up. Set it before that.
     */
    public void setIpv6AddressGenerationMode(int index, int mode) {
        command(
                Rtnetlink.RTM_NEWLINK,
                0,
                RouteCodec.ipv6AddressGenerationMode(index, mode),
                "RTM_NEWLINK " + index + " addrgenmode " + mode);
    }

    /** {@code ip link del INDEX}. */
    public void deleteLink(int index) {
        command(
                Rtnetlink.RTM_DELLINK,
                0,
                RouteCodec.ifinfomsg(Rtnetlink.AF_UNSPEC, index, 0, 0, new AttributeWriter()),
                "RTM_DELLINK " + index);
    }

    // ---- addresses ----

    /** Every address of every link, both families (RTM_GETADDR dump, AF_UNSPEC). */
    public List<LinkAddress> addresses() {
        List<LinkAddress> addresses = new ArrayList<>();
        for (NetlinkMessage m : connection.request(
                Rtnetlink.RTM_GETADDR,
                true,
                RouteCodec.ifaddrmsg(Rtnetlink.AF_UNSPEC, 0, 0, 0, 0, new AttributeWriter()),
                "RTM_GETADDR dump")) {
            addresses.add(RouteCodec.parseAddress(expectType(m, Rtnetlink.RTM_NEWADDR, "RTM_GETADDR dump")));
        }
        return addresses;
    }

    /** The addresses of link {@code index} (the dump, filtered here: without strict checking the kernel ignores ifa_index). */
    public List<LinkAddress> addresses(int index) {
        return addresses().stream().filter(a -> a.linkIndex() == index).toList();
    }

    /**
     * {@code ip addr add ADDRESS/PREFIX scope SCOPE dev INDEX}: RTM_NEWADDR with NLM_F_CREATE|NLM_F_EXCL,
     * IFA_LOCAL and IFA_ADDRESS. The kernel derives an IPv6 address's scope from the address itself.
     *
     * @throws io.fulcrum.netlink.ExistsException when the address is already on the link
     */
    public void addAddress(int index, InetAddress address, int prefixLength, int scope) {
        addAddress(index, address, prefixLength, scope, 0, null);
    }

    /**
     * {@link #addAddress(int, InetAddress, int, int)} with {@code IFA_F_*} flags (IFA_FLAGS, e.g.
     * IFA_F_NODAD: an IPv6 address usable at once, without duplicate address detection) and an IPv4
     * label (IFA_LABEL, e.g. {@code eth0:1}, what {@code ip addr} and ifconfig show); 0 and null for none.
     */
    public void addAddress(int index, InetAddress address, int prefixLength, int scope, int flags, String label) {
        checkPrefix(address, prefixLength);
        if (label != null) {
            checkName(label);
            if (RouteCodec.family(address) != Rtnetlink.AF_INET)
                throw new IllegalArgumentException("labels exist only for IPv4 addresses");
        }
        command(
                Rtnetlink.RTM_NEWADDR,
                Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL,
                addressRequest(index, address, prefixLength, scope, flags, label),
                "RTM_NEWADDR " + describe(index, address, prefixLength) + (label == null ? "" : " label " + label));
    }

    /**
     * {@code ip addr del ADDRESS/PREFIX dev INDEX}.
     *
     * @throws NotFoundException when the link does not have that address (EADDRNOTAVAIL) or does not exist (ENODEV)
     */
    public void deleteAddress(int index, InetAddress address, int prefixLength) {
        checkPrefix(address, prefixLength);
        command(
                Rtnetlink.RTM_DELADDR,
                0,
                addressRequest(index, address, prefixLength, 0),
                "RTM_DELADDR " + describe(index, address, prefixLength));
    }

    /**
     * {@link #addAddress}, where an address already on the link counts as done (EEXIST): the idempotent
     * form a reconciler or a restarted VRRP master wants.
     *
     * @return true when this call added the address, false when it was already there
     */
    public boolean addAddressIfAbsent(int index, InetAddress address, int prefixLength, int scope) {
        return addAddressIfAbsent(index, address, prefixLength, scope, 0, null);
    }

    /** {@link #addAddress(int, InetAddress, int, int, int, String)} where an address already on the link counts as done. */
    public boolean addAddressIfAbsent(
            int index, InetAddress address, int prefixLength, int scope, int flags, String label) {
        try {
            addAddress(index, address, prefixLength, scope, flags, label);
            return true;
        } catch (ExistsException e) {
            return false;
        }
    }

    /**
     * {@link #deleteAddress}, where an address not on the link counts as done: the kernel answers
     * EADDRNOTAVAIL (inet_rtm_deladdr, inet6_addr_del); ENOENT is taken the same way. An unknown link
     * (ENODEV) still throws: that is a wrong index, not an address already gone.
     *
     * @return true when this call deleted the address, false when it was not there
     */
    public boolean deleteAddressIfPresent(int index, InetAddress address, int prefixLength) {
        try {
            deleteAddress(index, address, prefixLength);
            return true;
        } catch (NotFoundException e) {
            if (e.errno() == Errno.EADDRNOTAVAIL.number() || e.errno() == Errno.ENOENT.number()) return false;
            throw e;
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    // ---- plumbing ----

    private static ByteBuffer addressRequest(int index, InetAddress address, int prefixLength, int scope) {
        return addressRequest(index, address, prefixLength, scope, 0, null);
    }

    /** IFA_LOCAL, IFA_ADDRESS, then IFA_FLAGS (u32, when flags are given) and IFA_LABEL (when a label is), in the order of keepalived's netlink_ipaddress. */
    private static ByteBuffer addressRequest(
            int index, InetAddress address, int prefixLength, int scope, int flags, String label) {
        byte[] raw = address.getAddress();
        AttributeWriter w =
                new AttributeWriter().bytes(Rtnetlink.IFA_LOCAL, raw).bytes(Rtnetlink.IFA_ADDRESS, raw);
        if (flags != 0) w.u32(Rtnetlink.IFA_FLAGS, flags);
        if (label != null) w.string(Rtnetlink.IFA_LABEL, label);
        return RouteCodec.ifaddrmsg(RouteCodec.family(address), prefixLength, 0, scope, index, w);
    }

    private void command(int type, int extraFlags, ByteBuffer payload, String operation) {
        List<NetlinkMessage> replies = connection.request(type, extraFlags, false, payload, operation);
        if (!replies.isEmpty()) {
            throw new UnexpectedReplyException(
                    operation + ": expected only an ACK, got " + replies.size() + " messages");
        }
    }

    private static NetlinkMessage expectType(NetlinkMessage message, int type, String operation) {
        if (message.header().type() != type) {
            throw new UnexpectedReplyException(
                    operation + ": reply of type " + message.header().type() + ", expected " + type);
        }
        return message;
    }

    private static void checkName(String name) {
        int length = name.getBytes(StandardCharsets.UTF_8).length;
        if (length == 0
                || length >= Rtnetlink.IFNAMSIZ
                || name.contains("/")
                || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("not a device name (1..15 bytes, no '/' or spaces): '" + name + "'");
        }
    }

    private static void checkPrefix(InetAddress address, int prefixLength) {
        if (prefixLength < 0 || prefixLength > RouteCodec.maxPrefix(address)) {
            throw new IllegalArgumentException(
                    "prefix length " + prefixLength + " out of range for " + address.getHostAddress());
        }
    }

    private static String describe(int index, InetAddress address, int prefixLength) {
        return address.getHostAddress() + "/" + prefixLength + " dev " + index;
    }
}
