package io.fulcrum.vrrp.runtime;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import io.fulcrum.model.VrrpGroup;
import io.fulcrum.vrrp.machine.Action;
import io.fulcrum.vrrp.machine.Event;
import io.fulcrum.vrrp.machine.InstanceConfig;
import io.fulcrum.vrrp.machine.State;
import io.fulcrum.vrrp.machine.SyncGroupStates;
import io.fulcrum.vrrp.machine.VrrpEngine;
import io.fulcrum.vrrp.machine.VrrpMachine;
import io.fulcrum.vrrp.packet.AdvertCodec;
import io.fulcrum.vrrp.packet.Advertisement;
import io.fulcrum.vrrp.packet.Vrrp;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives the {@link VrrpEngine} on the router thread and carries out the actions it answers with:
 * adverts on the groups' channels, virtual addresses on the host, announcements, the sync daemon,
 * transitions (the group's state, the log, the listener, the notify hook). A failed action is logged;
 * the others go on.
 */
final class MachineDriver {
    private static final System.Logger LOG = System.getLogger(MachineDriver.class.getName());

    private final VrrpEngine engine = new VrrpEngine(List.of());
    private final Host host;
    private final Groups groups;
    private final Channels channels;
    private final Tracking tracking;
    private final VrrpRouter.Listener listener;
    /** The groups' claims on the one IPVS sync daemon. */
    private final SyncDaemonOwner syncDaemon;
    /** The sync groups' own states, for their hooks: once per transition of the group, not of each member. */
    private final SyncGroupStates syncGroups = new SyncGroupStates();
    /** Each sync group's hooks as its groups last gave them (a stopped group's stop hook needs them). */
    private final Map<String, VrrpGroup.Notify> syncGroupHooks = new HashMap<>();

    MachineDriver(Host host, Groups groups, Channels channels, Tracking tracking, VrrpRouter.Listener listener) {
        this.host = host;
        this.groups = groups;
        this.channels = channels;
        this.tracking = tracking;
        this.listener = listener;
        this.syncDaemon = new SyncDaemonOwner(host::syncDaemon);
    }

    /** A new group's machine joins the engine; its startup is {@link #handle}d later. */
    void add(GroupState g) {
        engine.add(g.machine());
    }

    void handle(VrrpMachine m, Event e, long now) {
        apply(engine.handle(m, e, now));
    }

    void handle(GroupState g, Event e, long now) {
        handle(g.machine(), e, now);
    }

    void broadcast(Event e, long now) {
        apply(engine.broadcast(e, now));
    }

    /** Graceful stop of {@code g}'s machine, which leaves the engine. */
    void remove(GroupState g, long now) {
        apply(engine.remove(g.machine(), now));
        settleSyncGroups();
    }

    /** {@code g}'s machine takes {@code next} in place ({@link VrrpMachine#reconfigure}). */
    void reconfigure(GroupState g, InstanceConfig next, long now) {
        apply(engine.reconfigure(g.machine(), next, now));
        settleSyncGroups();
    }

    long nextDeadline() {
        return engine.nextDeadline();
    }

    private void apply(List<VrrpEngine.Output> outputs) {
        boolean transitions = false;
        for (VrrpEngine.Output o : outputs) {
            transitions |= o.action() instanceof Action.Transition;
            GroupState g = groups.byMachine(o.machine());
            g.priority(o.machine().effectivePriority());
            try {
                apply(g, o.action());
            } catch (RuntimeException e) {
                LOG.log(
                        WARNING,
                        g.name() + ": " + o.action().getClass().getSimpleName() + " failed: " + e.getMessage());
            }
        }
        if (transitions) settleSyncGroups(); // after the whole cascade: the members have followed each other
    }

    /** Each sync group whose own state changed: logged, its hooks queued (after its members'). */
    private void settleSyncGroups() {
        Map<String, List<State>> members = new HashMap<>();
        Map<String, VrrpGroup.Notify> hooks = new HashMap<>();
        for (VrrpMachine m : engine.machines()) {
            GroupState gs = groups.byMachine(m);
            if (gs == null || gs.group().syncGroup() == null) continue;
            VrrpGroup g = gs.group();
            members.computeIfAbsent(g.syncGroup(), k -> new ArrayList<>()).add(m.state());
            if (g.syncGroupNotify() != null) hooks.putIfAbsent(g.syncGroup(), g.syncGroupNotify());
        }
        for (SyncGroupStates.Transition t : syncGroups.update(members)) {
            LOG.log(INFO, "sync group " + t.syncGroup() + ": " + t.from() + " -> " + t.to());
            // a sync group whose last member left stops with the hooks it had
            VrrpGroup.Notify n =
                    members.containsKey(t.syncGroup()) ? hooks.get(t.syncGroup()) : syncGroupHooks.get(t.syncGroup());
            tracking.notifySyncGroup(t.syncGroup(), n, t.to());
        }
        syncGroupHooks.clear();
        syncGroupHooks.putAll(hooks);
    }

    private void apply(GroupState i, Action action) {
        InstanceConfig c = i.machine().config();
        VrrpGroup g = i.group();
        if (action instanceof Action.SendAdvert s) {
            Advertisement a = c.version() == Vrrp.VERSION_2
                    ? Advertisement.v2(c.vrid(), s.priority(), c.intervalUnits(), c.virtualAddresses(), c.authData())
                    : Advertisement.v3(c.vrid(), s.priority(), c.intervalUnits(), c.virtualAddresses());
            List<InetAddress> destinations = c.unicast()
                    ? c.unicastPeers()
                    : List.of(c.primaryAddress() instanceof Inet6Address ? Vrrp.GROUP_V6 : Vrrp.GROUP_V4);
            Host.Channel channel = channels.channel(i.channelKey());
            if (channel == null)
                return; // not set up, or its link went: the group is in FAULT (a master's goodbye cannot leave)
            for (InetAddress d : destinations) channel.send(AdvertCodec.encode(a, c.primaryAddress(), d), d);
        } else if (action instanceof Action.AddAddresses add) {
            for (VrrpGroup.VirtualAddress v : g.virtualAddresses()) {
                if (add.only() == null || add.only().contains(v.address().address()))
                    host.addAddress(device(i, g, v), v.address(), v.label());
            }
        } else if (action instanceof Action.RemoveAddresses remove) {
            // the dropped ones of a reload are no longer in the group: take them from the group they were in
            VrrpGroup where = remove.only() == null ? g : i.previous();
            List<VrrpGroup.VirtualAddress> from = remove.only() == null
                    ? g.virtualAddresses()
                    : where == null
                            ? List.of()
                            : where.virtualAddresses().stream()
                                    .filter(v ->
                                            remove.only().contains(v.address().address()))
                                    .toList();
            for (VrrpGroup.VirtualAddress v : from) {
                try {
                    host.removeAddress(device(i, where, v), v.address());
                } catch (RuntimeException e) {
                    LOG.log(WARNING, g.name() + ": removing " + v.address() + " failed: " + e.getMessage());
                }
            }
        } else if (action instanceof Action.Announce a) {
            Map<String, List<InetAddress>> byDevice = new LinkedHashMap<>();
            for (VrrpGroup.VirtualAddress v : g.virtualAddresses()) {
                if (a.only() == null || a.only().contains(v.address().address())) {
                    byDevice.computeIfAbsent(device(i, g, v), k -> new ArrayList<>())
                            .add(v.address().address());
                }
            }
            byDevice.forEach((dev, addresses) -> host.announce(dev, addresses, a.repeat()));
        } else if (action instanceof Action.SyncDaemon s) {
            syncDaemon.claim(g.name(), c.connectionSync(), s.role());
        } else if (action instanceof Action.Transition t) {
            i.state(t.to());
            LOG.log(
                    INFO,
                    g.name() + " (vrid " + g.vrid() + " on " + g.iface() + "): " + t.from() + " -> " + t.to() + ": "
                            + t.reason() + " [priority " + i.machine().effectivePriority() + "]");
            listener.transition(g.name(), t.from(), t.to(), t.reason());
            tracking.notify(g, t.to(), i.machine().effectivePriority());
        } else if (action instanceof Action.Dropped d) {
            if (d.first()) {
                LOG.log(
                        WARNING,
                        g.name() + ": dropped an advert from " + d.source().getHostAddress() + ": " + d.reason() + ": "
                                + d.detail() + " (counted; logged once)");
            }
        } else if (action instanceof Action.Note n) {
            LOG.log(INFO, g.name() + ": " + n.message());
        }
    }

    /**
     * Where a virtual address of {@code i} goes: its device, else the group's interface, or, with vmac, the
     * virtual MAC link for every address not given another device (keepalived: the VIPs "which do not specify
     * a different interface"). {@code g}: the group's definition the address is from.
     */
    private static String device(GroupState i, VrrpGroup g, VrrpGroup.VirtualAddress v) {
        String vmac = i.vmac();
        if (vmac != null && (v.device() == null || v.device().equals(g.iface()))) return vmac;
        return v.device() != null ? v.device() : g.iface();
    }
}
