package io.fulcrum.controlplane.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The global revision: one row, bumped once by every write transaction as its very last statement.
 * Taking that row lock last (after the transaction's own row locks) keeps it held only for the
 * commit, and since it is held until commit, revisions follow commit order.
 */
@ApplicationScoped
public class Revisions {
    @Inject EntityManager em;
    @Inject ReadCache cache;
    @Inject TransactionSynchronizationRegistry transactions;

    /** Rows whose "revision" column records this transaction's revision. */
    public record Stamp(String table, List<Long> ids) {
        public static Stamp of(String table, Long... ids) { return new Stamp(table, List.of(ids)); }
    }

    /** Statement pieces shared by both forms of commit: the bump, the audit record, the announcement. */
    private static final String BUMP = "r AS (UPDATE revision SET value = value + 1 WHERE id = 1 RETURNING value)";
    private static final String AUDIT = "a AS (INSERT INTO audit (revision, at, actor, action, kind, resource, before, after) "
            + "SELECT value, now(), ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb) FROM r)";
    private static final String NOTIFY = "pg_notify('" + RevisionFeed.CHANNEL + "', CAST((SELECT value FROM r) AS text))";

    /**
     * Ends a write: flushes its changes, then in one statement bumps the revision, writes the audit
     * record (callers pass representations without secrets), stamps the rows and announces the
     * revision on {@link RevisionFeed#CHANNEL} (PostgreSQL delivers NOTIFY only on commit). The
     * commit also empties this replica's read cache.
     */
    public long commit(String actor, Kind kind, String resource, ObjectNode before, ObjectNode after, Stamp... stamps) {
        em.flush();
        StringBuilder sql = new StringBuilder("WITH " + BUMP + ", " + AUDIT);
        // the ids go in as array parameters, so the statement's text depends only on which tables
        // are stamped and the driver can keep it prepared
        List<String> idArrays = new ArrayList<>();
        for (Stamp s : stamps) {
            if (s.ids().isEmpty()) continue;
            if (!s.table().matches("[a-z_]+")) throw new IllegalArgumentException(s.table());
            idArrays.add(s.ids().stream().map(Object::toString).collect(Collectors.joining(",", "{", "}")));
            sql.append(", s").append(idArrays.size()).append(" AS (UPDATE ").append(s.table())
                    .append(" SET revision = (SELECT value FROM r) WHERE id = ANY (CAST(? AS bigint[])))");
        }
        sql.append(" SELECT value FROM r, " + NOTIFY);
        var query = em.createNativeQuery(sql.toString());
        int i = 1;
        for (Object p : auditParameters(actor, kind, resource, before == null ? null : before.toString(), after == null ? null : after.toString())) {
            query.setParameter(i++, p);
        }
        for (String ids : idArrays) query.setParameter(i++, ids);
        long rev = ((Number) query.getSingleResult()).longValue();
        invalidateOnCommit();
        return rev;
    }

    /** What a write statement of {@link #commitWith} sets on the statement (its parameters come first). */
    public interface WriteParameters {
        void set(PreparedStatement st) throws SQLException;
    }

    /**
     * The same commit with the resource's own write in the same statement, for writes done in plain
     * JDBC: {@code write} is a data-modifying query named {@code w} that may read the new revision as
     * {@code (SELECT value FROM r)} and must return one row; the result set holds the revision in
     * column 1, then w's columns. The write's parameters are numbered first, from 1.
     */
    public ResultSet commitWith(Connection c, String write, WriteParameters writeParameters, int writeParameterCount,
                                String actor, Kind kind, String resource, String before, String after) throws SQLException {
        ResultSet rs = commitIf(c, null, null, write, writeParameters, writeParameterCount, actor, kind, resource, before, after);
        if (rs == null) throw new SQLException("the write returned no row");
        return rs;
    }

    /**
     * {@link #commitWith}, done only if {@code condition} holds over the read-only queries of
     * {@code guards} (more named queries, before {@code r}; their parameters come first, then the
     * write's): null, and nothing written, when it does not.
     */
    public ResultSet commitIf(Connection c, String guards, String condition, String write, WriteParameters parameters,
                              int parameterCount, String actor, Kind kind, String resource, String before, String after) throws SQLException {
        String bump = condition == null ? BUMP : BUMP.replace("WHERE id = 1", "WHERE id = 1 AND " + condition);
        PreparedStatement st = c.prepareStatement("WITH " + (guards == null ? "" : guards + ", ") + bump + ", w AS (" + write + "), "
                + AUDIT + " SELECT r.value, w.* FROM r, w, " + NOTIFY);
        parameters.set(st);
        int i = parameterCount + 1;
        for (Object p : auditParameters(actor, kind, resource, before, after)) st.setObject(i++, p);
        st.closeOnCompletion();
        ResultSet rs = st.executeQuery();
        if (!rs.next()) {
            rs.close();
            return null;
        }
        invalidateOnCommit();
        return rs;
    }

    private static Object[] auditParameters(String actor, Kind kind, String resource, String before, String after) {
        return new Object[] {actor, before == null ? "create" : after == null ? "delete" : "update", kind.wire, resource, before, after};
    }

    /** Marks a transaction whose commit empties the read cache. */
    private static final Object INVALIDATES = new Object();

    /** This replica's read cache empties when the transaction commits: once, however many writes it carries. */
    void invalidateOnCommit() {
        if (transactions.getResource(INVALIDATES) != null) return;
        transactions.putResource(INVALIDATES, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override public void beforeCompletion() {}
            @Override public void afterCompletion(int status) { if (status == Status.STATUS_COMMITTED) cache.invalidate(); }
        });
    }

    public long current() {
        return ((Number) em.createNativeQuery("SELECT value FROM revision WHERE id = 1").getSingleResult()).longValue();
    }
}
