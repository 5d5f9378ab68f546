package io.fulcrum.controlplane.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.service.ApiProblem;
import io.fulcrum.controlplane.service.Stored;
import io.fulcrum.controlplane.store.DirectorStatusRow;
import io.fulcrum.controlplane.store.DirectorStatusStore;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeSet;

/**
 * Where a virtual server's last change stands: applied on N of the M directors that serve it (an
 * agent has ACKed a revision at or after the change), which are pending, and the last error an
 * agent reported about it that no later ACK has superseded.
 */
@ApplicationScoped
public class Rollout {
    @Inject
    DesiredStateCache cache;

    @Inject
    DirectorStatusStore statuses;

    public ObjectNode virtualServer(String name) throws SQLException {
        DesiredModel m = cache.model();
        DesiredModel.Server s = m.virtualServers().get(name);
        if (s == null) s = (m = cache.refresh().model()).virtualServers().get(name); // committed an instant ago
        if (s == null) throw ApiProblem.notFound("virtual server '" + name + "'");
        TreeSet<String> serving = serving(m, s);
        return of(name, s, serving, statuses.latest(serving, false));
    }

    /** The directors serving {@code s} in model {@code m}, by name. */
    static TreeSet<String> serving(DesiredModel m, DesiredModel.Server s) {
        VirtualServer v = s.value();
        TreeSet<String> serving = new TreeSet<>();
        if (v.vrrpGroup() != null) {
            var g = m.groups().get(v.vrrpGroup());
            if (g != null) for (VrrpGroup.Member mem : g.value().members()) serving.add(mem.director());
        } else {
            serving.addAll(v.directors());
        }
        return serving;
    }

    /**
     * The rollout status (openapi.yaml's RolloutStatus) of virtual server {@code name}, served by
     * {@code serving}, from the directors' statuses {@code status} (by name; it may hold others).
     */
    static ObjectNode of(
            String name, DesiredModel.Server s, TreeSet<String> serving, Map<String, DirectorStatusRow> status) {
        ObjectNode o = DocumentCodec.JSON.createObjectNode().put("revision", s.changedAt());
        var applied = o.putArray("appliedOn");
        var pending = o.putArray("pending");
        ObjectNode lastError = null;
        for (String d : serving) {
            DirectorStatusRow st = status.get(d);
            if (st == null) continue; // no status row: neither applied nor pending, as before
            long acked = st.appliedRevision() == null ? 0 : st.appliedRevision();
            if (acked >= s.changedAt()) applied.add(d);
            else pending.add(d);
            if (st.lastNack() == null) continue;
            JsonNode n = Stored.json(st.lastNack());
            long rev = n.path("revision").asLong();
            if (rev <= acked || lastError != null && lastError.path("revision").asLong() >= rev) continue;
            for (JsonNode e : n.path("errors")) {
                if (concerns(e.path("object").asText(""), name)) {
                    lastError = DocumentCodec.JSON
                            .createObjectNode()
                            .put("director", d)
                            .put("revision", rev)
                            .put("at", n.path("at").asText())
                            .put("object", e.path("object").asText(""))
                            .put("field", e.path("field").asText(""))
                            .put("message", e.path("message").asText());
                    break;
                }
            }
        }
        o.put("directors", serving.size());
        o.put("applied", applied.size());
        if (lastError != null) o.set("lastError", lastError);
        return o;
    }

    /** An error about the whole state, the virtual server, or one of its real servers. */
    static boolean concerns(String object, String virtualServer) {
        return object.isEmpty()
                || object.equals("virtual-server " + virtualServer)
                || object.startsWith("real-server " + virtualServer + "/");
    }
}
