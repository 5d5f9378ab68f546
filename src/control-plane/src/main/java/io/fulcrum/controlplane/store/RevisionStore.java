package io.fulcrum.controlplane.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables {@code revision} (one row: the global revision) and {@code audit} (one record per
 * committed change). Style: plain SQL on the transaction's connection ({@link Jdbc}), fixed
 * statements only: a commit is one statement (bump, audit record, stamps, NOTIFY), which no entity
 * mapping can say, and the real-server fast paths ({@link RealServerStore}) write these tables in
 * their own single statements too.
 *
 * <p>Every commit statement bumps the revision row as its first step and holds that row's lock until
 * the transaction commits, so revisions follow commit order; it announces the new revision on
 * channel {@code fulcrum_revision} ({@code RevisionFeed.CHANNEL}; PostgreSQL delivers NOTIFY on commit).
 */
@ApplicationScoped
public class RevisionStore {
    @Inject
    Jdbc jdbc;

    /** The rows a commit stamps with its revision (their "revision" column). */
    public record Stamp(Table table, long id, List<Long> realServerIds) {
        public enum Table {
            NONE,
            DIRECTOR,
            VRRP_GROUP,
            VIRTUAL_SERVER
        }

        public static final Stamp NONE = new Stamp(Table.NONE, 0, List.of());

        public static Stamp director(long id) {
            return new Stamp(Table.DIRECTOR, id, List.of());
        }

        public static Stamp vrrpGroup(long id) {
            return new Stamp(Table.VRRP_GROUP, id, List.of());
        }

        /** A virtual server and the real servers written with it. */
        public static Stamp virtualServer(long id, List<Long> realServerIds) {
            return new Stamp(Table.VIRTUAL_SERVER, id, realServerIds);
        }
    }

    /** Parameters 1-6 of every commit statement: actor, action, kind, resource, before, after. */
    private static final String COMMIT = """
            WITH r AS (UPDATE revision SET value = value + 1 WHERE id = 1 RETURNING value),
            a AS (INSERT INTO audit (revision, at, actor, action, kind, resource, before, after)
                  SELECT value, now(), ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb) FROM r)
            SELECT value FROM r, pg_notify('fulcrum_revision', CAST((SELECT value FROM r) AS text))""";
    /** And 7: the director's id. */
    private static final String COMMIT_DIRECTOR = """
            WITH r AS (UPDATE revision SET value = value + 1 WHERE id = 1 RETURNING value),
            a AS (INSERT INTO audit (revision, at, actor, action, kind, resource, before, after)
                  SELECT value, now(), ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb) FROM r),
            s AS (UPDATE director SET revision = (SELECT value FROM r) WHERE id = ?)
            SELECT value FROM r, pg_notify('fulcrum_revision', CAST((SELECT value FROM r) AS text))""";
    /** And 7: the group's id. */
    private static final String COMMIT_VRRP_GROUP = """
            WITH r AS (UPDATE revision SET value = value + 1 WHERE id = 1 RETURNING value),
            a AS (INSERT INTO audit (revision, at, actor, action, kind, resource, before, after)
                  SELECT value, now(), ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb) FROM r),
            s AS (UPDATE vrrp_group SET revision = (SELECT value FROM r) WHERE id = ?)
            SELECT value FROM r, pg_notify('fulcrum_revision', CAST((SELECT value FROM r) AS text))""";
    /** And 7: the virtual server's id, 8: its real servers' ids written with it. */
    private static final String COMMIT_VIRTUAL_SERVER = """
            WITH r AS (UPDATE revision SET value = value + 1 WHERE id = 1 RETURNING value),
            a AS (INSERT INTO audit (revision, at, actor, action, kind, resource, before, after)
                  SELECT value, now(), ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb) FROM r),
            s AS (UPDATE virtual_server SET revision = (SELECT value FROM r) WHERE id = ?),
            t AS (UPDATE real_server SET revision = (SELECT value FROM r) WHERE id = ANY (?))
            SELECT value FROM r, pg_notify('fulcrum_revision', CAST((SELECT value FROM r) AS text))""";

    private static final String CURRENT = "SELECT value FROM revision WHERE id = 1";

    /** The revision, locked until the transaction ends. */
    private static final String LOCK = "SELECT value FROM revision WHERE id = 1 FOR UPDATE";

    /** The apply id the audit records of this transaction take (V4: audit.apply's default). */
    private static final String TAG_APPLY = "SELECT set_config('fulcrum.apply', ?, true)";

    private static final String AUDIT_PAGE = """
            SELECT revision, at, actor, action, kind, resource, CAST(before AS text), CAST(after AS text), apply
            FROM audit
            WHERE revision < ? AND (CAST(? AS text) IS NULL OR kind = ?) AND (CAST(? AS text) IS NULL OR resource = ?)
            AND (CAST(? AS text) IS NULL OR apply = ?) AND (CAST(? AS text) IS NULL OR actor = ?)
            ORDER BY revision DESC LIMIT ?""";

