package io.fulcrum.controlplane.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * The {@code director} table (the model). Style: Hibernate ({@link DirectorRow} is an entity): a
 * director is read and written whole, once per request, where the entity mapping saves code and
 * costs nothing; native SQL through the same EntityManager only for the label filter (jsonb). Its
 * live status is a table of its own, {@link DirectorStatusStore}'s.
 */
@ApplicationScoped
public class DirectorStore extends EntityStore<DirectorRow> {
    @Inject
    EntityManager em;

    public DirectorStore() {
        super(DirectorRow.class, "FROM DirectorRow WHERE name = :n", "FROM DirectorRow ORDER BY name", """
                SELECT * FROM director WHERE name > ?1
                AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(CAST(?2 AS jsonb)) c WHERE NOT coalesce(spec -> 'labels' @> c, false))
                ORDER BY name LIMIT ?3""");
    }

    @Override
    EntityManager em() {
        return em;
    }
}
