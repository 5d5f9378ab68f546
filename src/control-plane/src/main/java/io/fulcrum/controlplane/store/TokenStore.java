package io.fulcrum.controlplane.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * The {@code api_token} table. Style: Hibernate ({@link TokenRow} is an entity): tokens are few,
 * each read and written whole (created, listed, removed) by an admin, where the entity mapping saves
 * code and costs nothing; the one frequent read, a bearer secret's lookup by hash, is one indexed
 * query that {@code auth.TokenService} caches. The rules (roles, hashing, never echoing a secret)
 * are {@code TokenService}'s.
 */
@ApplicationScoped
public class TokenStore {
    @Inject
    EntityManager em;

    /** The token whose secret hashes to {@code hash}, or null. Works outside a transaction too. */
    public TokenRow byHash(byte[] hash) {
        return em.createQuery("FROM TokenRow WHERE tokenHash = :h", TokenRow.class)
                .setParameter("h", hash)
                .getResultStream()
                .findFirst()
                .orElse(null);
    }

    /** The token named {@code name}, or null. */
    public TokenRow find(String name) {
        return em.createQuery("FROM TokenRow WHERE name = :n", TokenRow.class)
                .setParameter("n", name)
                .getResultStream()
                .findFirst()
                .orElse(null);
    }

    /** Every token, by name. */
    public List<TokenRow> all() {
        return em.createQuery("FROM TokenRow ORDER BY name", TokenRow.class).getResultList();
    }

    /** Whether some token has the role {@code role} (as stored: lower case). */
    public boolean anyWithRole(String role) {
        return !em.createQuery("FROM TokenRow WHERE role = :r", TokenRow.class)
                .setParameter("r", role)
                .setMaxResults(1)
                .getResultList()
                .isEmpty();
    }

    /** Writes a new token now (its id is generated). */
    public void persist(TokenRow row) {
        em.persist(row);
    }

    public void remove(TokenRow row) {
        em.remove(row);
    }
}
