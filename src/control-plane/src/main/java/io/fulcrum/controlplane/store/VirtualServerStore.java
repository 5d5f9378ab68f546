package io.fulcrum.controlplane.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.List;

/**
 * The tables {@code virtual_server} and {@code virtual_server_director} (the directors serving it).
 * Style: Hibernate ({@link VirtualServerRow} is an entity); the director links, which have no entity,
 * and the jsonb label filter are fixed native statements through the same EntityManager. Its real
 * servers are {@link RealServerStore}'s.
 */
@ApplicationScoped
public class VirtualServerStore extends EntityStore<VirtualServerRow> {
    @Inject
    EntityManager em;

    public VirtualServerStore() {
        super(
                VirtualServerRow.class,
                "FROM VirtualServerRow WHERE name = :n",
                "FROM VirtualServerRow ORDER BY name",
                """
                SELECT * FROM virtual_server WHERE name > ?1
                AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(CAST(?2 AS jsonb)) c WHERE NOT coalesce(spec -> 'labels' @> c, false))
                ORDER BY name LIMIT ?3""");
    }

    @Override
    EntityManager em() {
        return em;
    }

    /** The virtual servers the director serves, by name. */
    public List<String> servedBy(long directorId) {
        return strings("""
                SELECT v.name FROM virtual_server_director l JOIN virtual_server v ON v.id = l.virtual_server_id
                WHERE l.director_id = ?1 ORDER BY 1""", directorId);
    }

    /** The virtual servers the group carries, by name. */
    public List<String> carriedBy(long groupId) {
        return strings("SELECT name FROM virtual_server WHERE vrrp_group_id = ?1 ORDER BY 1", groupId);
    }

    /** Name and address of the virtual servers with an address that the group carries, by name. */
    @SuppressWarnings("unchecked")
    public List<Object[]> addressesCarriedBy(long groupId) {
        return em.createNativeQuery(
                        "SELECT name, address FROM virtual_server WHERE vrrp_group_id = ?1 AND address IS NOT NULL ORDER BY name")
                .setParameter(1, groupId)
                .getResultList();
    }

    /** The virtual servers other than {@code exceptName} that are this address service. */
    public List<String> withAddress(String protocol, String address, int port, String exceptName) {
        return strings(
                "SELECT name FROM virtual_server WHERE protocol = ?1 AND address = ?2 AND port = ?3 AND name <> ?4",
                protocol,
                address,
                port,
                exceptName);
    }

    /** The virtual servers other than {@code exceptName} that are this firewall-mark service. */
    public List<String> withFwmark(short family, long fwmark, String exceptName) {
        return strings(
                "SELECT name FROM virtual_server WHERE family = ?1 AND fwmark = ?2 AND name <> ?3",
                family,
                fwmark,
                exceptName);
    }

    /** Makes {@code directorIds} the directors serving the virtual server (after its row is written: flushed). */
    public void replaceDirectors(VirtualServerRow row, Collection<Long> directorIds) {
        em.createNativeQuery("DELETE FROM virtual_server_director WHERE virtual_server_id = ?1")
                .setParameter(1, row.id)
                .executeUpdate();
        for (Long did : directorIds) {
            em.createNativeQuery("INSERT INTO virtual_server_director (virtual_server_id, director_id) VALUES (?1, ?2)")
                    .setParameter(1, row.id)
                    .setParameter(2, did)
                    .executeUpdate();
        }
    }
}
