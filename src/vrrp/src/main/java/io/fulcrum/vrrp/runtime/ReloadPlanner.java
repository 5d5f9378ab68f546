package io.fulcrum.vrrp.runtime;

import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Enums;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.vrrp.machine.InstanceConfig;
import io.fulcrum.vrrp.machine.VrrpMachine;
import io.fulcrum.vrrp.runtime.GroupChanges.Change;
import io.fulcrum.vrrp.runtime.GroupChanges.Kind;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans a start or a reload: pure. From the groups running now, the new desired state and a snapshot of
 * the host read beforehand, it says what happens to each group ({@link GroupChanges#decide}: keep, update
 * in place, restart, start, stop) and how each group that is to run with a new configuration runs here:
 * its source address, its virtual MAC link's name (keepalived's), its advert channel. It refuses, changing
 * nothing, when a group cannot run here (a PASS group without its password, no source address, two
 * sources on one channel). A start is a reload from nothing.
 */
final class ReloadPlanner {
    private ReloadPlanner() {}

    /** What the planner knows of a running group (its {@link GroupState}). */
    record Running(
            VrrpGroup group,
            InstanceConfig config,
            String channelKey,
            String advertIface,
            String vmac,
            String setupFault) {}

    /**
     * The plan that takes {@code running} to the groups of {@code doc} that list {@code director}, with the
     * source addresses of {@code host}: the running groups in their order, then the new ones.
     *
     * @throws ValidationException when a group cannot run here (each error names its field under /vrrpGroups/N)
     */
    static ReloadPlan plan(List<Running> running, ConfigDocument doc, String director, HostSnapshot host) {
        Map<String, String> at = new LinkedHashMap<>();
        for (int i = 0; i < doc.vrrpGroups().size(); i++)
            at.put(doc.vrrpGroups().get(i).name(), "/vrrpGroups/" + i);
        Map<String, Running> byName = new LinkedHashMap<>();
        for (Running r : running) byName.put(r.group().name(), r);
        // the configurations built to decide on a source address change, reused below
        Map<String, InstanceConfig> configs = new LinkedHashMap<>();
        GroupChanges.Facts facts = new GroupChanges.Facts() {
            @Override
            public String setupFault(String group) {
                return byName.get(group).setupFault();
            }

            @Override
            public String sourceChange(VrrpGroup before, VrrpGroup after) {
                InstanceConfig now = byName.get(before.name()).config();
                InstanceConfig next =
                        configs.computeIfAbsent(after.name(), n -> config(after, at.get(n), director, host));
                if (VrrpMachine.sameIdentity(now, next)) return null;
                return now.primaryAddress().getHostAddress() + " -> "
                        + next.primaryAddress().getHostAddress();
            }
        };
        List<Change> changes =
                GroupChanges.diff(running.stream().map(Running::group).toList(), doc.vrrpGroups(), director, facts);

        // one source address per advert channel: the unchanged groups keep theirs
        Map<String, InetAddress> sources = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (Change c : changes) {
            Running r = byName.get(c.group());
            if (c.kind() == Kind.UNCHANGED)
                sources.putIfAbsent(r.channelKey(), r.config().primaryAddress());
            if ((c.kind() == Kind.UNCHANGED || c.kind() == Kind.UPDATED) && r.vmac() != null) taken.add(r.vmac());
        }
        List<ReloadPlan.Step> steps = new ArrayList<>();
        for (Change c : changes) {
            Running r = byName.get(c.group());
            ReloadPlan.Instance instance = switch (c.kind()) {
                case REMOVED, UNCHANGED -> null;
                case UPDATED ->
                    new ReloadPlan.Instance(
                            c.after(), configs.get(c.group()), r.vmac(), r.channelKey(), r.advertIface());
                case ADDED, RESTART -> {
                    InstanceConfig config =
                            configs.computeIfAbsent(c.group(), n -> config(c.after(), at.get(n), director, host));
                    ReloadPlan.Instance built = instance(c.after(), config, taken);
                    if (built.vmac() != null) taken.add(built.vmac());
                    yield built;
                }
            };
            steps.add(new ReloadPlan.Step(c, instance));
        }
        for (ReloadPlan.Step s : steps) {
            if (s.instance() != null) checkSource(sources, s.instance(), at.get(s.group()));
        }
        return new ReloadPlan(steps);
    }

