package io.fulcrum.controlplane.service.apply;

import io.fulcrum.controlplane.service.apply.ApplySteps.CreateVirtualServers;
import io.fulcrum.controlplane.service.apply.ApplySteps.Delete;
import io.fulcrum.controlplane.service.apply.ApplySteps.PutDirector;
import io.fulcrum.controlplane.service.apply.ApplySteps.PutRealServer;
import io.fulcrum.controlplane.service.apply.ApplySteps.PutVirtualServer;
import io.fulcrum.controlplane.service.apply.ApplySteps.PutVrrpGroup;
import io.fulcrum.controlplane.service.apply.ApplySteps.Step;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Director;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The stored document after an apply, made from the one it planned on and its writes, so that the
 * next plan need not read a large store again: each written resource as written (a virtual server's
 * real servers by name, as a read gives them), each deleted one gone. VRRP groups are taken as
 * stored ({@code storedGroup}): a group written without its password keeps the stored one. Pure.
 */
final class AppliedDocument {
    private AppliedDocument() {}

    /** The document at {@code revision} after {@code steps} (all written) on {@code current}; null when they do not fit it. */
    static ConfigDocument of(
            ConfigDocument current, List<Step> steps, Function<String, VrrpGroup> storedGroup, long revision) {
        Map<String, Director> ds = new TreeMap<>();
        for (Director d : current.directors()) ds.put(d.name(), d);
        Map<String, VrrpGroup> gs = new TreeMap<>();
        for (VrrpGroup g : current.vrrpGroups()) gs.put(g.name(), g);
        Map<String, VirtualServer> vs = new TreeMap<>();
        for (VirtualServer v : current.virtualServers()) vs.put(v.name(), v);
        List<Step> all = new ArrayList<>();
        for (Step s : steps) {
            if (s instanceof CreateVirtualServers c) all.addAll(c.creates());
            else all.add(s);
        }
        for (Step s : all) {
            if (s instanceof PutDirector p) {
                ds.put(p.director().name(), p.director());
            } else if (s instanceof PutVrrpGroup p) {
                gs.put(p.group().name(), storedGroup.apply(p.group().name()));
            } else if (s instanceof PutVirtualServer p) {
                vs.put(
                        p.virtualServer().name(),
                        byName(p.virtualServer(), p.virtualServer().realServers()));
            } else if (s instanceof PutRealServer p) {
                VirtualServer v = vs.get(p.virtualServer());
                if (v == null) return null; // not a plan of current: nothing to keep
                List<RealServer> rs = new ArrayList<>();
                for (RealServer r : v.realServers())
                    if (!r.name().equals(p.realServer().name())) rs.add(r);
                rs.add(p.realServer());
                vs.put(v.name(), byName(v, rs));
            } else if (s instanceof Delete d) {
                switch (d.kind()) {
                    case DIRECTOR -> ds.remove(d.name());
                    case VRRP_GROUP -> gs.remove(d.name());
                    case VIRTUAL_SERVER -> vs.remove(d.name());
                    case REAL_SERVER -> {
                        VirtualServer v = vs.get(d.virtualServer());
                        if (v == null) break; // went with its virtual server
                        List<RealServer> rs = new ArrayList<>(v.realServers());
                        rs.removeIf(r -> r.name().equals(d.name()));
                        vs.put(v.name(), byName(v, rs));
                    }
                }
            }
        }
        return new ConfigDocument(
                revision, List.copyOf(ds.values()), List.copyOf(gs.values()), List.copyOf(vs.values()));
    }

    /** {@code v} with {@code rs} in name order, the order of a read. */
    private static VirtualServer byName(VirtualServer v, List<RealServer> rs) {
        List<RealServer> sorted = new ArrayList<>(rs);
        sorted.sort(Comparator.comparing(RealServer::name));
        return v.withRealServers(sorted);
    }
}
