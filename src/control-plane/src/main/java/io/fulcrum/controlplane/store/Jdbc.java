package io.fulcrum.controlplane.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Array;
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

    /**
     * One column of a set-based statement ({@code unnest(?, ?, ...)}) as an SQL array, typed by its
     * Java element type: Long int8, Integer int4, Short int2, anything else text. Free it after use.
     */
    public static Array column(Connection c, Object[] values) throws SQLException {
        String type = values instanceof Long[]
                ? "int8"
                : values instanceof Integer[] ? "int4" : values instanceof Short[] ? "int2" : "text";
        return c.createArrayOf(type, values);
    }

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
