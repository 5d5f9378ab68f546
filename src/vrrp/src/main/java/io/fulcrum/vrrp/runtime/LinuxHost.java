package io.fulcrum.vrrp.runtime;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.fulcrum.model.IpPrefix;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.netlink.ExistsException;
import io.fulcrum.netlink.NetlinkException;
import io.fulcrum.netlink.PacketSocket;
import io.fulcrum.netlink.RawIpSocket;
import io.fulcrum.netlink.ipvs.IpvsClient;
import io.fulcrum.netlink.ipvs.SyncDaemon;
import io.fulcrum.netlink.route.Link;
import io.fulcrum.netlink.route.LinkAddress;
import io.fulcrum.netlink.route.RouteClient;
import io.fulcrum.netlink.route.Rtnetlink;
import io.fulcrum.vrrp.machine.Action;
import io.fulcrum.vrrp.packet.AdvertCodec;
import io.fulcrum.vrrp.packet.Decoded;
import io.fulcrum.vrrp.packet.Vrrp;

/**
 * The real host: raw protocol-112 sockets, rtnetlink for links and addresses, AF_PACKET for
 * gratuitous ARP, a raw ICMPv6 socket for neighbour advertisements, IPVS generic netlink for the sync
 * daemon. Used from the router's one thread, except the channels' receive threads.
 */
public final class LinuxHost implements Host {
    /** How long a receive thread blocks before it looks whether its channel was closed. */
    static final Duration RECEIVE_POLL = Duration.ofMillis(200);
    /** ICMPv6 (linux/in.h IPPROTO_ICMPV6), and ff02::1, all nodes (RFC 4291 §2.7.1). */
    static final int IPPROTO_ICMPV6 = 58;
    static final byte[] ALL_NODES = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private final RouteClient route;
    private final Consumer<String> log;
    private final Map<String, PacketSocket> arp = new HashMap<>();
    private final Map<String, RawIpSocket> icmp6 = new HashMap<>();
    private IpvsClient ipvs;

    public LinuxHost(Consumer<String> log) {
        this.route = RouteClient.open();
        this.log = log;
    }

    @Override
    public Channel open(String iface, boolean ipv6, InetAddress source, Consumer<Decoded> sink) {
        int ifindex = route.linkIndex(iface);
        InetAddress group = ipv6 ? Vrrp.GROUP_V6 : Vrrp.GROUP_V4;
        RawIpSocket rx = RawIpSocket.open(ipv6, Vrrp.IP_PROTOCOL);
        RawIpSocket tx = null;
        try {
            rx.bindToDevice(iface);
            rx.joinGroup(group, ifindex);
            rx.receiveHopLimitAndDestination();
            tx = RawIpSocket.open(ipv6, Vrrp.IP_PROTOCOL);
            tx.bindToDevice(iface);
            tx.bind(source, ipv6 ? ifindex : 0); // the source the v3 pseudo-header checksum covers
            tx.setMulticastInterface(ifindex);
            tx.setHopLimit(Vrrp.TTL);
            tx.setMulticastLoop(false);
        } catch (RuntimeException e) {
            rx.close();
            if (tx != null) tx.close();
            throw e;
        }
        return new RawChannel(iface, ipv6, ifindex, rx, tx, sink);
    }

    private final class RawChannel implements Channel {
        private final int ifindex;
        private final RawIpSocket rx;
        private final RawIpSocket tx;
        private final Thread receiver;
        private volatile boolean closed;

        RawChannel(String iface, boolean ipv6, int ifindex, RawIpSocket rx, RawIpSocket tx, Consumer<Decoded> sink) {
            this.ifindex = ifindex;
            this.rx = rx;
            this.tx = tx;
            this.receiver = new Thread(() -> {
                while (!closed) {
                    try {
                        RawIpSocket.Datagram d = rx.receive(RECEIVE_POLL);
                        if (d == null) continue;
                        sink.accept(ipv6
                                ? AdvertCodec.decode(d.data(), 0, d.data().length, d.source(), d.destination(), d.hopLimit())
                                : AdvertCodec.decodeIpv4(d.data(), d.data().length));
                    } catch (RuntimeException e) {
                        if (!closed) log.accept("receive on " + iface + ": " + e.getMessage());
                        sleepQuietly(100);
                    }
                }
            }, "vrrp-rx-" + iface + (ipv6 ? "-v6" : "-v4"));
            receiver.setDaemon(true);
            receiver.start();
        }

