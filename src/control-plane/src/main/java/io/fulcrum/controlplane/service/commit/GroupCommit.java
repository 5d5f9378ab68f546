package io.fulcrum.controlplane.service.commit;

import io.fulcrum.controlplane.service.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.hibernate.Session;

/**
 * Group commit for writes. Every write bumps the one global revision, so writes commit one after
 * another; committing each alone would cost a transaction, a WAL flush and the revision row's lock
 * per write. Instead, concurrent writes queue here and one of their threads (the leader) runs all
 * that are waiting in one transaction, each inside its own savepoint: a write that fails is rolled
 * back to its savepoint and fails alone, the others commit together, each with its own revision
 * and audit record, in queue order. Each caller returns only after the commit that holds its write.
 * A write that refuses only before it writes anything can do without its savepoint
 * ({@link GroupCommitted#savepoint}), saving two statements. Writes of one kind that one statement
 * can do together ({@link Combined}, {@link #runCombined}) are: each consecutive run of them in the
 * queue is handed over at once.
 *
 * <p>If a failure leaves the transaction unusable (PostgreSQL aborted it: a constraint violation, a
 * deadlock), the batch is rolled back and its writes run again one per transaction, so one bad
 * write can only ever fail itself.
 */
@ApplicationScoped
public class GroupCommit {
    /** The most writes one transaction carries: bounds how long the revision row stays locked. */
    static final int MAX_BATCH = 64;

    @Inject
    TransactionManager tm;

    @Inject
    EntityManager em;

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock leader = new ReentrantLock();

    /**
     * Writes of one kind that can be done together, in as few statements as their kind can: each
     * still with its own revision and audit record, in the order given, and refusing only by not
     * writing (so without savepoints).
     */
    public interface Combined<I> {
        /**
         * Does {@code items} in the batch's transaction: per item its result, or null when that item
         * was not written (its caller then takes another path). Throwing fails the batch: its writes
         * then run again one per transaction.
         */
        List<Object> runAll(List<I> items) throws Exception;
    }

    /** Runs {@code write} in a batch transaction; returns its result after the commit, or throws its failure. */
    public Object run(Callable<Object> write, boolean savepoint) throws Exception {
        if (tm.getStatus() != Status.STATUS_NO_TRANSACTION) return write.call(); // a write inside a write joins it
        return await(new Pending(write, savepoint, null, null));
    }

    /**
     * Runs {@code item} together with the other items of {@code kind} queued next to it, in a batch
     * transaction; returns its result after the commit (null: not written), or throws the failure.
     */
    @SuppressWarnings("unchecked")
    public <I> Object runCombined(Combined<I> kind, I item) throws Exception {
        if (tm.getStatus() != Status.STATUS_NO_TRANSACTION)
            return kind.runAll(List.of(item)).get(0); // inside a write: joins it
        return await(new Pending(null, false, (Combined<Object>) kind, item));
    }

    private Object await(Pending p) throws Exception {
        queue.add(p);
        boolean interrupted = false;
        while (!p.isDone()) {
            if (leader.tryLock()) {
                try {
                    if (!p.isDone()) lead();
                } finally {
                    leader.unlock();
                }
                // whoever queued while this batch ran leads the next one
                Pending next = queue.peek();
                if (next != null) next.wake();
            } else {
                interrupted |= p.awaitTurn();
            }
        }
        if (interrupted)
            Thread.currentThread()
                    .interrupt(); // the write was queued: it is seen through, then the caller learns of the interrupt
        return p.outcome();
    }

    private void lead() {
        List<Pending> batch = new ArrayList<>();
        for (Pending q; batch.size() < MAX_BATCH && (q = queue.poll()) != null; ) batch.add(q);
        if (batch.isEmpty()) return;
        try {
            commit(batch);
        } catch (Aborted aborted) {
            if (batch.size() == 1) {
                batch.get(0).fail(aborted.getCause());
            } else {
                for (Pending q : batch) {
                    try {
                        commit(List.of(q));
                    } catch (Aborted alone) {
                        q.fail(alone.getCause());
                    }
                }
            }
        }
    }

