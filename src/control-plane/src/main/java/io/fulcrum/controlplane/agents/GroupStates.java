package io.fulcrum.controlplane.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.service.ModelService;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.controlplane.service.Stored;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * A VRRP group's state on each member director, as their agents last reported it, and split brain:
 * more than one connected member reporting MASTER for the group at once.
 */
@ApplicationScoped
public class GroupStates {
    @Inject DataSource dataSource;

    public ObjectNode of(VrrpGroup g) throws SQLException {
        Map<String, JsonNode> reports = new HashMap<>();
        Map<String, Boolean> connected = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("SELECT name, connected, last_seen, CAST(agent_status AS text) FROM director WHERE name = ANY (?)")) {
            st.setArray(1, c.createArrayOf("text", g.members().stream().map(VrrpGroup.Member::director).toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    connected.put(rs.getString(1), ModelService.DirectorStatus.connected(rs.getBoolean(2), rs.getObject(3, OffsetDateTime.class)));
                    String report = rs.getString(4);
                    if (report != null) reports.put(rs.getString(1), Stored.json(report));
                }
            }
        }
        ObjectNode o = DocumentCodec.JSON.createObjectNode().put("group", g.name());
        ArrayNode members = o.putArray("members");
        int masters = 0;
        for (VrrpGroup.Member m : g.members()) {
            ObjectNode x = members.addObject().put("director", m.director()).put("connected", connected.getOrDefault(m.director(), false));
            JsonNode state = null;
            for (JsonNode v : reports.getOrDefault(m.director(), DocumentCodec.JSON.createObjectNode()).path("vrrp")) {
                if (v.path("group").asText().equals(g.name())) state = v;
            }
            if (state == null) continue;
            x.put("state", state.path("state").asText());
            if (state.has("priority")) x.put("priority", state.path("priority").asInt());
            if (state.has("effectivePriority")) x.put("effectivePriority", state.path("effectivePriority").asInt());
            if (state.has("sinceUnixMillis")) x.put("since", java.time.Instant.ofEpochMilli(state.path("sinceUnixMillis").asLong()).toString());
            if (state.has("reason")) x.put("reason", state.path("reason").asText());
            if (x.path("connected").asBoolean() && "MASTER".equals(state.path("state").asText())) masters++;
        }
        o.put("splitBrain", masters > 1);
        return o;
    }
}
