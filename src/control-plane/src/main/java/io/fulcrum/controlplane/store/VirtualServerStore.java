package io.fulcrum.controlplane.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The tables {@code virtual_server} and {@code virtual_server_director} (the directors serving it).
 * Style: Hibernate ({@link VirtualServerRow} is an entity); the director links, which have no entity,
 * and the jsonb label filter are fixed native statements through the same EntityManager. Its real
 * servers are {@link RealServerStore}'s. One exception, the creates of a whole-document apply
 * ({@link #createAll}): thousands of rows in one plain statement on the transaction's connection
 * ({@link Jdbc}), with their revisions and audit records, as the commit statements do.
 */
@ApplicationScoped
public class VirtualServerStore extends EntityStore<VirtualServerRow> {
    @Inject
    EntityManager em;

    @Inject
    Jdbc jdbc;

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

    /**
     * The creates of an apply in one statement, each its own revision (consecutive, in the arrays'
     * order) and audit record (action create; its apply id from the transaction, V4): only those whose
     * service no stored virtual server is (the others are not written: the caller takes them one by
     * one, and the rules report the conflict); the revision bumped once by their number, and one NOTIFY
     * of the highest. Returns per create written its number in the arrays (from 0), id and revision.
     */
    private static final String CREATE_ALL = """
            WITH i AS (SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS smallint[]), CAST(? AS text[]), CAST(? AS integer[]),
                           CAST(? AS text[]), CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS text[]))
                       WITH ORDINALITY AS i (name, family, address, port, protocol, fwmark, vrrp_group_id, spec, after, n)),
            ok AS (SELECT i.* FROM i
                   WHERE NOT EXISTS (SELECT 1 FROM virtual_server v WHERE v.protocol = i.protocol AND v.address = i.address AND v.port = i.port)
                   AND NOT EXISTS (SELECT 1 FROM virtual_server v WHERE v.family = i.family AND v.fwmark = i.fwmark)),
            r AS (UPDATE revision SET value = value + (SELECT count(*) FROM ok) WHERE id = 1 AND EXISTS (SELECT 1 FROM ok) RETURNING value),
            n AS (SELECT ok.*, r.value - (SELECT count(*) FROM ok) + row_number() OVER (ORDER BY ok.n) AS rev FROM ok, r),
            w AS (INSERT INTO virtual_server (name, family, address, port, protocol, fwmark, vrrp_group_id, spec, version, revision,
                                              created_at, updated_at)
                  SELECT name, family, address, port, protocol, fwmark, vrrp_group_id, CAST(spec AS jsonb), 1, rev, ?, ? FROM n ORDER BY n.n
                  RETURNING id, name),
            a AS (INSERT INTO audit (revision, at, actor, action, kind, resource, before, after)
                  SELECT rev, now(), ?, 'create', 'virtual-server', name, NULL, CAST(after AS jsonb) FROM n ORDER BY n.n),
            announced AS (SELECT pg_notify('fulcrum_revision', CAST(max(rev) AS text)) FROM n HAVING count(*) > 0)
            SELECT n.n, w.id, n.rev FROM n JOIN w ON w.name = n.name, announced ORDER BY n.n""";

    private static final String LINK_ALL = """
            INSERT INTO virtual_server_director (virtual_server_id, director_id)
            SELECT * FROM unnest(CAST(? AS bigint[]), CAST(? AS bigint[]))""";

    /** New virtual servers, one array per column, index by index; {@code spec} without real servers, {@code after} the audit record's. */
    public record Creates(
            String[] names,
            Short[] families,
            String[] addresses,
            Integer[] ports,
            String[] protocols,
            Long[] fwmarks,
            Long[] vrrpGroupIds,
            String[] specs,
            String[] afters,
            OffsetDateTime at,
            String actor) {}

    /** A virtual server {@link #createAll} wrote: its number in {@link Creates}, its id and revision. */
    public record Created(int index, long id, long revision) {}

    /** Writes those of {@code creates} whose service is free, each with its revision and audit record; the ones written. */
    public List<Created> createAll(Creates creates) {
        return jdbc.run(c -> {
            List<Array> arrays = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(CREATE_ALL)) {
                Object[][] columns = {
                    creates.names(),
                    creates.families(),
                    creates.addresses(),
                    creates.ports(),
                    creates.protocols(),
                    creates.fwmarks(),
                    creates.vrrpGroupIds(),
                    creates.specs(),
                    creates.afters()
                };
                for (int p = 0; p < columns.length; p++) {
                    Object[] column = columns[p];
                    Array a = Jdbc.column(c, column);
                    arrays.add(a);
                    st.setArray(p + 1, a);
                }
                st.setObject(10, creates.at());
                st.setObject(11, creates.at());
                st.setString(12, creates.actor());
                List<Created> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) out.add(new Created(rs.getInt(1) - 1, rs.getLong(2), rs.getLong(3)));
                }
                return out;
            } finally {
                for (Array a : arrays) a.free();
            }
        });
    }

    /** Links each virtual server of {@code virtualServerIds} to the director at the same index (new virtual servers). */
    public void linkAll(Long[] virtualServerIds, Long[] directorIds) {
        if (virtualServerIds.length == 0) return;
        jdbc.run(c -> {
            Array vs = c.createArrayOf("int8", virtualServerIds), ds = c.createArrayOf("int8", directorIds);
            try (PreparedStatement st = c.prepareStatement(LINK_ALL)) {
                st.setArray(1, vs);
                st.setArray(2, ds);
                return st.executeUpdate();
            } finally {
                vs.free();
                ds.free();
            }
        });
    }
}
