package io.fulcrum.controlplane.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** The global revision: one row, bumped by every write transaction (which also serialises writers). */
@ApplicationScoped
public class Revisions {
    @Inject EntityManager em;

    /** Locks the revision row until commit and returns the revision this transaction will commit. */
    public long next() {
        return ((Number) em.createNativeQuery("UPDATE revision SET value = value + 1 WHERE id = 1 RETURNING value").getSingleResult()).longValue();
    }

    public long current() {
        return ((Number) em.createNativeQuery("SELECT value FROM revision WHERE id = 1").getSingleResult()).longValue();
    }
}
