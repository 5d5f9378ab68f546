package io.fulcrum.controlplane.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code director_status} table: each director's live status (connected, last seen, applied
 * revision, last NACK, agent version, the agent's status report), written by whichever replica holds
 * its agent's stream, so every replica's REST API shows it. Style: plain SQL, fixed statements only:
 * the writes are frequent (every ACK, NACK and report, and every {@code AgentHub.SEEN_EVERY_SECONDS}
 * one statement marking all of a replica's agents seen), come from the agent threads outside any
 * transaction ({@link Jdbc#outside}), and are each one upsert that no entity mapping can say. They
 * are not changes to the model: they bump no revision, write no audit record, and do not touch (or
 * wait for the locks on) the {@code director} rows. A failed write is logged and dropped; the next
 * one carries the newer state. A director without a row has never been seen; its row goes with it.
 */
@ApplicationScoped
public class DirectorStatusStore {
    private static final System.Logger LOG = System.getLogger(DirectorStatusStore.class.getName());

    @Inject
    Jdbc jdbc;

    // Each write: parameter 1 its value (if any), then the director's name (or names: an array).
    private static final String CONNECTED = """
        INSERT INTO director_status (director_id, connected, last_seen, agent_version)
        SELECT id, true, now(), CAST(? AS text) FROM director WHERE name = ?
        ON CONFLICT (director_id) DO UPDATE SET connected = true, last_seen = excluded.last_seen, agent_version = excluded.agent_version\
        """;
    private static final String DISCONNECTED = """
        INSERT INTO director_status (director_id, connected, last_seen)
        SELECT id, false, now() FROM director WHERE name = ?
        ON CONFLICT (director_id) DO UPDATE SET connected = false, last_seen = excluded.last_seen\
        """;
    private static final String SEEN = """
        INSERT INTO director_status (director_id, connected, last_seen)
        SELECT id, true, now() FROM director WHERE name = ANY (?)
        ON CONFLICT (director_id) DO UPDATE SET connected = true, last_seen = excluded.last_seen\
        """;
    /** Parameters: the directors' names and the revisions each applied (two arrays, in the same order). */
    private static final String ACKED_ALL = """
        INSERT INTO director_status (director_id, applied_revision, last_seen)
        SELECT d.id, a.revision, now() FROM unnest(?, ?) AS a(name, revision) JOIN director d ON d.name = a.name
        ORDER BY d.id
        ON CONFLICT (director_id) DO UPDATE SET
            applied_revision = GREATEST(coalesce(director_status.applied_revision, 0), excluded.applied_revision),
            last_seen = excluded.last_seen\
        """;

    private static final String NACKED = """
        INSERT INTO director_status (director_id, last_nack, last_seen)
        SELECT id, CAST(? AS jsonb), now() FROM director WHERE name = ?
        ON CONFLICT (director_id) DO UPDATE SET last_nack = excluded.last_nack, last_seen = excluded.last_seen\
        """;
    private static final String STATUS = """
        INSERT INTO director_status (director_id, agent_status, last_seen)
        SELECT id, CAST(? AS jsonb), now() FROM director WHERE name = ?
        ON CONFLICT (director_id) DO UPDATE SET agent_status = excluded.agent_status, last_seen = excluded.last_seen\
        """;

    /** Parameter 1: the directors' names; one row per director that exists, by name. */
    private static final String OF = """
        SELECT d.id, d.name, coalesce(s.connected, false), s.last_seen, s.applied_revision, CAST(s.last_nack AS text),
        s.agent_version, NULL FROM director d LEFT JOIN director_status s ON s.director_id = d.id
        WHERE d.name = ANY (?) ORDER BY d.name\
        """;
    /** As {@link #OF}, with the agents' reports. */
    private static final String OF_WITH_REPORTS = """
        SELECT d.id, d.name, coalesce(s.connected, false), s.last_seen, s.applied_revision, CAST(s.last_nack AS text),
        s.agent_version, CAST(s.agent_status AS text) FROM director d LEFT JOIN director_status s ON s.director_id = d.id
        WHERE d.name = ANY (?) ORDER BY d.name\
        """;

    /** Every director's status, by name, without NACK, version or report; then the current revision. */
    private static final String ALL = """
        SELECT d.id, d.name, coalesce(s.connected, false), s.last_seen, s.applied_revision
        FROM director d LEFT JOIN director_status s ON s.director_id = d.id ORDER BY d.name\
        """;

    private static final String AGENT_STATUS = """
        SELECT CAST(agent_status AS text) FROM director_status WHERE director_id = ?\
        """;

    // ------------------------------------------------------------------ writes (agent threads, no transaction)

    public void connected(String director, String version) {
        write("connected", CONNECTED, version, director);
    }

    public void disconnected(String director) {
        write("disconnected", DISCONNECTED, director);
    }

    /** Marks the agents connected to this replica seen, in one statement (REST treats silence as disconnected). */
    public void seen(Collection<String> directors) {
        if (directors.isEmpty()) return;
        try {
            jdbc.outside(c -> {
                try (PreparedStatement st = c.prepareStatement(SEEN)) {
                    st.setArray(1, c.createArrayOf("text", directors.toArray()));
                    return st.executeUpdate();
                }
            });
        } catch (SQLException e) {
            LOG.log(
                    Level.WARNING,
                    "could not record that %d agent(s) are connected: %s".formatted(directors.size(), e.getMessage()));
        }
    }

    /**
     * Each director in {@code applied} applied the revision it maps to, in one statement (the ACKs of
     * many agents together); an applied revision never goes back.
     */
    public void acked(Map<String, Long> applied) {
        if (applied.isEmpty()) return;
        String[] names = applied.keySet().toArray(String[]::new);
        Long[] revisions = new Long[names.length];
        for (int i = 0; i < names.length; i++) revisions[i] = applied.get(names[i]);
        try {
            jdbc.outside(c -> {
                try (PreparedStatement st = c.prepareStatement(ACKED_ALL)) {
                    st.setArray(1, Jdbc.column(c, names));
                    st.setArray(2, Jdbc.column(c, revisions));
                    return st.executeUpdate();
                }
            });
        } catch (SQLException e) {
            LOG.log(
                    Level.WARNING,
                    "could not record the revisions %d agent(s) applied: %s".formatted(names.length, e.getMessage()));
        }
    }

    /** {@code nack}: {revision, at, errors}, as JSON. */
    public void nacked(String director, String nack) {
        write("nacked", NACKED, nack, director);
    }

    /** {@code status}: the agent's last full report, as JSON. */
    public void status(String director, String status) {
        write("status", STATUS, status, director);
    }

    private void write(String what, String sql, Object... params) {
        try {
            jdbc.outside(c -> {
                try (PreparedStatement st = c.prepareStatement(sql)) {
                    for (int i = 0; i < params.length; i++) st.setObject(i + 1, params[i]);
                    return st.executeUpdate();
                }
            });
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "could not record an agent's status (%s): %s".formatted(what, e.getMessage()));
        }
    }

    // ------------------------------------------------------------------ reads

    /** In the current transaction: the status of each named director that exists, by name, without the agents' reports. */
    public Map<String, DirectorStatusRow> of(Collection<String> directors) {
        return jdbc.run(c -> rows(c, OF, directors));
    }

    /** In the current transaction: the named director's status, or null when there is no such director. */
    public DirectorStatusRow of(String director) {
        return of(List.of(director)).get(director);
    }

    /** Outside any transaction: the status of each named director that exists, by name; with the agents' reports when {@code reports}. */
    public Map<String, DirectorStatusRow> latest(Collection<String> directors, boolean reports) throws SQLException {
        return jdbc.outside(c -> rows(c, reports ? OF_WITH_REPORTS : OF, directors));
    }

    /** Outside any transaction: every director's status (no NACK, version or report), the metrics' view. */
    public List<DirectorStatusRow> overview() throws SQLException {
        return jdbc.outside(c -> {
            List<DirectorStatusRow> rows = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(ALL);
                    ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    long applied = rs.getLong(5);
                    Long appliedRevision = rs.wasNull() ? null : applied;
                    rows.add(new DirectorStatusRow(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getBoolean(3),
                            rs.getObject(4, OffsetDateTime.class),
                            appliedRevision,
                            null,
                            null,
                            null));
                }
            }
            return rows;
        });
    }

    /** In the current transaction: the agent's last status report as JSON text, or null. */
    public String agentStatus(long directorId) {
        return jdbc.run(c -> {
            try (PreparedStatement st = c.prepareStatement(AGENT_STATUS)) {
                st.setLong(1, directorId);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    private static Map<String, DirectorStatusRow> rows(Connection c, String sql, Collection<String> directors)
            throws SQLException {
        Map<String, DirectorStatusRow> out = new LinkedHashMap<>();
        if (directors.isEmpty()) return out;
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setArray(1, c.createArrayOf("text", directors.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    long applied = rs.getLong(5);
                    Long appliedRevision = rs.wasNull() ? null : applied;
                    out.put(
                            rs.getString(2),
                            new DirectorStatusRow(
                                    rs.getLong(1),
                                    rs.getString(2),
                                    rs.getBoolean(3),
                                    rs.getObject(4, OffsetDateTime.class),
                                    appliedRevision,
                                    rs.getString(6),
                                    rs.getString(7),
                                    rs.getString(8)));
                }
            }
        }
        return out;
    }
}
