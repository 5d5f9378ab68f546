package io.fulcrum.controlplane.service.apply;

import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Director;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.plan.Plan;
import io.fulcrum.model.plan.PlanChange;
import io.fulcrum.model.plan.PlanChange.Action;
import io.fulcrum.model.plan.PlanChange.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The writes that carry out a plan, in the order to try them: deletes first (so that an address,
 * service or VRID a deleted resource frees can be taken by a created one in the same document), then
 * creates and updates in the plan's order. A virtual server that is created or whose own fields change
 * is written whole with its real servers (its real-server changes ride with it, in one write and one
 * audit record, as a REST PUT of the virtual server does), and the virtual servers created are one
 * step, written together ({@link CreateVirtualServers}); a real server whose virtual server is not
 * written is written on its own; the real servers of a deleted virtual server go with it. Pure.
 *
 * <p>Deletes that still have a reference (a director a virtual server the document moves away is still
 * served by) cannot come first; {@link ConfigApply} retries a refused write after the others.
 */
public final class ApplySteps {
    private ApplySteps() {}

    /** One write; {@code at} the resource's pointer in the document (null for a delete). */
    public sealed interface Step {
        String at();

        /** How the step names its resource in an error. */
        String describe();
    }

    public record PutDirector(Director director, String at) implements Step {
        public String describe() {
            return "director '" + director.name() + "'";
        }
    }

    public record PutVrrpGroup(VrrpGroup group, String at) implements Step {
        public String describe() {
            return "VRRP group '" + group.name() + "'";
        }
    }

    /** The virtual server with the whole set of real servers it is to have. */
    public record PutVirtualServer(VirtualServer virtualServer, String at) implements Step {
        public String describe() {
            return "virtual server '" + virtualServer.name() + "'";
        }
    }

    public record PutRealServer(String virtualServer, RealServer realServer, String at) implements Step {
        public String describe() {
            return "real server '" + virtualServer + "/" + realServer.name() + "'";
        }
    }

    /**
     * The virtual servers the apply creates, written together ({@link VirtualServerCreates}): each
     * with its real servers, its own revision and audit record, as one {@link PutVirtualServer} each.
     */
    public record CreateVirtualServers(List<PutVirtualServer> creates) implements Step {
        public String at() {
            return null;
        }

        public String describe() {
            return creates.size() + " new virtual servers";
        }
    }

    public record Delete(Kind kind, String virtualServer, String name) implements Step {
        public String at() {
            return null;
        }

        public String describe() {
            return kind.wire() + " '" + (virtualServer == null ? name : virtualServer + "/" + name) + "' (delete)";
        }
    }

    /**
     * The writes of {@code plan}, made from {@code desired} against {@code current} (the plan must be
     * of these two, with {@code prune} as planned, and not refused).
     */
    public static List<Step> of(Plan plan, ConfigDocument current, ConfigDocument desired, boolean prune) {
        Map<String, Director> directors = new HashMap<>();
        for (Director d : desired.directors()) directors.putIfAbsent(d.name(), d);
        Map<String, VrrpGroup> groups = new HashMap<>();
        for (VrrpGroup g : desired.vrrpGroups()) groups.putIfAbsent(g.name(), g);
        Map<String, VirtualServer> virtualServers = new HashMap<>();
        for (VirtualServer v : desired.virtualServers()) virtualServers.putIfAbsent(v.name(), v);
        Map<String, VirtualServer> stored = new HashMap<>();
        for (VirtualServer v : current.virtualServers()) stored.put(v.name(), v);

        Set<String> written = new HashSet<>(); // virtual servers written whole or deleted
        for (PlanChange c : plan.changes()) {
            if (c.kind() == Kind.VIRTUAL_SERVER && c.action().writes()) written.add(c.name());
        }
        List<Step> deletes = new ArrayList<>();
        List<Step> puts = new ArrayList<>();
        List<PutVirtualServer> creates = new ArrayList<>(); // in one step, where the first of them is
        for (PlanChange c : plan.changes()) {
            if (!c.action().writes()) continue;
            if (c.kind() == Kind.REAL_SERVER && written.contains(c.virtualServer())) continue;
            if (c.action() == Action.DELETE) {
                deletes.add(new Delete(c.kind(), c.virtualServer(), c.name()));
                continue;
            }
            if (c.kind() == Kind.VIRTUAL_SERVER && !stored.containsKey(c.name())) {
                if (creates.isEmpty()) puts.add(new CreateVirtualServers(creates));
                creates.add(new PutVirtualServer(whole(virtualServers.get(c.name()), null, prune), c.at()));
                continue;
            }
            puts.add(
                    switch (c.kind()) {
                        case DIRECTOR -> new PutDirector(directors.get(c.name()), c.at());
                        case VRRP_GROUP -> new PutVrrpGroup(groups.get(c.name()), c.at());
                        case VIRTUAL_SERVER ->
                            new PutVirtualServer(
                                    whole(virtualServers.get(c.name()), stored.get(c.name()), prune), c.at());
                        case REAL_SERVER ->
                            new PutRealServer(
                                    c.virtualServer(),
                                    realServer(virtualServers.get(c.virtualServer()), c.name()),
                                    c.at());
                    });
        }
        List<Step> out = new ArrayList<>(deletes.size() + puts.size());
        out.addAll(deletes);
        out.addAll(puts);
        return out;
    }

    /**
     * The virtual server with the real servers it is to have: the document's (the first of a name),
     * and without prune the stored ones the document leaves out.
     */
    static VirtualServer whole(VirtualServer v, VirtualServer stored, boolean prune) {
        Map<String, RealServer> out = new LinkedHashMap<>();
        for (RealServer r : v.realServers()) out.putIfAbsent(r.name(), r);
        if (!prune && stored != null) for (RealServer r : stored.realServers()) out.putIfAbsent(r.name(), r);
        return v.withRealServers(List.copyOf(out.values()));
    }

    private static RealServer realServer(VirtualServer v, String name) {
        for (RealServer r : v.realServers()) if (r.name().equals(name)) return r;
        throw new IllegalStateException("the plan names real server " + name + " that the document does not have");
    }

    /**
     * {@code g} without the virtual servers it tracks: written first when a new group and a new
     * virtual server it carries track each other (neither can be written before the other).
     */
    static VrrpGroup untracked(VrrpGroup g) {
        return new VrrpGroup(
                g.name(),
                g.description(),
                g.labels(),
                g.vrid(),
                g.iface(),
                g.version(),
                g.advertInterval(),
                g.virtualAddresses(),
                g.members(),
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
                List.of(),
                g.syncGroupNotify());
    }
}
