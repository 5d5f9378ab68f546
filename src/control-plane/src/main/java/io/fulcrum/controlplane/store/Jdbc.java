package io.fulcrum.controlplane.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.hibernate.Session;

/**
 * The connections of the stores written in plain SQL: the current transaction's ({@link #run}), the
 * same connection Hibernate uses, reached after a flush, so a plain statement sees (and is ordered
 * after) every entity write made earlier in the transaction; or, for the agent connections' threads,
 * which run no transaction, a pooled connection of their own ({@link #outside}).
 */
@ApplicationScoped
public class Jdbc {
    @Inject
    EntityManager em;

    @Inject
    DataSource dataSource;

    /** Work on one connection; its result. */
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Flushes pending entity writes (in a transaction), then runs {@code work} on the transaction's connection. */
    public <T> T run(Work<T> work) {
        if (em.isJoinedToTransaction()) em.flush();
        return em.unwrap(Session.class).doReturningWork(work::run);
    }

    /** Runs {@code work} on a pooled connection outside any transaction: each statement commits by itself. */
    public <T> T outside(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        }
    }
}
