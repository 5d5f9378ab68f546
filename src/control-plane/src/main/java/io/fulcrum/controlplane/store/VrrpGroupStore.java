package io.fulcrum.controlplane.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.List;

/**
 * The tables {@code vrrp_group} and {@code vrrp_member} (a group's directors, with copies of its
 * VRID, interface and family, so one unique index forbids a VRID collision on a director). Style:
 * Hibernate ({@link VrrpGroupRow} is an entity); the member rows, which have no entity, and the jsonb
 * tests are fixed native statements through the same EntityManager.
 */
@ApplicationScoped
public class VrrpGroupStore extends EntityStore<VrrpGroupRow> {
    @Inject
    EntityManager em;

    public VrrpGroupStore() {
        super(VrrpGroupRow.class, "FROM VrrpGroupRow WHERE name = :n", "FROM VrrpGroupRow ORDER BY name", """
                SELECT * FROM vrrp_group WHERE name > ?1
                AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(CAST(?2 AS jsonb)) c WHERE NOT coalesce(spec -> 'labels' @> c, false))
                ORDER BY name LIMIT ?3""");
    }

    @Override
    EntityManager em() {
        return em;
    }

    /** The groups other than {@code exceptName} that use this VRID on this interface and family of the director, by name. */
    public List<String> vridUsers(long directorId, String iface, short family, short vrid, String exceptName) {
        return strings("""
                SELECT g.name FROM vrrp_member m JOIN vrrp_group g ON g.id = m.group_id
                WHERE m.director_id = ?1 AND m.iface = ?2 AND m.family = ?3 AND m.vrid = ?4 AND g.name <> ?5""", directorId, iface, family, vrid, exceptName);
    }

    /** The groups that have the director as a member, by name. */
    public List<String> withMember(long directorId) {
        return strings(
                "SELECT g.name FROM vrrp_member m JOIN vrrp_group g ON g.id = m.group_id WHERE m.director_id = ?1 ORDER BY 1",
                directorId);
    }

    /** The specs of the groups whose trackVirtualServers contain {@code tracked} (a JSON array of one object), by name. */
    public List<String> trackingSpecs(String tracked) {
        return strings(
                "SELECT CAST(spec AS text) FROM vrrp_group WHERE spec -> 'trackVirtualServers' @> CAST(?1 AS jsonb) ORDER BY name",
                tracked);
    }

    /** The specs of the other groups of sync group {@code syncGroup} that give its hooks (syncGroupNotify), by name. */
    public List<String> syncGroupHookSpecs(String syncGroup, String exceptName) {
        return strings(
                "SELECT CAST(spec AS text) FROM vrrp_group WHERE spec ->> 'syncGroup' = ?1 AND spec -> 'syncGroupNotify' IS NOT NULL"
                        + " AND name <> ?2 ORDER BY name",
                syncGroup,
                exceptName);
    }

    /** Makes {@code directorIds} the group's members (after its row is written: flushed). */
    public void replaceMembers(VrrpGroupRow group, Collection<Long> directorIds) {
        em.createNativeQuery("DELETE FROM vrrp_member WHERE group_id = ?1")
                .setParameter(1, group.id)
                .executeUpdate();
        for (Long did : directorIds) {
            em.createNativeQuery(
                            "INSERT INTO vrrp_member (group_id, director_id, vrid, iface, family) VALUES (?1, ?2, ?3, ?4, ?5)")
                    .setParameter(1, group.id)
                    .setParameter(2, did)
                    .setParameter(3, group.vrid)
                    .setParameter(4, group.iface)
                    .setParameter(5, group.family)
                    .executeUpdate();
        }
    }
}
