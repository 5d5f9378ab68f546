package io.fulcrum.controlplane.agents;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.lang.System.Logger.Level;

/**
 * Writes each director's live status (connected, last seen, applied revision, last NACK, the
 * agent's status report) to its row, so every replica's REST API shows it. These writes are not
 * changes to the model: they bump no revision and write no audit record. A failed write is logged
 * and dropped; the next one carries the newer state.
 */
@ApplicationScoped
public class DirectorStatusStore {
    private static final System.Logger LOG = System.getLogger(DirectorStatusStore.class.getName());

    @Inject DataSource dataSource;

    public void connected(String director, String version) {
        update("UPDATE director SET connected = true, last_seen = now(), agent_version = ? WHERE name = ?", version, director);
    }

    public void disconnected(String director) {
        update("UPDATE director SET connected = false, last_seen = now() WHERE name = ?", director);
    }

    /** Keeps the agents connected to this replica marked as seen (REST treats silence as disconnected). */
    public void seen(Collection<String> directors) {
        if (directors.isEmpty()) return;
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("UPDATE director SET connected = true, last_seen = now() WHERE name = ANY (?)")) {
            st.setArray(1, c.createArrayOf("text", directors.toArray()));
            st.executeUpdate();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "could not record that %d agent(s) are connected: %s".formatted(directors.size(), e.getMessage()));
        }
    }

    public void acked(String director, long revision) {
        update("UPDATE director SET applied_revision = GREATEST(coalesce(applied_revision, 0), ?), last_seen = now() WHERE name = ?",
                revision, director);
    }

    /** {@code nack}: {revision, at, errors}, as JSON. */
    public void nacked(String director, String nack) {
        update("UPDATE director SET last_nack = CAST(? AS jsonb), last_seen = now() WHERE name = ?", nack, director);
    }

    public void status(String director, String status) {
        update("UPDATE director SET agent_status = CAST(? AS jsonb), last_seen = now() WHERE name = ?", status, director);
    }

    private void update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) st.setObject(i + 1, params[i]);
            st.executeUpdate();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "could not record an agent's status (%s): %s".formatted(sql.substring(0, sql.indexOf(" WHERE")), e.getMessage()));
        }
    }
}
