package io.fulcrum.vrrp.runtime;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fulcrum.model.VrrpGroup;

/**
 * What a new desired state does to the VRRP groups a director runs (a reload), decided from the groups
 * alone: pure. A group is known by its name; one that keeps its identity (interface, VRID, version,
 * address family, virtual MAC on/off, where its adverts go out from) is changed in place and keeps its
 * state, as keepalived keeps an instance's state across a reload; one whose identity changed is
 * restarted (a graceful stop, then a start). The runtime may still restart an in-place change when the
 * host gives it another source address ({@link VrrpRouter#reconfigure}).
 */
public final class GroupChanges {
    private GroupChanges() {}

    /** What happens to one group. */
    public enum Kind {
        /** Nothing this director runs changed: the instance runs on untouched. */
        UNCHANGED,
        /** Gone, or this director is no longer a member: graceful stop. */
        REMOVED,
        /** New here: it starts (Initialize, then BACKUP or MASTER by the rules). */
        ADDED,
        /** Changed in place, its state kept. */
        UPDATED,
        /** Its identity changed: graceful stop, then a start. */
        RESTART
    }

    /**
     * @param before the running group (null when added)
     * @param after  the desired group (null when removed)
     * @param reason a few words for the log: what made it a restart, what changed in place
     */
    public record Change(String group, Kind kind, VrrpGroup before, VrrpGroup after, String reason) {}

    /**
     * The change of each group between {@code before} (the running groups) and {@code after} (the groups
     * of the new state that list {@code director}): the running ones in their order, then the new ones.
     */
    public static List<Change> diff(List<VrrpGroup> before, List<VrrpGroup> after, String director) {
        Map<String, VrrpGroup> next = new LinkedHashMap<>();
        for (VrrpGroup g : after) if (g.hasMember(director)) next.put(g.name(), g);
        List<Change> out = new ArrayList<>();
        for (VrrpGroup old : before) {
            VrrpGroup now = next.remove(old.name());
            if (now == null) {
                out.add(new Change(old.name(), Kind.REMOVED, old, null, "no longer in the desired state for this director"));
                continue;
            }
            String identity = identityChange(old, now, director);
            if (identity != null) {
                out.add(new Change(old.name(), Kind.RESTART, old, now, identity));
            } else if (view(old, director).equals(view(now, director))) {
                out.add(new Change(old.name(), Kind.UNCHANGED, old, now, "unchanged"));
            } else {
                out.add(new Change(old.name(), Kind.UPDATED, old, now, "changed in place"));
            }
        }
        for (VrrpGroup g : next.values()) out.add(new Change(g.name(), Kind.ADDED, null, g, "new"));
        return out;
    }

    /** What about the group's identity changed, or null when none did. */
    static String identityChange(VrrpGroup a, VrrpGroup b, String director) {
        List<String> c = new ArrayList<>();
        if (!a.iface().equals(b.iface())) c.add("interface " + a.iface() + " -> " + b.iface());
        if (a.vrid() != b.vrid()) c.add("vrid " + a.vrid() + " -> " + b.vrid());
        if (a.version() != b.version()) c.add("version " + a.version() + " -> " + b.version());
        if (a.family() != b.family()) c.add("address family " + a.family() + " -> " + b.family());
        if (a.vmac() != b.vmac()) c.add(b.vmac() ? "virtual MAC on" : "virtual MAC off");
        // with a virtual MAC, multicast adverts use the macvlan, unicast ones the parent: another channel
        if (a.vmac() && a.unicast() != b.unicast()) c.add(b.unicast() ? "unicast with a virtual MAC" : "multicast with a virtual MAC");
        if (!Objects.equals(source(a, director), source(b, director))) c.add("this member's unicast source address");
        return c.isEmpty() ? null : String.join(", ", c);
    }

    /** The address adverts leave from when the member names one (unicast), else null: the interface's. */
    private static InetAddress source(VrrpGroup g, String director) {
        if (!g.unicast()) return null;
        return g.members().stream().filter(m -> m.director().equals(director)).map(VrrpGroup.Member::unicastAddress)
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    /**
     * The group as {@code director} runs it: its own membership, the other members' unicast addresses
     * (its peers; their priorities are theirs), without description and labels, which change nothing here.
     */
    private static VrrpGroup view(VrrpGroup g, String director) {
        List<VrrpGroup.Member> members = new ArrayList<>();
        for (VrrpGroup.Member m : g.members()) {
            members.add(m.director().equals(director) ? m
                    : new VrrpGroup.Member("", 0, null, g.unicast() ? m.unicastAddress() : null));
        }
        return new VrrpGroup(g.name(), null, Map.of(), g.vrid(), g.iface(), g.version(), g.advertInterval(), g.virtualAddresses(),
                members, g.preempt(), g.preemptDelay(), g.authentication(), g.unicast(), g.syncGroup(), g.trackInterfaces(),
                g.trackScripts(), g.garp(), g.notifications(), g.vmac(), g.connectionSync(), g.trackVirtualServers());
    }
}
