package io.fulcrum.vrrp.runtime;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import io.fulcrum.vrrp.machine.Event;
import io.fulcrum.vrrp.machine.InstanceConfig;
import io.fulcrum.vrrp.packet.Decoded;
import io.fulcrum.vrrp.packet.Vrrp;
import java.net.Inet6Address;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * What a group needs on the host before it can run: its virtual MAC link and its advert channel. A group
 * whose link or channel cannot be set up, or whose link goes, is held in FAULT on its own (a fault without
 * weight, as an unweighted track's) until it is set up again, while the others run. Router thread only.
 */
final class GroupSetup {
    private static final System.Logger LOG = System.getLogger(GroupSetup.class.getName());
    private static final HexFormat MAC = HexFormat.ofDelimiter(":");

    private final Host host;
    private final Channels channels;
    private final MachineDriver driver;
    /** Where a channel hands what it received (on its own thread), with the channel's key. */
    private final BiConsumer<String, Decoded> received;

    GroupSetup(Host host, Channels channels, MachineDriver driver, BiConsumer<String, Decoded> received) {
        this.host = host;
        this.channels = channels;
        this.driver = driver;
        this.received = received;
    }

    /** Creates the group's virtual MAC link; when that fails, the group is held in FAULT. */
    boolean setUpVmac(GroupState g, long now) {
        try {
            InstanceConfig c = g.machine().config();
            boolean ipv6 = c.primaryAddress() instanceof Inet6Address;
            // IPv6: the parent's link-local moves along, the source of the adverts (IPv4 ones keep the parent's
            // address)
            host.createVmac(g.vmac(), c.iface(), Vrrp.virtualMac(c.vrid(), ipv6), ipv6 ? c.primaryAddress() : null);
            LOG.log(
                    INFO,
                    g.name() + ": virtual MAC " + MAC.formatHex(Vrrp.virtualMac(c.vrid(), ipv6)) + " on " + g.vmac()
                            + " (macvlan on " + c.iface() + "); the virtual addresses go there");
            return true;
        } catch (RuntimeException e) {
            holdInFault(
                    g,
                    "virtual MAC link " + g.vmac() + " (not created)",
                    "creating the virtual MAC link failed: " + e.getMessage(),
                    now);
            return false;
        }
    }

    /** Opens the group's advert channel (unless another group opened it); when that fails, the group is held in FAULT. */
    boolean setUpChannel(GroupState g, long now) {
        String key = g.channelKey();
        InstanceConfig c = g.machine().config();
        try {
            if (!channels.isOpen(key)) {
                channels.open(
                        host,
                        key,
                        g.advertIface(),
                        c.primaryAddress() instanceof Inet6Address,
                        c.primaryAddress(),
                        d -> received.accept(key, d));
            }
        } catch (RuntimeException e) {
            String iface = g.advertIface();
            holdInFault(
                    g,
                    "advert channel on " + iface + " (not opened)",
                    "opening the advert channel on " + iface + " failed: " + e.getMessage(),
                    now);
            return false;
        }
        LOG.log(
                INFO,
                g.name() + ": vrid " + g.group().vrid() + " on " + g.group().iface() + ", VRRPv"
                        + g.group().version()
                        + ", priority " + g.machine().effectivePriority() + ", adverts from "
                        + c.primaryAddress().getHostAddress()
                        + (c.unicast() ? " to " + c.unicastPeers() : " to the group"));
        return true;
    }

    /** Holds {@code g} in FAULT for {@code source}; logs {@code detail} unless it did last time. */
    private void holdInFault(GroupState g, String source, String detail, long now) {
        String before = g.holdInFault(source);
        if (g.firstTime(detail)) {
            LOG.log(
                    WARNING,
                    g.name() + ": " + detail + "; held in FAULT until it is set up again (at once when "
                            + g.group().iface() + " is up and the virtual MAC link went, when "
                            + g.group().iface() + " comes up, or by a reload)");
        }
        driver.handle(g, new Event.TrackFault(source, true), now);
        if (before != null && !before.equals(source)) driver.handle(g, new Event.TrackFault(before, false), now);
    }

    /**
     * Sets a group held in FAULT by its setup up again: its virtual MAC link (created when it is not there,
     * or was never created) and its advert channel; the group leaves FAULT by the usual rules once both are.
     */
    void setUpAgain(GroupState g, long now) {
        String source = g.setupFault();
        if (source == null) return;
        String vmac = g.vmac();
        if (vmac != null && (source.startsWith("virtual MAC link") || !linkExists(vmac))) {
            if (!setUpVmac(g, now)) return;
        }
        if (!setUpChannel(g, now)) return;
        LOG.log(
                INFO,
                g.name() + ": " + (vmac != null ? vmac + " and the advert channel are" : "the advert channel is")
                        + " set up again");
        String held = g.release();
        if (held != null) driver.handle(g, new Event.TrackFault(held, false), now);
    }

    /** The virtual MAC link of {@code g} went (deleted, or its parent was): its channel goes with it, the group to FAULT. */
    void vmacGone(GroupState g, long now) {
        channels.closeOn(g.vmac());
        holdInFault(
                g,
                "virtual MAC link " + g.vmac() + " (gone)",
                g.vmac() + " is gone (deleted, or " + g.group().iface() + " was)",
                now);
    }

    /** A stopped group's virtual MAC link goes, and the channel on it with it (a restart opens a new one). */
    void removeVmac(GroupState g) {
        if (g.vmac() == null) return;
        channels.closeOn(g.vmac());
        removeVmac(g.vmac());
    }

    void removeVmac(String vmac) {
        try {
            host.removeVmac(vmac);
        } catch (RuntimeException e) {
            LOG.log(WARNING, "removing " + vmac + " failed: " + e.getMessage());
        }
    }

    /** Whether the link exists; when that cannot be known, true: nothing is done on a guess. */
    boolean linkExists(String name) {
        try {
            return host.linkExists(name);
        } catch (RuntimeException e) {
            return true;
        }
    }

    /**
     * Removes the macvlans on the groups' interfaces that carry a VRRP virtual MAC (RFC 5798 §7.3) and are
     * not a group's virtual MAC link here: left behind by a killed run of a group that is gone, such a link
     * keeps answering ARP for its addresses with the virtual MAC against the new master. Other macvlans stay.
     */
    void removeLeftoverVmacs(List<GroupState> groups) {
        Set<String> parents = new LinkedHashSet<>();
        for (GroupState g : groups) parents.add(g.group().iface());
        for (String parent : parents) {
            List<Host.Macvlan> found;
            try {
                found = host.macvlans(parent);
            } catch (RuntimeException e) {
                LOG.log(WARNING, "listing the macvlans on " + parent + " failed: " + e.getMessage());
                continue;
            }
            for (Host.Macvlan m : found) {
                if (!Vrrp.isVirtualMac(m.mac()) || ownVmac(groups, parent, m)) continue;
                LOG.log(
                        WARNING,
                        "removing " + m.name() + ", a macvlan on " + parent + " with the VRRP virtual MAC " + m.mac()
                                + " that no group here uses (left behind by a process that was killed?)");
                try {
                    host.removeMacvlan(m.name());
                } catch (RuntimeException e) {
                    LOG.log(WARNING, "removing " + m.name() + " failed: " + e.getMessage());
                }
            }
        }
    }

    /** True when {@code m} on {@code parent} is what a group's virtual MAC link here is: its name, parent and MAC (creating it replaces it). */
    private static boolean ownVmac(List<GroupState> groups, String parent, Host.Macvlan m) {
        for (GroupState g : groups) {
            InstanceConfig c = g.machine().config();
            if (!m.name().equals(g.vmac()) || !parent.equals(c.iface())) continue;
            String mac = MAC.formatHex(Vrrp.virtualMac(c.vrid(), c.primaryAddress() instanceof Inet6Address));
            if (mac.equalsIgnoreCase(m.mac())) return true;
        }
        return false;
    }
}
