package io.fulcrum.controlplane.agents;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.service.ModelService.DirectorStatus;
import io.fulcrum.controlplane.store.DirectorStatusRow;
import io.fulcrum.controlplane.store.DirectorStatusStore;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The fleet at a glance (openapi.yaml's FleetStatus): every director's connection and applied
 * revision, every VRRP group's members, and the virtual servers not yet applied everywhere, from the
 * desired model this replica holds and two reads of the directors' statuses, whatever the size of
 * the fleet (a client asked one status per resource before).
 */
@ApplicationScoped
public class FleetStatus {
    @Inject
    DesiredStateCache cache;

    @Inject
    DirectorStatusStore statuses;

    public ObjectNode now() throws SQLException {
        DesiredModel m = cache.model(); // not refreshed here: the agents' pushes own the refresh
        TreeSet<String> directors = new TreeSet<>(m.directors().keySet());
        Map<String, DirectorStatusRow> status = statuses.latest(directors, false);
        ObjectNode o = DocumentCodec.JSON.createObjectNode().put("revision", m.revision());

        ArrayNode ds = o.putArray("directors");
        for (String d : directors) {
            DirectorStatusRow s = status.get(d);
            ObjectNode x = ds.addObject()
                    .put("name", d)
                    .put("connected", s != null && DirectorStatus.connected(s.connected(), s.lastSeen()));
            if (s != null && s.appliedRevision() != null) x.put("appliedRevision", s.appliedRevision());
            else x.putNull("appliedRevision");
        }

        TreeSet<String> members = new TreeSet<>();
        for (var g : m.groups().values()) for (VrrpGroup.Member mem : g.value().members()) members.add(mem.director());
        Map<String, DirectorStatusRow> reports = statuses.latest(members, true);
        ArrayNode gs = o.putArray("vrrpGroups");
        for (var g : new TreeMap<>(m.groups()).values()) {
            gs.addObject()
                    .put("name", g.value().name())
                    .put("vrid", g.value().vrid())
                    .set("status", GroupStates.of(g.value(), reports));
        }

        ObjectNode vs = o.putObject("virtualServers");
        vs.put("total", m.virtualServers().size());
        ArrayNode incomplete = vs.putArray("incomplete");
        for (var e : new TreeMap<>(m.virtualServers()).entrySet()) {
            ObjectNode r = Rollout.of(e.getKey(), e.getValue(), Rollout.serving(m, e.getValue()), status);
            if (r.path("applied").asInt() < r.path("directors").asInt() || r.hasNonNull("lastError"))
                incomplete.addObject().put("name", e.getKey()).set("status", r);
        }
        return o;
    }
}
