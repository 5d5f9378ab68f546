package io.fulcrum.controlplane.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

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

    /**
     * Ends a write: flushes its changes, then in one statement bumps the revision, writes the audit
     * record (callers pass representations without secrets), stamps the rows and announces the
     * revision on {@link RevisionFeed#CHANNEL} (PostgreSQL delivers NOTIFY only on commit). The
     * commit also empties this replica's read cache.
     */
    public long commit(String actor, Kind kind, String resource, ObjectNode before, ObjectNode after, Stamp... stamps) {
        em.flush();
        StringBuilder sql = new StringBuilder("WITH r AS (UPDATE revision SET value = value + 1 WHERE id = 1 RETURNING value), "
                + "a AS (INSERT INTO audit (revision, at, actor, action, kind, resource, before, after) "
                + "SELECT value, now(), ?1, ?2, ?3, ?4, CAST(?5 AS jsonb), CAST(?6 AS jsonb) FROM r)");
        int i = 0;
        for (Stamp s : stamps) {
            if (s.ids().isEmpty()) continue;
            if (!s.table().matches("[a-z_]+")) throw new IllegalArgumentException(s.table());
            sql.append(", s").append(i++).append(" AS (UPDATE ").append(s.table())
                    .append(" SET revision = (SELECT value FROM r) WHERE id IN (")
                    .append(s.ids().stream().map(Object::toString).collect(Collectors.joining(","))).append("))");
        }
        sql.append(" SELECT value FROM r, pg_notify('" + RevisionFeed.CHANNEL + "', CAST((SELECT value FROM r) AS text))");
        long rev = ((Number) em.createNativeQuery(sql.toString())
                .setParameter(1, actor)
                .setParameter(2, before == null ? "create" : after == null ? "delete" : "update")
                .setParameter(3, kind.wire).setParameter(4, resource)
                .setParameter(5, before == null ? null : before.toString())
                .setParameter(6, after == null ? null : after.toString())
                .getSingleResult()).longValue();
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override public void beforeCompletion() {}
            @Override public void afterCompletion(int status) { if (status == Status.STATUS_COMMITTED) cache.invalidate(); }
        });
        return rev;
    }

    public long current() {
        return ((Number) em.createNativeQuery("SELECT value FROM revision WHERE id = 1").getSingleResult()).longValue();
    }
}