    /** One transaction for {@code batch}; completes each write, or throws Aborted with nothing committed. */
    private void commit(List<Pending> batch) throws Aborted {
        try {
            tm.begin();
        } catch (Exception e) {
            for (Pending q : batch) q.fail(e);
            return;
        }
        List<Runnable> completions = new ArrayList<>(batch.size());
        try {
            for (int i = 0; i < batch.size(); ) {
                Pending q = batch.get(i);
                if (q.combined != null) {
                    // the run of writes of this kind queued next to it, handed over at once
                    int end = i + 1;
                    while (end < batch.size() && batch.get(end).combined == q.combined) end++;
                    List<Pending> run = batch.subList(i, end);
                    List<Object> items = new ArrayList<>(run.size());
                    for (Pending r : run) items.add(r.item);
                    List<Object> results;
                    try {
                        results = q.combined.runAll(items);
                    } catch (Exception e) {
                        throw new Aborted(e); // its statement may have failed, which aborts the transaction
                    }
                    for (int k = 0; k < run.size(); k++) {
                        Pending r = run.get(k);
                        Object result = results.get(k);
                        completions.add(() -> r.succeed(result));
                    }
                    i = end;
                    continue;
                }
                i++;
                if (q.savepoint) sql("SAVEPOINT fulcrum_write");
                try {
                    Object result = q.write.call();
                    em.flush();
                    if (q.savepoint) sql("RELEASE SAVEPOINT fulcrum_write");
                    completions.add(() -> q.succeed(result));
                } catch (Exception e) {
                    if (tm.getStatus() != Status.STATUS_ACTIVE) throw new Aborted(e);
                    if (q.savepoint) {
                        sql("ROLLBACK TO SAVEPOINT fulcrum_write");
                        em.clear();
                    } else if (!(e instanceof ApiProblem)) {
                        throw new Aborted(e); // its write statement may have failed, which aborts the transaction
                    }
                    completions.add(() -> q.fail(e));
                }
            }
        } catch (Aborted a) {
            rollback();
            throw a;
        } catch (Exception e) { // the savepoint statements themselves failed: the connection is unusable
            rollback();
            throw new Aborted(e);
        }
        try {
            tm.commit();
        } catch (Exception e) { // not retried: a commit that failed on the way may have happened
            for (Pending q : batch) q.fail(e);
            return;
        }
        for (Runnable c : completions) c.run();
    }

    private void sql(String statement) {
        em.unwrap(Session.class).doWork(c -> {
            try (Statement st = c.createStatement()) {
                st.execute(statement);
            }
        });
    }

    private void rollback() {
        try {
            if (tm.getStatus() != Status.STATUS_NO_TRANSACTION) tm.rollback();
        } catch (Exception ignored) {
            // the transaction is gone either way
        }
    }

    /** The batch's transaction cannot commit; carries the failure of the write that broke it. */
    private static final class Aborted extends Exception {
        Aborted(Throwable cause) {
            super(cause);
        }
    }

    private static final class Pending {
        final Callable<Object> write;
        final boolean savepoint;
        /** For a combined write, instead of {@code write}: its kind and item. */
        final Combined<Object> combined;

        final Object item;
        private boolean done;
        private boolean woken;
        private Object result;
        private Throwable failure;

        Pending(Callable<Object> write, boolean savepoint, Combined<Object> combined, Object item) {
            this.write = write;
            this.savepoint = savepoint;
            this.combined = combined;
            this.item = item;
        }

        synchronized boolean isDone() {
            return done;
        }

        synchronized void succeed(Object r) {
            result = r;
            done = true;
            notifyAll();
        }

        synchronized void fail(Throwable t) {
            failure = t;
            done = true;
            notifyAll();
        }

        /** Asks this waiter to try to lead. */
        synchronized void wake() {
            woken = true;
            notifyAll();
        }

        /** Waits until done or asked to lead (the timeout only guards against a missed wake-up); true if interrupted. */
        synchronized boolean awaitTurn() {
            boolean interrupted = false;
            try {
                if (!done && !woken) wait(50);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            woken = false;
            return interrupted;
        }

        synchronized Object outcome() throws Exception {
            if (failure == null) return result;
            if (failure instanceof Exception e) throw e;
            if (failure instanceof Error e) throw e;
            throw new IllegalStateException(failure);
        }
    }
}
