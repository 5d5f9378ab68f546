package io.fulcrum.controlplane.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code real_server} table. Style: plain SQL on the transaction's connection ({@link Jdbc}),
 * fixed statements only: real-server writes are the hot path of automation, and their fast forms
 * say in one statement what an entity mapping would say in several: a create or replace reads (and
 * locks) in one statement and writes together with its revision and audit record in another; the
 * creates of a group commit are written all by one ({@link #createAll}).
 */
@ApplicationScoped
public class RealServerStore {
    @Inject
    Jdbc jdbc;

    private static final String OF = """
            SELECT id, virtual_server_id, family, name, address, port, CAST(spec AS text), version, revision, created_at,
            updated_at FROM real_server WHERE virtual_server_id = ? ORDER BY name""";
    private static final String ALL = """
            SELECT id, virtual_server_id, family, name, address, port, CAST(spec AS text), version, revision, created_at,
            updated_at FROM real_server ORDER BY virtual_server_id, name""";
    private static final String FIND = """
            SELECT id, virtual_server_id, family, name, address, port, CAST(spec AS text), version, revision, created_at,
            updated_at FROM real_server WHERE virtual_server_id = ? AND name = ?""";
    private static final String LOCK = """
            SELECT id, virtual_server_id, family, name, address, port, CAST(spec AS text), version, revision, created_at,
            updated_at FROM real_server WHERE virtual_server_id = ? AND name = ? FOR UPDATE""";
    private static final String PAGE = """
            SELECT id, virtual_server_id, family, name, address, port, CAST(spec AS text), version, revision, created_at, updated_at
            FROM real_server WHERE virtual_server_id = ? AND name > ?
            AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(CAST(? AS jsonb)) c WHERE NOT coalesce(spec -> 'labels' @> c, false))
            ORDER BY name LIMIT ?""";
    private static final String INSERT = """
            INSERT INTO real_server (virtual_server_id, family, name, address, port, spec, version, created_at,
            updated_at) VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?) RETURNING id""";
    private static final String UPDATE = """
            UPDATE real_server SET family = ?, address = ?, port = ?, spec = CAST(? AS jsonb), version = ?, updated_at = ?
            WHERE id = ?""";
    private static final String DELETE = """
            DELETE FROM real_server WHERE id = ?""";

    /** The real servers of a virtual server, by name. */
    public List<RealServerRow> of(long virtualServerId) {
        return jdbc.run(c -> rows(c, OF, st -> st.setLong(1, virtualServerId)));
    }

    /** Every real server, by virtual server id, each virtual server's by name: one statement for an export. */
    public Map<Long, List<RealServerRow>> all() {
        Map<Long, List<RealServerRow>> out = new HashMap<>();
        for (RealServerRow r : jdbc.run(c -> rows(c, ALL, st -> {})))
            out.computeIfAbsent(r.virtualServerId, k -> new ArrayList<>()).add(r);
        return out;
    }

    /** The real server {@code name} of a virtual server, or null; {@code forUpdate}: locked until commit. */
    public RealServerRow find(long virtualServerId, String name, boolean forUpdate) {
        List<RealServerRow> r = jdbc.run(c -> rows(c, forUpdate ? LOCK : FIND, st -> {
            st.setLong(1, virtualServerId);
            st.setString(2, name);
        }));
        return r.isEmpty() ? null : r.get(0);
    }

    /** Up to {@code limit} real servers of a virtual server named after {@code after}, whose labels hold every one of {@code labels}. */
    public List<RealServerRow> page(long virtualServerId, String after, String labels, int limit) {
        return jdbc.run(c -> rows(c, PAGE, st -> {
            st.setLong(1, virtualServerId);
            st.setString(2, after);
            st.setString(3, labels);
            st.setInt(4, limit);
        }));
    }

    /** Writes a new row; sets its id. */
    public void insert(RealServerRow r) {
        r.id = jdbc.run(c -> {
            try (PreparedStatement st = c.prepareStatement(INSERT)) {
                st.setLong(1, r.virtualServerId);
                st.setShort(2, r.family);
                st.setString(3, r.name);
                st.setString(4, r.address);
                st.setInt(5, r.port);
                st.setString(6, r.spec);
                st.setLong(7, r.version);
                st.setObject(8, r.createdAt);
                st.setObject(9, r.updatedAt);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Writes a changed row's columns. */
    public void update(RealServerRow r) {
        jdbc.run(c -> {
            try (PreparedStatement st = c.prepareStatement(UPDATE)) {
                st.setShort(1, r.family);
                st.setString(2, r.address);
                st.setInt(3, r.port);
                st.setString(4, r.spec);
                st.setLong(5, r.version);
                st.setObject(6, r.updatedAt);
                st.setLong(7, r.id);
                return st.executeUpdate();
            }
        });
    }

    public void delete(long id) {
        jdbc.run(c -> {
            try (PreparedStatement st = c.prepareStatement(DELETE)) {
                st.setLong(1, id);
                return st.executeUpdate();
            }
        });
    }

    private interface Parameters {
        void set(PreparedStatement st) throws SQLException;
    }

    private static List<RealServerRow> rows(Connection c, String sql, Parameters parameters) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            parameters.set(st);
            List<RealServerRow> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    RealServerRow r = new RealServerRow();
                    r.id = rs.getLong(1);
                    r.virtualServerId = rs.getLong(2);
                    r.family = rs.getShort(3);
                    r.name = rs.getString(4);
                    r.address = rs.getString(5);
                    r.port = rs.getInt(6);
                    r.spec = rs.getString(7);
                    r.version = rs.getLong(8);
                    r.revision = rs.getLong(9);
                    r.createdAt = rs.getObject(10, OffsetDateTime.class);
                    r.updatedAt = rs.getObject(11, OffsetDateTime.class);
                    out.add(r);
                }
            }
            return out;
        }
    }

    // ------------------------------------------------------------------ create or replace, in two statements

    /**
     * The read of a create or replace: the virtual server (shared lock), and locked until commit the
     * real server of that name and any other one with its address and port.
     */
    private static final String REPLACE_READ = """
            SELECT v.id, v.version, v.spec, x.id, x.name, x.spec, x.version, x.revision, x.created_at, x.updated_at
            FROM virtual_server v LEFT JOIN LATERAL (SELECT * FROM real_server s WHERE s.virtual_server_id = v.id
                AND (s.name = ? OR (s.address = ? AND s.port = coalesce(?, v.port, 0))) FOR UPDATE) x ON true
            WHERE v.name = ? FOR SHARE OF v""";

    /** What {@link #readForReplace} found: the virtual server (null id when there is none), the real server of that name, and another one's name with the endpoint. */
    public record ReplaceRead(
            long parentId, long parentVersion, String parentSpec, RealServerRow existing, String endpointTakenBy) {
        public boolean parentFound() {
            return parentSpec != null;
        }
    }

    /** Reads and locks what a create or replace of {@code name} at {@code address}/{@code port} (null: the virtual server's) depends on. */
    public ReplaceRead readForReplace(String virtualServer, String name, String address, Integer port) {
        return jdbc.run(c -> {
            try (PreparedStatement st = c.prepareStatement(REPLACE_READ)) {
                st.setString(1, name);
                st.setString(2, address);
                st.setObject(3, port, Types.INTEGER);
                st.setString(4, virtualServer);
                long parentId = -1, parentVersion = -1;
                String parentSpec = null, same = null;
                RealServerRow existing = null;
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        if (parentSpec == null) {
                            parentId = rs.getLong(1);
                            parentVersion = rs.getLong(2);
                            parentSpec = rs.getString(3);
                        }
                        if (rs.getObject(4) == null) continue;
                        if (rs.getString(5).equals(name)) {
                            existing = new RealServerRow();
                            existing.id = rs.getLong(4);
                            existing.name = name;
                            existing.spec = rs.getString(6);
                            existing.version = rs.getLong(7);
                            existing.revision = rs.getLong(8);
                            existing.createdAt = rs.getObject(9, OffsetDateTime.class);
                            existing.updatedAt = rs.getObject(10, OffsetDateTime.class);
                        } else {
                            same = rs.getString(5);
                        }
                    }
                }
                return new ReplaceRead(parentId, parentVersion, parentSpec, existing, same);
            }
        });
    }

    /**
     * A create with its commit, in one statement: the revision bumped, the row written with it, the
     * audit record, the announcement. Parameters: the row's 8, then the audit record's 6.
     */
    private static final String INSERT_COMMITTING = """
            WITH r AS (UPDATE revision SET value = value + 1 WHERE id = 1 RETURNING value),
            w AS (INSERT INTO real_server (virtual_server_id, family, name, address, port, spec, version, revision, created_at, updated_at)
                  SELECT ?, ?, ?, ?, ?, CAST(? AS jsonb), 1, value, ?, ? FROM r RETURNING id, version, created_at, updated_at),
            a AS (INSERT INTO audit (revision, at, actor, action, kind, resource, before, after)
                  SELECT value, now(), ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb) FROM r)
            SELECT r.value, w.* FROM r, w, pg_notify('fulcrum_revision', CAST((SELECT value FROM r) AS text))""";
    /** A replace with its commit, likewise. Parameters: the row's 8 (the last its id), then the audit record's 6. */
    private static final String UPDATE_COMMITTING = """
            WITH r AS (UPDATE revision SET value = value + 1 WHERE id = 1 RETURNING value),
            w AS (UPDATE real_server SET family = ?, address = ?, port = ?, spec = CAST(? AS jsonb), version = version + ?,
                         updated_at = CASE WHEN ? THEN ? ELSE updated_at END, revision = (SELECT value FROM r)
                  WHERE id = ? RETURNING id, version, created_at, updated_at),
            a AS (INSERT INTO audit (revision, at, actor, action, kind, resource, before, after)
                  SELECT value, now(), ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb) FROM r)
            SELECT r.value, w.* FROM r, w, pg_notify('fulcrum_revision', CAST((SELECT value FROM r) AS text))""";

    /** The columns a create or replace writes. */
    public record Columns(short family, String address, int port, String spec, OffsetDateTime now) {}

    /** A written row's bookkeeping: the revision its commit has, its version and times. */
    public record Committed(long revision, long version, OffsetDateTime createdAt, OffsetDateTime updatedAt) {}

    /** Inserts real server {@code name} with its commit (the audit record's kind, resource, before and after given). */
    public Committed insertCommitting(
            long parentId, String name, Columns col, String actor, String kind, String resource, String after) {
        return jdbc.run(c -> committing(c, INSERT_COMMITTING, st -> {
            st.setLong(1, parentId);
            st.setShort(2, col.family());
            st.setString(3, name);
            st.setString(4, col.address());
            st.setInt(5, col.port());
            st.setString(6, col.spec());
            st.setObject(7, col.now());
            st.setObject(8, col.now());
            RevisionStore.setAudit(st, 9, actor, kind, resource, null, after);
        }));
    }

    /** Updates row {@code id} with its commit; {@code changed}: its spec changed (a new version, a new update time). */
    public Committed updateCommitting(
            long id,
            Columns col,
            boolean changed,
            String actor,
            String kind,
            String resource,
            String before,
            String after) {
        return jdbc.run(c -> committing(c, UPDATE_COMMITTING, st -> {
            st.setShort(1, col.family());
            st.setString(2, col.address());
            st.setInt(3, col.port());
            st.setString(4, col.spec());
            st.setInt(5, changed ? 1 : 0);
            st.setBoolean(6, changed);
            st.setObject(7, col.now());
            st.setLong(8, id);
            RevisionStore.setAudit(st, 9, actor, kind, resource, before, after);
        }));
    }

    private static Committed committing(Connection c, String sql, Parameters parameters) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            parameters.set(st);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) throw new SQLException("the write returned no row");
                return new Committed(
                        rs.getLong(1),
                        rs.getLong(3),
                        rs.getObject(4, OffsetDateTime.class),
                        rs.getObject(5, OffsetDateTime.class));
            }
        }
    }

    // ------------------------------------------------------------------ the creates of a group commit, in one
    // statement

    /**
     * The creates as arrays, numbered in queue order; those whose guards hold, their virtual servers
     * locked (shared) first: a writer of the virtual server on another replica that commits meanwhile
     * is waited for, and its new version then fails the guard (READ COMMITTED checks the locked row
     * again), so no create is written against a virtual server it was not checked against (each guard
     * one probe of a unique index: an OR of the two real-server guards, or a join, could be planned,
     * and the plan cached, as a scan of a whole table); the revision bumped once by their number (not
     * at all, so not locked, when there are none); each its own revision, in order, and its spec
     * parsed once; their rows and audit records; and one NOTIFY of the highest revision (PostgreSQL
     * delivers it on commit; listeners take the newest). It returns the number and revision of each
     * create written.
     */
    private static final String CREATE_ALL = """
            WITH i AS (SELECT * FROM unnest(CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS smallint[]),
                           CAST(? AS text[]), CAST(? AS integer[]), CAST(? AS text[]), CAST(? AS timestamptz[]), CAST(? AS text[]),
                           CAST(? AS text[]))
                       WITH ORDINALITY AS i (vs, vs_version, name, family, address, port, spec, at, actor, resource, n)),
            ok AS (SELECT i.* FROM i JOIN virtual_server v ON v.id = i.vs AND v.version = i.vs_version
                   WHERE NOT EXISTS (SELECT 1 FROM real_server s WHERE s.virtual_server_id = i.vs AND s.name = i.name)
                   AND NOT EXISTS (SELECT 1 FROM real_server s WHERE s.virtual_server_id = i.vs AND s.address = i.address AND s.port = i.port)
                   FOR SHARE OF v),
            r AS (UPDATE revision SET value = value + (SELECT count(*) FROM ok) WHERE id = 1 AND EXISTS (SELECT 1 FROM ok) RETURNING value),
            n AS (SELECT ok.*, CAST(ok.spec AS jsonb) AS doc, r.value - (SELECT count(*) FROM ok) + row_number() OVER (ORDER BY ok.n) AS rev
                  FROM ok, r),
            w AS (INSERT INTO real_server (virtual_server_id, family, name, address, port, spec, version, revision, created_at, updated_at)
                  SELECT vs, family, name, address, port, doc, 1, rev, at, at FROM n ORDER BY n.n),
            a AS (INSERT INTO audit (revision, at, actor, action, kind, resource, before, after)
                  SELECT rev, now(), actor, 'create', 'real-server', resource, NULL, doc FROM n ORDER BY n.n),
            announced AS (SELECT pg_notify('fulcrum_revision', CAST(max(rev) AS text)) FROM n HAVING count(*) > 0)
            SELECT n.n, n.rev FROM n, announced""";

    /** The columns of the creates given to {@link #createAll}, one array per column, index by index. */
    public record Creates(
            Long[] parents,
            Long[] parentVersions,
            String[] names,
            Integer[] families,
            String[] addresses,
            Integer[] ports,
            String[] specs,
            String[] ats,
            String[] actors,
            String[] resources) {}

    /** A create that was written: its index in {@link Creates} and its revision. */
    public record Created(int index, long revision) {}

    /** Writes those of the creates whose guards hold, each with its revision and audit record; the ones written. */
    public List<Created> createAll(Creates creates) {
        return jdbc.run(c -> {
            List<Array> arrays = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(CREATE_ALL)) {
                Object[][] columns = {
                    creates.parents(),
                    creates.parentVersions(),
                    creates.names(),
                    creates.families(),
                    creates.addresses(),
                    creates.ports(),
                    creates.specs(),
                    creates.ats(),
                    creates.actors(),
                    creates.resources()
                };
                for (int p = 0; p < columns.length; p++) {
                    Object[] column = columns[p];
                    Array a = Jdbc.column(c, column);
                    arrays.add(a);
                    st.setArray(p + 1, a);
                }
                List<Created> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next())
                        out.add(new Created(rs.getInt(1) - 1, rs.getLong(2))); // WITH ORDINALITY counts from 1
                }
                return out;
            } finally {
                for (Array a : arrays) a.free();
            }
        });
    }

    // ------------------------------------------------------------------ the real servers of new virtual servers

    /** Rows of new virtual servers, each stamped with its virtual server's revision (written with it). */
    private static final String INSERT_ALL = """
            INSERT INTO real_server (virtual_server_id, family, name, address, port, spec, version, revision, created_at, updated_at)
            SELECT vs, family, name, address, port, CAST(spec AS jsonb), 1, rev, ?, ?
            FROM unnest(CAST(? AS bigint[]), CAST(? AS smallint[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS integer[]),
                        CAST(? AS text[]), CAST(? AS bigint[])) AS x (vs, family, name, address, port, spec, rev)""";

    /** The columns of {@link #insertAll}, index by index. */
    public record Inserts(
            Long[] virtualServerIds,
            Short[] families,
            String[] names,
            String[] addresses,
            Integer[] ports,
            String[] specs,
            Long[] revisions,
            OffsetDateTime at) {}

    /** Writes the real servers of virtual servers created in this transaction (no audit record of their own: theirs is the virtual server's). */
    public void insertAll(Inserts rows) {
        if (rows.names().length == 0) return;
        jdbc.run(c -> {
            List<Array> arrays = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(INSERT_ALL)) {
                st.setObject(1, rows.at());
                st.setObject(2, rows.at());
                Object[][] columns = {
                    rows.virtualServerIds(),
                    rows.families(),
                    rows.names(),
                    rows.addresses(),
                    rows.ports(),
                    rows.specs(),
                    rows.revisions()
                };
                for (int p = 0; p < columns.length; p++) {
                    Object[] column = columns[p];
                    Array a = Jdbc.column(c, column);
                    arrays.add(a);
                    st.setArray(p + 3, a);
                }
                return st.executeUpdate();
            } finally {
                for (Array a : arrays) a.free();
            }
        });
    }
}
