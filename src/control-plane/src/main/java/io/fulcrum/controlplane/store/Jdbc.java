package io.fulcrum.controlplane.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The connection of the current transaction, for the stores written in plain SQL: the same
 * connection Hibernate uses, reached after a flush, so a plain statement sees (and is ordered
 * after) every entity write made earlier in the transaction.
 */
@ApplicationScoped
public class Jdbc {
    @Inject EntityManager em;

    /** Work on one connection; its result. */
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Flushes pending entity writes (in a transaction), then runs {@code work} on the transaction's connection. */
    public <T> T run(Work<T> work) {
        if (em.isJoinedToTransaction()) em.flush();
        return em.unwrap(Session.class).doReturningWork(work::run);
    }
}