        @Override
        public void send(byte[] advert, InetAddress destination) {
            tx.send(advert, destination, destination instanceof Inet6Address ? ifindex : 0);
        }

        @Override
        public void close() {
            closed = true;
            try {
                receiver.join(RECEIVE_POLL.toMillis() * 3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            rx.close();
            tx.close();
        }
    }

    @Override
    public boolean linkUp(String iface) {
        Optional<Link> link = route.findLink(iface);
        return link.isPresent() && link.get().up() && (link.get().flags() & Rtnetlink.IFF_RUNNING) != 0;
    }

    @Override
    public InetAddress primaryAddress(String iface, boolean ipv6, List<InetAddress> except) {
        int index = route.linkIndex(iface);
        for (LinkAddress a : route.addresses(index)) {
            InetAddress ip = a.address();
            if (except.contains(ip)) continue;
            if (!ipv6 && ip instanceof Inet4Address) return ip;
            if (ipv6 && ip instanceof Inet6Address && ip.isLinkLocalAddress()) return ip; // RFC 5798 §5.1.2.1: IPv6 adverts come from the link-local
        }
        return null;
    }

    @Override
    public void addAddress(String iface, IpPrefix address) {
        // already there (a restart while master) is fine
        route.addAddressIfAbsent(route.linkIndex(iface), address.address(), address.prefixLength(), Rtnetlink.RT_SCOPE_UNIVERSE);
    }

    @Override
    public void removeAddress(String iface, IpPrefix address) {
        Optional<Link> link = route.findLink(iface);
        if (link.isEmpty()) return; // the interface is gone, and its addresses with it
        route.deleteAddressIfPresent(link.get().index(), address.address(), address.prefixLength());
    }

    @Override
    public void announce(String iface, List<InetAddress> addresses, int repeat) {
        int ifindex = route.linkIndex(iface);
        for (InetAddress a : addresses) {
            if (a instanceof Inet4Address) {
                PacketSocket p = arp.computeIfAbsent(iface, k -> PacketSocket.open(ifindex));
                byte[] frame = Announcements.gratuitousArp(p.hardwareAddress(), a);
                for (int i = 0; i < repeat; i++) p.send(PacketSocket.ETH_P_ARP, PacketSocket.broadcast(), frame);
            } else {
                RawIpSocket s = icmp6.computeIfAbsent(iface, k -> {
                    RawIpSocket r = RawIpSocket.open(true, IPPROTO_ICMPV6);
                    r.bindToDevice(iface);
                    r.setMulticastInterface(ifindex);
                    r.setHopLimit(255); // RFC 4861 §7.1.2: receivers drop NAs with another hop limit
                    return r;
                });
                byte[] mac = arp.computeIfAbsent(iface, k -> PacketSocket.open(ifindex)).hardwareAddress();
                byte[] na = Announcements.unsolicitedNeighborAdvertisement(mac, a);
                for (int i = 0; i < repeat; i++) s.send(na, inet6(ALL_NODES), ifindex);
            }
        }
    }

    @Override
    public void syncDaemon(VrrpGroup.ConnectionSync sync, Action.SyncDaemon.Role role) {
        if (ipvs == null) ipvs = IpvsClient.open();
        // keepalived's lvs_sync_daemon: one daemon, master or backup, never both
        for (SyncDaemon.State s : SyncDaemon.State.values()) {
            if (role != null && s.name().equals(role.name())) continue;
            try {
                ipvs.stopSyncDaemon(s);
            } catch (NetlinkException e) {
                // not running
            }
        }
        if (role != null) {
            SyncDaemon.State state = role == Action.SyncDaemon.Role.MASTER ? SyncDaemon.State.MASTER : SyncDaemon.State.BACKUP;
            try {
                ipvs.startSyncDaemon(new SyncDaemon(state, sync.iface(), sync.syncId(), 0, null, 0, 0));
            } catch (ExistsException e) {
                // already running in this role
            }
        }
    }

    @Override
    public void close() {
        arp.values().forEach(PacketSocket::close);
        icmp6.values().forEach(RawIpSocket::close);
        if (ipvs != null) ipvs.close();
        route.close();
    }

    private static InetAddress inet6(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
