package io.fulcrum.controlplane.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.service.ModelService.DirectorStatus;
import io.fulcrum.controlplane.service.Stored;
import io.fulcrum.controlplane.store.DirectorStatusRow;
import io.fulcrum.controlplane.store.DirectorStatusStore;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A VRRP group's state on each member director, as their agents last reported it, and split brain:
 * more than one connected member reporting MASTER for the group at once.
 */
@ApplicationScoped
public class GroupStates {
    @Inject
    DirectorStatusStore statuses;

    public ObjectNode of(VrrpGroup g) throws SQLException {
        return of(
                g,
                statuses.latest(
                        g.members().stream().map(VrrpGroup.Member::director).toList(), true));
    }

    /** The group's state (openapi.yaml's VrrpGroupStatus) from the directors' statuses with their reports (by name; it may hold others). */
    static ObjectNode of(VrrpGroup g, Map<String, DirectorStatusRow> status) {
        Map<String, JsonNode> reports = new HashMap<>();
        Map<String, Boolean> connected = new HashMap<>();
        for (VrrpGroup.Member member : g.members()) {
            DirectorStatusRow s = status.get(member.director());
            if (s == null) continue;
            connected.put(s.director(), DirectorStatus.connected(s.connected(), s.lastSeen()));
            if (s.agentStatus() != null) reports.put(s.director(), Stored.json(s.agentStatus()));
        }
        ObjectNode o = DocumentCodec.JSON.createObjectNode().put("group", g.name());
        ArrayNode members = o.putArray("members");
        int masters = 0;
        for (VrrpGroup.Member m : g.members()) {
            ObjectNode x = members.addObject()
                    .put("director", m.director())
                    .put("connected", connected.getOrDefault(m.director(), false));
            JsonNode state = null;
            for (JsonNode v : reports.getOrDefault(m.director(), DocumentCodec.JSON.createObjectNode())
                    .path("vrrp")) {
                if (v.path("group").asText().equals(g.name())) state = v;
            }
            if (state == null) continue;
            x.put("state", state.path("state").asText());
            if (state.has("priority")) x.put("priority", state.path("priority").asInt());
            if (state.has("effectivePriority"))
                x.put("effectivePriority", state.path("effectivePriority").asInt());
            if (state.has("sinceUnixMillis"))
                x.put(
                        "since",
                        Instant.ofEpochMilli(state.path("sinceUnixMillis").asLong())
                                .toString());
            if (state.has("reason")) x.put("reason", state.path("reason").asText());
            if (x.path("connected").asBoolean()
                    && "MASTER".equals(state.path("state").asText())) masters++;
        }
        o.put("splitBrain", masters > 1);
        return o;
    }
}
