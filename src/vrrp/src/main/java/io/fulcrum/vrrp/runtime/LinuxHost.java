package io.fulcrum.vrrp.runtime;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import io.fulcrum.model.IpPrefix;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.netlink.ExistsException;
import io.fulcrum.netlink.NetlinkException;
import io.fulcrum.netlink.PacketSocket;
import io.fulcrum.netlink.RawIpSocket;
import io.fulcrum.netlink.ipvs.IpvsClient;
import io.fulcrum.netlink.ipvs.SyncDaemon;
import io.fulcrum.netlink.nftables.Nftables;
import io.fulcrum.netlink.route.Link;
import io.fulcrum.netlink.route.LinkAddress;
import io.fulcrum.netlink.route.LinkMonitor;
import io.fulcrum.netlink.route.RouteClient;
import io.fulcrum.netlink.route.Rtnetlink;
import io.fulcrum.runtime.Threads;
import io.fulcrum.vrrp.machine.Action;
import io.fulcrum.vrrp.packet.AdvertCodec;
import io.fulcrum.vrrp.packet.Decoded;
import io.fulcrum.vrrp.packet.Vrrp;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The real host: raw protocol-112 sockets, rtnetlink for links, addresses, link notifications and
 * virtual MAC macvlans, AF_PACKET for gratuitous ARP, a raw ICMPv6 socket for neighbour
 * advertisements, IPVS generic netlink for the sync daemon, /proc/sys for the interface settings a
 * virtual MAC needs, nftables for the MLD reports of an IPv6 one ({@link VmacMldFilter}). Used from the router's one thread, except the channels' receive threads and the
 * link watch's thread: those are named after it ({@code vrrp-rx-IFACE-v4}, {@code vrrp-links}) and stopped
 * by the channel's and the watch's {@code close()}.
 */
public final class LinuxHost implements Host {
    private static final System.Logger LOG = System.getLogger(LinuxHost.class.getName());
    /** How long a receive thread blocks before it looks whether its channel was closed. */
    static final Duration RECEIVE_POLL = Duration.ofMillis(200);
    /** ICMPv6 (linux/in.h IPPROTO_ICMPV6), and ff02::1, all nodes (RFC 4291 §2.7.1). */
    static final int IPPROTO_ICMPV6 = 58;

    static final byte[] ALL_NODES = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private final RouteClient route;
    private final Map<String, PacketSocket> arp = new HashMap<>();
    private final Map<String, RawIpSocket> icmp6 = new HashMap<>();
    /** Each virtual MAC link this host created, and the interface it sits on. */
    private final Map<String, String> vmacs = new LinkedHashMap<>();
    /** The IPv4 ones among them (the namespace-wide settings are restored when the last one goes). */
    private final Set<String> ipv4Vmacs = new HashSet<>();
    /**
     * The originals of the sysctls changed for the virtual MACs, by owner: {@code parent IFACE} (restored
     * when its last virtual MAC goes), {@link #RP_FILTER} and {@link #IGMP} (when the last IPv4 one goes).
     */
    private final OriginalSysctls originals;
    /** The network sysctls of this process's network namespace (/proc/sys/net is per namespace, as of the opener). */
    private final Path procSysNet = Path.of("/proc/sys/net");

    static final String RP_FILTER = "rp_filter";
    static final String IGMP = "igmp";

    /** MLD reports of the IPv6 virtual MACs sent from their parents instead (nftables). */
    private final VmacMldFilter mld = new VmacMldFilter(Nftables::open);

    private IpvsClient ipvs;

    /** A host that keeps the sysctls' originals in memory only (a kill -9 loses them). */
    public LinuxHost() {
        this(null);
    }