    private static final String CHANGED = """
            SELECT kind, resource FROM audit WHERE revision > ? AND revision <= ? ORDER BY revision LIMIT ?""";

    private static final String AUDIT_AFTER = """
            SELECT revision, at, actor, action, kind, resource, CAST(before AS text), CAST(after AS text), apply
            FROM audit WHERE revision > ? ORDER BY revision LIMIT ?""";

    /** The action an audit record names: create (no before), delete (no after) or update. */
    public static String action(String before, String after) {
        return before == null ? "create" : after == null ? "delete" : "update";
    }

    /**
     * Commits a change: bumps the revision, writes the audit record (callers pass representations
     * without secrets), stamps the rows and announces the revision, in one statement; the new revision.
     */
    public long commit(String actor, String kind, String resource, String before, String after, Stamp stamp) {
        String sql = switch (stamp.table()) {
            case NONE -> COMMIT;
            case DIRECTOR -> COMMIT_DIRECTOR;
            case VRRP_GROUP -> COMMIT_VRRP_GROUP;
            case VIRTUAL_SERVER -> COMMIT_VIRTUAL_SERVER;
        };
        return jdbc.run(c -> {
            Array ids = null;
            try (PreparedStatement st = c.prepareStatement(sql)) {
                setAudit(st, 1, actor, kind, resource, before, after);
                if (stamp.table() != Stamp.Table.NONE) st.setLong(7, stamp.id());
                if (stamp.table() == Stamp.Table.VIRTUAL_SERVER) {
                    ids = c.createArrayOf("int8", stamp.realServerIds().toArray());
                    st.setArray(8, ids);
                }
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            } finally {
                if (ids != null) ids.free();
            }
        });
    }

    /** Sets an audit record's six parameters from {@code first} on. */
    static void setAudit(
            PreparedStatement st, int first, String actor, String kind, String resource, String before, String after)
            throws SQLException {
        st.setString(first, actor);
        st.setString(first + 1, action(before, after));
        st.setString(first + 2, kind);
        st.setString(first + 3, resource);
        st.setString(first + 4, before);
        st.setString(first + 5, after);
    }

    /** The current revision, read outside any transaction. */
    public long committed() throws SQLException {
        return jdbc.outside(c -> {
            try (PreparedStatement st = c.prepareStatement(CURRENT);
                    ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The current revision. */
    public long current() {
        return jdbc.run(c -> {
            try (PreparedStatement st = c.prepareStatement(CURRENT);
                    ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * The current revision, its row locked until the transaction ends: no other write commits until then
     * (every commit bumps that row), so what the transaction reads next stays current.
     */
    public long lock() {
        return jdbc.run(c -> {
            try (PreparedStatement st = c.prepareStatement(LOCK);
                    ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Every audit record this transaction writes from now on carries {@code applyId}. */
    public void tagApply(String applyId) {
        jdbc.run(c -> {
            try (PreparedStatement st = c.prepareStatement(TAG_APPLY)) {
                st.setString(1, applyId);
                st.executeQuery().close();
                return null;
            }
        });
    }

    /** What the audit records after revision {@code after} up to {@code upTo} name (kind, resource), in order; at most {@code limit}. */
    public List<String[]> changed(long after, long upTo, int limit) {
        return jdbc.run(c -> {
            try (PreparedStatement st = c.prepareStatement(CHANGED)) {
                st.setLong(1, after);
                st.setLong(2, upTo);
                st.setInt(3, limit);
                List<String[]> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
                return out;
            }
        });
    }

    /**
     * Up to {@code limit} audit records after revision {@code after}, oldest first; read outside any
     * transaction, by the event source's thread and its watchers' replays.
     */
    public List<AuditRow> auditAfter(long after, int limit) throws SQLException {
        return jdbc.outside(c -> {
            try (PreparedStatement st = c.prepareStatement(AUDIT_AFTER)) {
                st.setLong(1, after);
                st.setInt(2, limit);
                return rows(st);
            }
        });
    }

    /**
     * Up to {@code limit} audit records before revision {@code before}, newest first; kind, resource,
     * apply and actor null for any.
     */
    public List<AuditRow> audit(long before, String kind, String resource, String apply, String actor, int limit) {
        return jdbc.run(c -> {
            try (PreparedStatement st = c.prepareStatement(AUDIT_PAGE)) {
                st.setLong(1, before);
                st.setString(2, kind);
                st.setString(3, kind);
                st.setString(4, resource);
                st.setString(5, resource);
                st.setString(6, apply);
                st.setString(7, apply);
                st.setString(8, actor);
                st.setString(9, actor);
                st.setInt(10, limit);
                return rows(st);
            }
        });
    }

    private static List<AuditRow> rows(PreparedStatement st) throws SQLException {
        List<AuditRow> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.add(new AuditRow(
                        rs.getLong(1),
                        rs.getObject(2, OffsetDateTime.class),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9)));
            }
        }
        return out;
    }
}
