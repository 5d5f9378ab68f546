package io.fulcrum.agent.run;

import io.fulcrum.health.HealthView;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.vrrp.machine.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a group's tracked virtual servers (trackVirtualServers) do to it, from the health checker's
 * view: a virtual server none of whose real servers serves (all down, draining or taken out with the
 * quorum; a sorry server in rotation does not count) lowers the group's priority by |weight|, or puts
 * it in FAULT when the tracking has no weight. A native stand-in for keepalived's vrrp_script checks
 * of the LVS side. Pure; {@link #changes} keeps what was last told so that only changes are sent (and a
 * tracking a group no longer has is withdrawn).
 */
public final class VirtualServerTracking {
    private final Map<String, Map<String, Event>> told = new HashMap<>();

    /** A change to send to one group's machine, with a line for the log. */
    public record Change(String group, Event event, String message) {}

    /** The source name a tracked virtual server has in its group's machine. */
    static String source(String virtualServer) {
        return "virtual server " + virtualServer;
    }

    /**
     * By source, the effect of each virtual server {@code g} tracks. One that {@code doc} no longer
     * holds has no effect.
     */
    public static Map<String, Event> effects(VrrpGroup g, ConfigDocument doc, HealthView view) {
        if (g.trackVirtualServers().isEmpty()) return Map.of(); // no pass over the document for a group without
        Map<String, VirtualServer> byName = new HashMap<>();
        for (VirtualServer v : doc.virtualServers()) byName.put(v.name(), v);
        Map<String, Event> out = new LinkedHashMap<>();
        for (VrrpGroup.TrackVirtualServer t : g.trackVirtualServers()) {
            VirtualServer v = byName.get(t.virtualServer());
            boolean none = v != null && view.servingRealServers(v) == 0;
            String source = source(t.virtualServer());
            out.put(
                    source,
                    t.weight() == null
                            ? new Event.TrackFault(source, none)
                            : new Event.PriorityAdjusted(source, none ? t.weight() : 0));
        }
        return out;
    }

    /** What changed for {@code groups} since the last call (everything, the first time). */
    public List<Change> changes(List<VrrpGroup> groups, ConfigDocument doc, HealthView view) {
        List<Change> out = new ArrayList<>();
        for (VrrpGroup g : groups) {
            Map<String, Event> before = told.computeIfAbsent(g.name(), k -> new LinkedHashMap<>());
            Map<String, Event> effects = effects(g, doc, view);
            for (Map.Entry<String, Event> e : effects.entrySet()) {
                if (e.getValue().equals(before.put(e.getKey(), e.getValue()))) continue;
                out.add(new Change(g.name(), e.getValue(), describe(e.getValue())));
            }
            // a virtual server the group no longer tracks (a reload changed the group): its effect is withdrawn
            for (String source : List.copyOf(before.keySet())) {
                if (effects.containsKey(source)) continue;
                Event was = before.remove(source);
                Event none = was instanceof Event.TrackFault
                        ? new Event.TrackFault(source, false)
                        : new Event.PriorityAdjusted(source, 0);
                out.add(new Change(g.name(), none, source + " is no longer tracked"));
            }
        }
        return out;
    }

    private static String describe(Event e) {
        if (e instanceof Event.TrackFault f) {
            return f.fault()
                    ? f.source() + " has no healthy real server: FAULT"
                    : f.source() + " has a healthy real server";
        }
        Event.PriorityAdjusted p = (Event.PriorityAdjusted) e;
        return p.delta() != 0
                ? p.source() + " has no healthy real server: priority " + p.delta()
                : p.source() + " has a healthy real server";
    }
}