    /**
     * A host that keeps the originals of the sysctls it changes in {@code stateDir} (null: in memory
     * only), so that a run after a kill -9 restores the true originals.
     */
    public LinuxHost(Path stateDir) {
        this.originals = OriginalSysctls.in(stateDir);
        if (!originals.owners().isEmpty())
            LOG.log(
                    INFO,
                    "sysctls changed by a run that did not stop (killed?): keeping their originals "
                            + originals.owners() + " to restore");
        this.route = RouteClient.open();
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
            this.receiver = Threads.start("vrrp-rx-" + iface + (ipv6 ? "-v6" : "-v4"), () -> {
                while (!closed) {
                    try {
                        RawIpSocket.Datagram d = rx.receive(RECEIVE_POLL);
                        if (d == null) continue;
                        sink.accept(
                                ipv6
                                        ? AdvertCodec.decode(
                                                d.data(), 0, d.data().length, d.source(), d.destination(), d.hopLimit())
                                        : AdvertCodec.decodeIpv4(d.data(), d.data().length));
                    } catch (RuntimeException e) {
                        if (!closed) LOG.log(WARNING, "receive on " + iface + ": " + e.getMessage());
                        sleepQuietly(100);
                    }
                }
            });
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
        return link.isPresent() && link.get().running();
    }

    @Override
    public AutoCloseable watchLinks(Consumer<LinkReport> sink) {
        return new LinkWatch(LinkMonitor.open(), sink);
    }

    /**
     * The thread that reads the kernel's link notifications (subscribed before this returns) and
     * reports them by name. It keeps each index's name, so that a renamed link is reported gone under
     * its old name.
     */
    private final class LinkWatch implements AutoCloseable {
        private final LinkMonitor monitor;
        private final Thread thread;
        private final Map<Integer, String> names = new HashMap<>();
        private volatile boolean closed;

        LinkWatch(LinkMonitor monitor, Consumer<LinkReport> sink) {
            this.monitor = monitor;
            this.thread = Threads.start("vrrp-links", () -> {
                while (!closed) {
                    try {
                        LinkMonitor.Batch b = monitor.next(RECEIVE_POLL);
                        if (b.complete())
                            LOG.log(WARNING, "link notifications overran (ENOBUFS): read every link afresh");
                        if (!b.events().isEmpty() || b.complete()) sink.accept(report(b));
                    } catch (RuntimeException e) {
                        if (closed) break;
                        LOG.log(WARNING, "link notifications: " + e.getMessage() + "; reading every link afresh");
                        sleepQuietly(100);
                        try {
                            sink.accept(report(monitor.resynchronise()));
                        } catch (RuntimeException again) {
                            if (!closed) LOG.log(WARNING, "reading every link: " + again.getMessage());
                        }
                    }
                }
            });
        }

        private LinkReport report(LinkMonitor.Batch b) {
            if (b.complete()) names.clear();
            Map<String, Boolean> links = new LinkedHashMap<>();
            for (LinkMonitor.Event e : b.events()) {
                Link l = e.link();
                String before = e.removed() ? names.remove(l.index()) : names.put(l.index(), l.name());
                if (before != null && !before.equals(l.name()))
                    links.put(before, false); // renamed: the old name is gone
                links.put(l.name(), !e.removed() && l.running());
            }
            return new LinkReport(links, b.complete());
        }

