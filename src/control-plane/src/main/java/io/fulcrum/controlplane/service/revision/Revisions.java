package io.fulcrum.controlplane.service.revision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.service.read.ReadCache;
import io.fulcrum.controlplane.store.RevisionStore;
import io.fulcrum.controlplane.store.RevisionStore.Stamp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The global revision: one row, bumped once by every write transaction as its very last statement
 * ({@link RevisionStore}). Taking that row lock last (after the transaction's own row locks) keeps
 * it held only for the commit, and since it is held until commit, revisions follow commit order.
 * A commit also empties this replica's read cache, once the transaction has committed.
 */
@ApplicationScoped
public class Revisions {
    @Inject
    RevisionStore store;

    @Inject
    ReadCache cache;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /** Ends a write that stamps no rows (tokens, deletes): {@link #commit(String, Kind, String, ObjectNode, ObjectNode, Stamp)}. */
    public long commit(String actor, Kind kind, String resource, ObjectNode before, ObjectNode after) {
        return commit(actor, kind, resource, before, after, Stamp.NONE);
    }

    /**
     * Ends a write: flushes its changes, then in one statement bumps the revision, writes the audit
     * record (callers pass representations without secrets), stamps the rows and announces the
     * revision on {@link RevisionFeed#CHANNEL} (PostgreSQL delivers NOTIFY only on commit). The
     * commit also empties this replica's read cache.
     */
    public long commit(String actor, Kind kind, String resource, ObjectNode before, ObjectNode after, Stamp stamp) {
        long rev = store.commit(
                actor,
                kind.wire,
                resource,
                before == null ? null : before.toString(),
                after == null ? null : after.toString(),
                stamp);
        invalidateOnCommit();
        return rev;
    }

    /** Marks a transaction whose commit empties the read cache. */
    private static final Object INVALIDATES = new Object();

    /** This replica's read cache empties when the transaction commits: once, however many writes it carries. */
    public void invalidateOnCommit() {
        if (transactions.getResource(INVALIDATES) != null) return;
        transactions.putResource(INVALIDATES, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) cache.invalidate();
            }
        });
    }

    /** Runs {@code action} once this transaction has committed (not when it rolls back). */
    public void onCommit(Runnable action) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) action.run();
            }
        });
    }

    /** Whether this transaction has written (a commit statement ran in it): what it reads is not committed yet. */
    public boolean writtenInThisTransaction() {
        return transactions.getResource(INVALIDATES) != null;
    }

    /**
     * The current revision, locked until the transaction ends: no other write commits before it does,
     * so a whole-configuration apply reads, plans and writes on one unmoving state.
     */
    public long lock() {
        return store.lock();
    }

    /** The audit records this transaction writes from now on carry {@code applyId}. */
    public void tagApply(String applyId) {
        store.tagApply(applyId);
    }

    /**
     * The resources the revisions after {@code after} up to {@code upTo} changed, by their audit
     * records: each kind's names (a real server's as "virtual-server/name"); null when more than
     * {@code limit} records.
     */
    public Map<Kind, Set<String>> changed(long after, long upTo, int limit) {
        List<String[]> records = store.changed(after, upTo, limit + 1);
        if (records.size() > limit) return null;
        Map<Kind, Set<String>> out = new EnumMap<>(Kind.class);
        for (String[] r : records) {
            Kind k = Kind.fromWire(r[0]);
            if (k != null) out.computeIfAbsent(k, x -> new HashSet<>()).add(r[1]);
        }
        return out;
    }

    public long current() {
        return store.current();
    }
}