    /**
     * The configuration of {@code g} here, its source address from {@code host}.
     *
     * @throws ValidationException when it cannot run here (a PASS group without its password, no source address)
     */
    static InstanceConfig config(VrrpGroup g, String at, String director, HostSnapshot host) {
        if (g.authentication() != null
                && g.authentication().type() == Enums.AuthType.PASS
                && g.authentication().password() == null) {
            throw new ValidationException(
                    at + "/authentication/password",
                    "group '" + g.name() + "' has auth type pass but the document carries no password");
        }
        boolean ipv6 = g.family() == Enums.AddressFamily.INET6;
        HostSnapshot.Source source = host.source(g.name());
        if (source.error() != null) {
            throw new ValidationException(
                    at + "/interface", "group '" + g.name() + "': interface " + g.iface() + ": " + source.error());
        }
        if (source.address() == null) {
            throw new ValidationException(
                    at + "/interface",
                    "group '" + g.name() + "': interface " + g.iface() + " has no "
                            + (ipv6 ? "IPv6 link-local" : "IPv4") + " address to send adverts from");
        }
        return InstanceConfig.of(g, director, source.address());
    }

    /** The instance of {@code g} on {@code config}: its virtual MAC link named clear of {@code takenVmacs}, its advert channel. */
    private static ReloadPlan.Instance instance(VrrpGroup g, InstanceConfig config, Collection<String> takenVmacs) {
        boolean ipv6 = g.family() == Enums.AddressFamily.INET6;
        String vmac = g.vmac() ? vmacName(g.vrid(), ipv6, takenVmacs) : null;
        // adverts go out and come in on the virtual MAC link; unicast ones on the parent, as keepalived's
        // vmac_xmit_base
        String advertIface = vmac != null && !g.unicast() ? vmac : g.iface();
        return new ReloadPlan.Instance(g, config, vmac, advertIface + (ipv6 ? "/v6" : "/v4"), advertIface);
    }

    /** One source address per advert channel: {@code b}'s must be the one the channel has (recorded when first). */
    private static void checkSource(Map<String, InetAddress> sources, ReloadPlan.Instance b, String at) {
        InetAddress other = sources.putIfAbsent(b.channelKey(), b.config().primaryAddress());
        if (other != null && !other.equals(b.config().primaryAddress())) {
            throw new ValidationException(
                    at + "/members",
                    "group '" + b.group().name() + "' sends from "
                            + b.config().primaryAddress().getHostAddress() + " but another group on "
                            + b.group().iface() + " from " + other.getHostAddress() + "; one source per interface");
        }
    }

    /**
     * keepalived's default name of a virtual MAC link (vrrp.c create_vmac_name): {@code vrrp.VRID}, and when
     * another group took that, {@code vrrpN.VRID} with N = 1, 2, ... (an IPv6 group tries 6 first).
     */
    static String vmacName(int vrid, boolean ipv6, Collection<String> taken) {
        String name = "vrrp." + vrid;
        for (int n = ipv6 ? 6 : 1; taken.contains(name); ) {
            name = "vrrp" + n + "." + vrid;
            if (ipv6 && n == 6) n = 1;
            else if (ipv6 && n == 5) n = 7;
            else n++;
        }
        return name;
    }

    /** The virtual addresses of {@code groups}: never a source address. */
    static List<InetAddress> vips(List<VrrpGroup> groups) {
        List<InetAddress> out = new ArrayList<>();
        for (VrrpGroup g : groups)
            g.virtualAddresses().forEach(v -> out.add(v.address().address()));
        return out;
    }
}