        @Override
        public void close() {
            closed = true;
            try {
                thread.join(RECEIVE_POLL.toMillis() * 3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            monitor.close();
        }
    }

    // ---- virtual MAC (keepalived's use_vmac, vrrp_vmac.c) ----

    @Override
    public void createVmac(String name, String iface, byte[] mac, InetAddress linkLocal) {
        boolean ipv6 = linkLocal != null;
        int parent = route.linkIndex(iface);
        closeAnnouncers(name); // bound to a link of that name that went (a recreation): the new one has another index
        Optional<Link> leftover = route.findLink(name);
        if (leftover.isPresent()) {
            // only a link that is what this would create (a macvlan with this very VRRP MAC on this parent) is a
            // leftover
            // of a killed run; anything else of that name (an operator's link, another daemon's) is not ours to delete
            Link l = leftover.get();
            String wanted = HexFormat.ofDelimiter(":").formatHex(mac); // as link dumps show it: 00:00:5e:00:01:33
            if (!Rtnetlink.KIND_MACVLAN.equals(l.kind())
                    || l.parentIndex() != parent
                    || !wanted.equalsIgnoreCase(String.valueOf(l.hardwareAddress()))) {
                throw new IllegalStateException(
                        "cannot create the virtual MAC link " + name + ": a link of that name exists ("
                                + (l.kind() == null ? "no macvlan" : "a " + l.kind()) + ", MAC " + l.hardwareAddress()
                                + ") and is not a leftover of "
                                + "this group's (a macvlan on " + iface + " with MAC " + wanted + ")");
            }
            LOG.log(WARNING, "removing " + name + ", a virtual MAC link left behind (by a process that was killed?)");
            route.deleteLink(l.index());
        }
        if (!ipv6)
            ipv4NamespaceSettings(); // before the link exists: it is not among the links raised to all's rp_filter
        // private mode: it also receives the frames sent from its own MAC, a backup's path for the master's adverts
        route.createMacvlan(name, parent, mac, Rtnetlink.MACVLAN_MODE_PRIVATE);
        vmacs.put(name, iface);
        if (!ipv6) ipv4Vmacs.add(name);
        int index = route.linkIndex(name);
        if (ipv6) mld.add(name, iface); // before the link is up: joining a group sends a report at once
        // keepalived's set_interface_parameters: answer ARP only for the link's own addresses; for IPv4 accept
        // adverts whose source route is via the parent, and let a secondary address take over a removed primary
        setSysctl("ipv4", name, "arp_ignore", "1");
        if (!ipv6) {
            setSysctl("ipv4", name, "accept_local", "1");
            setSysctl("ipv4", name, "rp_filter", "0");
            setSysctl("ipv4", name, "promote_secondaries", "1");
            // the parent must not answer ARP for the virtual addresses with its own MAC (they live on the macvlan):
            // keepalived's arp_ignore 1 and arp_filter 1. And, beyond keepalived, arp_announce 2: the replies to
            // clients leave through the parent, and without it the parent's ARP requests for those clients carry a
            // virtual address as sender with the parent's MAC, which makes Linux neighbours replace the virtual MAC
            // in their entry for it (RFC 826 merge)
            String owner = "parent " + iface;
            for (Map.Entry<String, String> s : Map.of("arp_ignore", "1", "arp_filter", "1", "arp_announce", "2")
                    .entrySet()) {
                String path = conf("ipv4", iface, s.getKey());
                if (originals.has(owner, path)) continue;
                String before = sysctl(path);
                if (before == null || before.equals(s.getValue())) continue;
                originals.save(owner, path, before); // on disk before the change: a kill -9 cannot lose it
                setSysctl(path, s.getValue());
            }
            // no IPv6 on an IPv4 virtual MAC: a backup would send neighbour discovery and MLD from the shared MAC
            // (vrrp_vmac.c link_set_ipv6)
            setSysctl("ipv6", name, "disable_ipv6", "1");
        } else {
            // no link-local address made from the shared MAC (the same on every member: DAD would fail, RFC 5798 §7.4)
            route.setIpv6AddressGenerationMode(index, Rtnetlink.IN6_ADDR_GEN_MODE_NONE);
        }
        route.setLinkUp(index);
        if (ipv6) {
            // the parent's link-local, the address adverts are sent from (keepalived's set_link_local_address)
            route.addAddressIfAbsent(index, linkLocal, 64, Rtnetlink.RT_SCOPE_LINK, Rtnetlink.IFA_F_NODAD, null);
        }
    }

    @Override
    public void removeVmac(String name) {
        closeAnnouncers(name);
        String parent = vmacs.remove(name);
        if (parent == null)
            return; // never created here (its group failed to start): whatever has that name is not ours
        mld.remove(name);
        Optional<Link> link = route.findLink(name);
        if (link.isPresent() && Rtnetlink.KIND_MACVLAN.equals(link.get().kind()))
            route.deleteLink(link.get().index());
        ipv4Vmacs.remove(name);
        if (!vmacs.containsValue(parent)) restore("parent " + parent);
        if (ipv4Vmacs.isEmpty()) {
            restore(RP_FILTER);
            restore(IGMP);
        }
    }

    /**
     * The namespace-wide settings an IPv4 virtual MAC needs, as keepalived sets them (originals saved first):
     *
     * <ul>
     *   <li>{@code net.ipv4.conf.all.rp_filter} 0 when it is not (vrrp_if_config.c clear_rp_filter): the
     *       kernel checks max(all, link), so the link's own 0 alone does not let the adverts arriving on it
     *       through; {@code default} and every existing link are first raised to all's value, so only the
     *       virtual MACs lose the check;
     *   <li>{@code net.ipv4.igmp_link_local_mcast_reports} 0 (keepalived's disable_local_igmp): joining
     *       224.0.0.18 on the virtual MAC would otherwise send IGMP reports from the shared MAC, which teaches
     *       snooping switches that the MAC sits on the backup's port; link-local groups are flooded anyway
     *       (RFC 4541 §2.1.2), so no report is needed on any link.
     * </ul>
     */
    private void ipv4NamespaceSettings() {
        if (!originals.has(RP_FILTER)) {
            String allPath = "ipv4/conf/all/rp_filter";
            String all = sysctl(allPath);
            if (all != null && !all.equals("0")) {
                int level = Integer.parseInt(all);
                for (String link : confLinks("ipv4")) {
                    if (link.equals("all")) continue;
                    String path = conf("ipv4", link, "rp_filter");
                    String value = sysctl(path);
                    if (value == null || Integer.parseInt(value) >= level) continue;
                    originals.save(RP_FILTER, path, value);
                    setSysctl(path, all);
                }
                originals.save(RP_FILTER, allPath, all);
                setSysctl(allPath, "0");
                LOG.log(
                        INFO,
                        "net.ipv4.conf.all.rp_filter " + all + " -> 0 (each link keeps " + all
                                + " or more; the virtual MACs 0): restored when the last IPv4 virtual MAC goes");
            }
        }
        if (!originals.has(IGMP)) {
            String path = "ipv4/igmp_link_local_mcast_reports";
            String reports = sysctl(path);
            if (reports != null && !reports.equals("0")) {
                originals.save(IGMP, path, reports);
                setSysctl(path, "0");
            }
        }
    }

    /** Puts back the originals {@code owner} saved; a link that went since is skipped. */
    private void restore(String owner) {
        List<Map.Entry<String, String>> saved =
                new ArrayList<>(originals.take(owner).entrySet());
        Collections.reverse(saved); // the last changed first: all's rp_filter before the links raised for it
        for (Map.Entry<String, String> e : saved) {
            if (Files.exists(procSysNet.resolve(e.getKey()))) setSysctl(e.getKey(), e.getValue());
        }
    }

    @Override
    public List<Macvlan> macvlans(String iface) {
        Optional<Link> parent = route.findLink(iface);
        if (parent.isEmpty()) return List.of();
        return route.links().stream()
                .filter(l -> Rtnetlink.KIND_MACVLAN.equals(l.kind())
                        && l.parentIndex() == parent.get().index())
                .map(l -> new Macvlan(l.name(), l.hardwareAddress()))
                .toList();
    }

    @Override
    public void removeMacvlan(String name) {
        Optional<Link> link = route.findLink(name);
        if (link.isEmpty() || !Rtnetlink.KIND_MACVLAN.equals(link.get().kind())) return;
        closeAnnouncers(name);
        route.deleteLink(link.get().index());
    }

    @Override
    public boolean linkExists(String iface) {
        return route.findLink(iface).isPresent();
    }

    /** {@code FAMILY/conf/IFACE/KEY}: a sysctl's path under /proc/sys/net. */
    private static String conf(String family, String iface, String key) {
        return family + "/conf/" + iface + "/" + key;
    }

    /** The links (and all, default) with settings under {@code /proc/sys/net/FAMILY/conf}. */
    private List<String> confLinks(String family) {
        try (Stream<Path> links = Files.list(procSysNet.resolve(family).resolve("conf"))) {
            return links.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            LOG.log(WARNING, "cannot list " + procSysNet.resolve(family).resolve("conf") + ": " + e);
            return List.of();
        }
    }

    /** The sysctl at {@code path} under /proc/sys/net, trimmed; null when it cannot be read. */
    private String sysctl(String path) {
        try {
            return Files.readString(procSysNet.resolve(path)).trim();
        } catch (IOException e) {
            return null;
        }
    }

    private boolean setSysctl(String family, String iface, String key, String value) {
        return setSysctl(conf(family, iface, key), value);
    }

    /** Writes a sysctl; a failure is logged, not thrown (keepalived's set_sysctl does the same). */
    private boolean setSysctl(String path, String value) {
        Path p = procSysNet.resolve(path);
        try {
            Files.writeString(p, value);
            return true;
        } catch (IOException e) {
            LOG.log(WARNING, "cannot set " + p + " to " + value + ": " + e);
            return false;
        }
    }

    private void closeAnnouncers(String iface) {
        PacketSocket p = arp.remove(iface);
        if (p != null) p.close();
        RawIpSocket r = icmp6.remove(iface);
        if (r != null) r.close();
    }

    @Override
    public InetAddress primaryAddress(String iface, boolean ipv6, List<InetAddress> except) {
        int index = route.linkIndex(iface);
        for (LinkAddress a : route.addresses(index)) {
            InetAddress ip = a.address();
            if (except.contains(ip)) continue;
            if (!ipv6 && ip instanceof Inet4Address) return ip;
            if (ipv6 && ip instanceof Inet6Address && ip.isLinkLocalAddress())
                return ip; // RFC 5798 §5.1.2.1: IPv6 adverts come from the link-local
        }
        return null;
    }

    @Override
    public void addAddress(String iface, IpPrefix address, String label) {
        // already there (a restart while master) is fine; IPv6 without DAD, as keepalived (vrrp_ipaddress.c): usable at
        // once,
        // and a split brain cannot leave it "dadfailed" for good
        int flags = address.address() instanceof Inet6Address ? Rtnetlink.IFA_F_NODAD : 0;
        route.addAddressIfAbsent(
                route.linkIndex(iface),
                address.address(),
                address.prefixLength(),
                Rtnetlink.RT_SCOPE_UNIVERSE,
                flags,
                label);
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
                byte[] mac = arp.computeIfAbsent(iface, k -> PacketSocket.open(ifindex))
                        .hardwareAddress();
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
            SyncDaemon.State state =
                    role == Action.SyncDaemon.Role.MASTER ? SyncDaemon.State.MASTER : SyncDaemon.State.BACKUP;
            try {
                ipvs.startSyncDaemon(new SyncDaemon(state, sync.iface(), sync.syncId(), 0, null, 0, 0));
            } catch (ExistsException e) {
                // already running in this role
            }
        }
    }

    @Override
    public void close() {
        for (String name : List.copyOf(vmacs.keySet())) {
            try {
                removeVmac(name);
            } catch (RuntimeException e) {
                LOG.log(WARNING, "removing " + name + ": " + e.getMessage());
            }
        }
        mld.close();
        for (String owner : originals.owners()) { // left by a killed run, and no virtual MAC of this one took them over
            try {
                restore(owner);
            } catch (RuntimeException e) {
                LOG.log(WARNING, "restoring the sysctls of " + owner + ": " + e.getMessage());
            }
        }
        arp.values().forEach(PacketSocket::close);
        icmp6.values().forEach(RawIpSocket::close);
        if (ipvs != null) ipvs.close();
        route.close();
    }

    private static InetAddress inet6(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
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
