package io.fulcrum.vrrp.runtime;

import io.fulcrum.model.VrrpGroup;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a new desired state does to the VRRP groups a director runs (a reload): pure. A group is known by
 * its name; one that keeps its identity (interface, VRID, version, address family, virtual MAC on/off,
 * where its adverts go out from) is changed in place and keeps its state, as keepalived keeps an
 * instance's state across a reload; one whose identity changed is restarted (a graceful stop, then a
 * start). {@link #decide} is the one place that chooses between a restart and an in-place change: from
 * the documents, and from what the runtime knows ({@link Facts}: a group held in FAULT by its setup, a
 * new source address on the host), which {@link ReloadPlanner} gives it.
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
     * What the runtime knows of a running group beyond its documents, weighed by {@link #decide};
     * {@link #NONE}: nothing (the documents alone decide).
     */
    public interface Facts {
        Facts NONE = new Facts() {
            @Override
            public String setupFault(String group) {
                return null;
            }

            @Override
            public String sourceChange(VrrpGroup before, VrrpGroup after) {
                return null;
            }
        };

        /** What holds the running group in FAULT because its virtual MAC link or channel is not usable, or null. */
        String setupFault(String group);

        /** For a group the documents would change in place: how its source address changes ("a -> b"), or null when it does not. */
        String sourceChange(VrrpGroup before, VrrpGroup after);
    }

    /**
     * The change of each group between {@code before} (the running groups) and {@code after} (the groups
     * of the new state that list {@code director}): the running ones in their order, then the new ones.
     */
    public static List<Change> diff(List<VrrpGroup> before, List<VrrpGroup> after, String director) {
        return diff(before, after, director, Facts.NONE);
    }

    /** {@link #diff} weighing what the runtime knows ({@code facts}). */
    public static List<Change> diff(List<VrrpGroup> before, List<VrrpGroup> after, String director, Facts facts) {
        Map<String, VrrpGroup> next = new LinkedHashMap<>();
        for (VrrpGroup g : after) if (g.hasMember(director)) next.put(g.name(), g);
        List<Change> out = new ArrayList<>();
        for (VrrpGroup old : before) out.add(decide(old, next.remove(old.name()), director, facts));
        for (VrrpGroup g : next.values()) out.add(new Change(g.name(), Kind.ADDED, null, g, "new"));
        return out;
    }

    /**
     * What happens to the running group {@code old} given {@code now} (null: gone for this director): the
     * one place a restart or an in-place change is chosen. A restart when its identity changed, when it is
     * held in FAULT by its setup (the reload sets it up afresh), or when the host gives it another source
     * address; else unchanged, or changed in place.
     */
    static Change decide(VrrpGroup old, VrrpGroup now, String director, Facts facts) {
        if (now == null)
            return new Change(old.name(), Kind.REMOVED, old, null, "no longer in the desired state for this director");
        String identity = identityChange(old, now, director);
        if (identity != null) return new Change(old.name(), Kind.RESTART, old, now, identity);
        String fault = facts.setupFault(old.name());
        if (fault != null) return new Change(old.name(), Kind.RESTART, old, now, "set up again: " + fault);
        if (view(old, director).equals(view(now, director)))
            return new Change(old.name(), Kind.UNCHANGED, old, now, "unchanged");
        String source = facts.sourceChange(old, now);
        if (source != null) return new Change(old.name(), Kind.RESTART, old, now, "source address " + source);
        return new Change(old.name(), Kind.UPDATED, old, now, "changed in place");
    }

    /** A line for the log: what the reload did to the group. */
    public static String describe(Change c) {
        return switch (c.kind()) {
            case UNCHANGED -> "kept (unchanged)";
            case REMOVED -> "stopped (" + c.reason() + ")";
            case ADDED -> "started";
            case UPDATED -> "updated in place";
            case RESTART -> "restarted (" + c.reason() + ")";
        };
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
        if (a.vmac() && a.unicast() != b.unicast())
            c.add(b.unicast() ? "unicast with a virtual MAC" : "multicast with a virtual MAC");
        if (!Objects.equals(source(a, director), source(b, director))) c.add("this member's unicast source address");
        return c.isEmpty() ? null : String.join(", ", c);
    }

    /** The address adverts leave from when the member names one (unicast), else null: the interface's. */
    private static InetAddress source(VrrpGroup g, String director) {
        if (!g.unicast()) return null;
        return g.members().stream()
                .filter(m -> m.director().equals(director))
                .map(VrrpGroup.Member::unicastAddress)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    /**
     * The group as {@code director} runs it: its own membership, the other members' unicast addresses
     * (its peers; their priorities are theirs), without description and labels, which change nothing here.
     */
    private static VrrpGroup view(VrrpGroup g, String director) {
        List<VrrpGroup.Member> members = new ArrayList<>();
        for (VrrpGroup.Member m : g.members()) {
            members.add(
                    m.director().equals(director)
                            ? m
                            : new VrrpGroup.Member("", 0, null, g.unicast() ? m.unicastAddress() : null));
        }
        return new VrrpGroup(
                g.name(),
                null,
                Map.of(),
                g.vrid(),
                g.iface(),
                g.version(),
                g.advertInterval(),
                g.virtualAddresses(),
                members,
                g.preempt(),
                g.preemptDelay(),
                g.authentication(),
                g.unicast(),
                g.syncGroup(),
                g.trackInterfaces(),
                g.trackScripts(),
                g.garp(),
                g.notifications(),
                g.vmac(),
                g.connectionSync(),
                g.trackVirtualServers(),
                g.syncGroupNotify());
    }
}
