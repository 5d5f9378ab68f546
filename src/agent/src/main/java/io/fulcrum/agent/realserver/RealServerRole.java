package io.fulcrum.agent.realserver;

import io.fulcrum.agent.realserver.HostNetwork.HostAddress;
import io.fulcrum.agent.realserver.HostNetwork.LinkState;
import io.fulcrum.model.Enums.Forwarding;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code realserver.sh} does on an LVS backend, undone exactly on stop.
 *
 * <ul>
 *   <li>DR: the VIPs on {@code lo} as /32 (scope host) or /128, after {@code net.ipv4.conf.{all,lo}.arp_ignore=1}
 *       and {@code arp_announce=2}, so the backend accepts the director's frames for the VIP but never answers
 *       ARP for it nor uses it as an ARP source. (IPv6 needs no sysctl: Linux answers neighbour solicitations
 *       only for addresses on the receiving device.)</li>
 *   <li>TUN: the ipip fallback device {@code tunl0} (created by the kernel when it loads ipip, which asking
 *       rtnetlink for a link of kind "ipip" triggers), {@code net.ipv4.conf.{tunl0,all}.rp_filter=0}, tunl0 up,
 *       the IPv4 VIPs on it as /32. IPv6 VIPs over ip6tnl are not supported yet.</li>
 *   <li>NAT: nothing; the backend only routes through the director.</li>
 * </ul>
 *
 * {@link #start()} records every change it makes ({@link #changes()}) and is idempotent: what is already in
 * place is neither changed nor recorded, so an address that was there before is never removed by
 * {@link #stop()}. {@link #stop()} undoes the recorded changes in reverse order: removes the addresses it
 * added, takes down a device it brought up, restores each sysctl it changed (unless someone changed it again
 * since), deletes a device it created. The record is kept in a {@link ChangeJournal} (a file in the
 * agent's state directory), so a role started again after a crash takes over the old record: its stop
 * still removes what the crashed run added and restores the sysctl values from before the first start.
 */
public final class RealServerRole {

    /** One change {@link #start()} made, with what {@link #stop()} needs to undo it. */
    public sealed interface Change permits CreatedLink, BroughtUp, SetSysctl, AddedAddress {}

    public record CreatedLink(String device) implements Change {}

    public record BroughtUp(String device) implements Change {}

    public record SetSysctl(String key, String previous, String value) implements Change {}

    public record AddedAddress(String device, HostAddress address) implements Change {}

    /** Where the VIPs go and which sysctls make that safe, per forwarding method. */
    record Setup(String device, String kind, boolean hostScopeForIpv4, Map<String, String> sysctls) {}

    static final String LOOPBACK = "lo";
    static final String IPIP_DEVICE = "tunl0";

    private final Forwarding forwarding;
    private final List<InetAddress> vips;
    private final HostNetwork network;
    private final Sysctl sysctl;
    private final ChangeJournal journal;
    private final List<Change> changes = new ArrayList<>();

    /** A role whose record lives in memory only. */
    public RealServerRole(Forwarding forwarding, Collection<InetAddress> vips, HostNetwork network, Sysctl sysctl) {
        this(forwarding, vips, network, sysctl, ChangeJournal.IN_MEMORY);
    }

    /** A role that takes over the record left in {@code journal} (by a run that did not stop) and keeps it there. */
    public RealServerRole(
            Forwarding forwarding,
            Collection<InetAddress> vips,
            HostNetwork network,
            Sysctl sysctl,
            ChangeJournal journal) {
        this.forwarding = forwarding;
        this.vips = List.copyOf(new LinkedHashSet<>(vips));
        this.network = network;
        this.sysctl = sysctl;
        this.journal = journal;
        this.changes.addAll(journal.load());
        if (forwarding == Forwarding.TUN) {
            for (InetAddress vip : this.vips) {
                if (!(vip instanceof Inet4Address)) {
                    throw new IllegalArgumentException("TUN real server: IPv6 VIP " + vip.getHostAddress()
                            + " needs ip6tnl, which is not supported yet");
                }
            }
        }
    }

    static Setup setup(Forwarding forwarding) {
        Map<String, String> sysctls = new LinkedHashMap<>();
        return switch (forwarding) {
            case DR -> {
                sysctls.put("net.ipv4.conf.all.arp_ignore", "1");
                sysctls.put("net.ipv4.conf.lo.arp_ignore", "1");
                sysctls.put("net.ipv4.conf.all.arp_announce", "2");
                sysctls.put("net.ipv4.conf.lo.arp_announce", "2");
                yield new Setup(LOOPBACK, null, true, sysctls);
            }
            case TUN -> {
                sysctls.put("net.ipv4.conf." + IPIP_DEVICE + ".rp_filter", "0");
                sysctls.put("net.ipv4.conf.all.rp_filter", "0");
                yield new Setup(IPIP_DEVICE, "ipip", false, sysctls);
            }
            case NAT, FULLNAT -> null;
        };
    }

    /** Applies the setup; safe to call again (it only fills in what is missing). */
    public synchronized void start() {
        Setup setup = setup(forwarding);
        if (setup == null || vips.isEmpty()) {
            return;
        }
        LinkState link = device(setup);
        for (Map.Entry<String, String> wanted : setup.sysctls().entrySet()) {
            setSysctl(wanted.getKey(), wanted.getValue());
        }
        if (!link.up()) {
            network.setUp(link.index(), true);
            record(new BroughtUp(setup.device()));
        }
        Set<HostAddress> present = network.addresses(link.index());
        for (InetAddress vip : vips) {
            if (present.stream().anyMatch(a -> a.address().equals(vip))) {
                continue;
            }
            boolean ipv4 = vip instanceof Inet4Address;
            HostAddress address = new HostAddress(vip, ipv4 ? 32 : 128);
            if (network.addAddress(link.index(), address, ipv4 && setup.hostScopeForIpv4())) {
                record(new AddedAddress(setup.device(), address));
            }
        }
    }

    /**
     * Undoes what {@link #start()} recorded, newest first. Every step is tried; failed ones stay recorded
     * (a later stop retries them) and are reported together.
     */
    public synchronized void stop() {
        List<Change> failed = new ArrayList<>();
        RuntimeException failure = null;
        for (int i = changes.size() - 1; i >= 0; i--) {
            Change change = changes.get(i);
            try {
                undo(change);
            } catch (RuntimeException e) {
                failed.add(0, change);
                if (failure == null) {
                    failure = new IllegalStateException("real server stop: could not undo every change");
                }
                failure.addSuppressed(e);
            }
        }
        changes.clear();
        changes.addAll(failed);
        journal.save(changes);
        if (failure != null) {
            throw failure;
        }
    }

    /** The changes made and not yet undone, oldest first. */
    public synchronized List<Change> changes() {
        return List.copyOf(changes);
    }

    public Forwarding forwarding() {
        return forwarding;
    }

    public List<InetAddress> vips() {
        return vips;
    }

    private LinkState device(Setup setup) {
        Optional<LinkState> link = network.link(setup.device());
        if (link.isPresent()) {
            return link.get();
        }
        if (setup.kind() == null) {
            throw new IllegalStateException("real server: no device " + setup.device());
        }
        if (network.createLink(setup.device(), setup.kind())) {
            record(new CreatedLink(setup.device()));
        }
        return network.link(setup.device())
                .orElseThrow(() -> new IllegalStateException(
                        "real server: device " + setup.device() + " (" + setup.kind() + ") did not appear"));
    }

    private void setSysctl(String key, String value) {
        String current = sysctl.read(key);
        if (current.equals(value)) {
            return;
        }
        sysctl.write(key, value);
        // keep the value from before the first start: that is what stop restores
        boolean known = changes.stream()
                .anyMatch(c -> c instanceof SetSysctl s && s.key().equals(key));
        if (!known) {
            changes.add(new SetSysctl(key, current, value));
            journal.save(changes);
        }
    }

    private void record(Change change) {
        if (!changes.contains(change)) {
            changes.add(change);
            journal.save(changes);
        }
    }

    private void undo(Change change) {
        if (change instanceof AddedAddress a) {
            network.link(a.device()).ifPresent(l -> network.deleteAddress(l.index(), a.address()));
        } else if (change instanceof BroughtUp b) {
            network.link(b.device()).ifPresent(l -> network.setUp(l.index(), false));
        } else if (change instanceof SetSysctl s) {
            // whoever changed it after us wins
            if (s.value().equals(sysctl.read(s.key()))) {
                sysctl.write(s.key(), s.previous());
            }
        } else if (change instanceof CreatedLink c) {
            network.link(c.device()).ifPresent(l -> network.deleteLink(l.index()));
        }
    }
}
