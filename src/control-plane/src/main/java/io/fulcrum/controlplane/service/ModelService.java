package io.fulcrum.controlplane.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.store.DirectorRow;
import io.fulcrum.controlplane.store.RealServerRow;
import io.fulcrum.controlplane.store.ResourceRow;
import io.fulcrum.controlplane.store.VirtualServerRow;
import io.fulcrum.controlplane.store.VrrpGroupRow;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Director;
import io.fulcrum.model.Enums;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.Secret;
import io.fulcrum.model.Validator;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The one service layer behind the REST API (and later gRPC): reads and transactional writes of
 * directors, VRRP groups, virtual and real servers. Every write takes the revision row lock first,
 * runs every check before it writes anything, bumps the revision by one and records one audit entry;
 * any refusal rolls the whole transaction back.
 */
@ApplicationScoped
public class ModelService {
    @Inject EntityManager em;
    @Inject Revisions revisions;
    @Inject AuditLog auditLog;

    // ------------------------------------------------------------------ directors

    @Transactional
    public Stored<Director> getDirector(String name) { return storedDirector(director(name)); }

    @Transactional
    public Page<Stored<Director>> listDirectors(int limit, String pageToken, List<String> labels) {
        return page(DirectorRow.class, "director", limit, pageToken, labels, this::storedDirector);
    }

    @Transactional
    public Written<Director> putDirector(Director d, Precondition pre, String actor) {
        long rev = revisions.next();
        DirectorRow row = find(DirectorRow.class, d.name());
        Stored<Director> before = row == null ? null : storedDirector(row);
        pre.check(before == null ? null : before.meta());
        boolean created = row == null;
        if (created) row = newRow(new DirectorRow(), d.name(), rev);
        row.managementAddress = Addresses.format(d.managementAddress());
        touch(row, DocumentCodec.encode(d), rev, created);
        if (created) em.persist(row);
        Stored<Director> after = storedDirector(row);
        audit(rev, actor, Kind.DIRECTOR, d.name(), before == null ? null : DocumentCodec.encode(before.value()), DocumentCodec.encode(d));
        return new Written<>(after, created);
    }

    @Transactional
    public void deleteDirector(String name, Precondition pre, String actor) {
        long rev = revisions.next();
        DirectorRow row = director(name);
        Stored<Director> before = storedDirector(row);
        pre.check(before.meta());
        List<String> groups = strings("SELECT g.name FROM vrrp_member m JOIN vrrp_group g ON g.id = m.group_id WHERE m.director_id = ?1 ORDER BY 1", row.id);
        List<String> servers = strings("SELECT v.name FROM virtual_server_director l JOIN virtual_server v ON v.id = l.virtual_server_id WHERE l.director_id = ?1 ORDER BY 1", row.id);
        List<FieldError> refs = new ArrayList<>();
        for (String g : groups) refs.add(new FieldError("name", "VRRP group '" + g + "' has this director as a member"));
        for (String v : servers) refs.add(new FieldError("name", "virtual server '" + v + "' is served by this director"));
        if (!refs.isEmpty()) throw ApiProblem.conflict(refs);
        em.remove(row);
        audit(rev, actor, Kind.DIRECTOR, name, DocumentCodec.encode(before.value()), null);
    }

    private DirectorRow director(String name) {
        DirectorRow row = find(DirectorRow.class, name);
        if (row == null) throw ApiProblem.notFound("director '" + name + "'");
        return row;
    }

    private Stored<Director> storedDirector(DirectorRow row) {
        return new Stored<>(DocumentCodec.decodeDirector(json(row.spec)), meta(row));
    }

    /** Live status of a director (written by agent connections). */
    @Transactional
    public DirectorStatus directorStatus(String name) {
        DirectorRow row = director(name);
        return new DirectorStatus(row.connected, row.lastSeen, row.appliedRevision);
    }

    public record DirectorStatus(boolean connected, OffsetDateTime lastSeen, Long appliedRevision) {}

    // ------------------------------------------------------------------ VRRP groups

    @Transactional
    public Stored<VrrpGroup> getVrrpGroup(String name) { return storedGroup(group(name)); }

    @Transactional
    public Page<Stored<VrrpGroup>> listVrrpGroups(int limit, String pageToken, List<String> labels) {
        return page(VrrpGroupRow.class, "vrrp_group", limit, pageToken, labels, this::storedGroup);
    }

    @Transactional
    public Written<VrrpGroup> putVrrpGroup(VrrpGroup g, Precondition pre, String actor) {
        long rev = revisions.next();
        VrrpGroupRow row = find(VrrpGroupRow.class, g.name());
        Stored<VrrpGroup> before = row == null ? null : storedGroup(row);
        pre.check(before == null ? null : before.meta());

        // a replace without a password keeps the stored one
        if (g.authentication() != null && g.authentication().type() == Enums.AuthType.PASS && g.authentication().password() == null) {
            if (row == null || row.authPassword == null) {
                throw ApiProblem.invalid(List.of(new FieldError("/authentication/password", "is required for type pass")));
            }
            g = g.withAuthentication(new VrrpGroup.Authentication(Enums.AuthType.PASS, new Secret(row.authPassword)));
        }
        List<FieldError> invalid = new ArrayList<>();
        List<FieldError> conflicts = new ArrayList<>();
        Map<String, Long> directorIds = new LinkedHashMap<>();
        short family = (short) (g.family() == Enums.AddressFamily.INET ? 4 : 6);
        for (int i = 0; i < g.members().size(); i++) {
            String d = g.members().get(i).director();
            DirectorRow dr = find(DirectorRow.class, d);
            if (dr == null) { invalid.add(new FieldError("/members/" + i + "/director", "no director named '" + d + "'")); continue; }
            directorIds.put(d, dr.id);
            List<String> other = strings("SELECT g.name FROM vrrp_member m JOIN vrrp_group g ON g.id = m.group_id "
                    + "WHERE m.director_id = ?1 AND m.iface = ?2 AND m.family = ?3 AND m.vrid = ?4 AND g.name <> ?5",
                    dr.id, g.iface(), family, (short) g.vrid(), g.name());
            if (!other.isEmpty()) conflicts.add(new FieldError("/vrid", Validator.vridCollision(g, d, other.get(0))));
        }
        if (row != null) {
            // the virtual servers this group carries must keep their address
            Set<String> carried = new HashSet<>();
            for (var v : g.virtualAddresses()) carried.add(Addresses.format(v.address().address()));
            for (Object[] vs : rows("SELECT name, address FROM virtual_server WHERE vrrp_group_id = ?1 AND address IS NOT NULL ORDER BY name", row.id)) {
                if (!carried.contains((String) vs[1])) {
                    conflicts.add(new FieldError("/virtualAddresses", "virtual server '" + vs[0] + "' uses address " + vs[1] + " of this group"));
                }
            }
        }
        if (!invalid.isEmpty()) throw ApiProblem.invalid(invalid);
        if (!conflicts.isEmpty()) throw ApiProblem.conflict(conflicts);

        boolean created = row == null;
        if (created) row = newRow(new VrrpGroupRow(), g.name(), rev);
        row.vrid = (short) g.vrid();
        row.iface = g.iface();
        row.family = family;
        row.authPassword = g.authentication() != null && g.authentication().password() != null ? g.authentication().password().reveal() : null;
        touch(row, DocumentCodec.encode(g, false), rev, created);
        if (created) em.persist(row);
        em.flush();
        em.createNativeQuery("DELETE FROM vrrp_member WHERE group_id = ?1").setParameter(1, row.id).executeUpdate();
        for (Long did : directorIds.values()) {
            em.createNativeQuery("INSERT INTO vrrp_member (group_id, director_id, vrid, iface, family) VALUES (?1, ?2, ?3, ?4, ?5)")
                    .setParameter(1, row.id).setParameter(2, did).setParameter(3, row.vrid).setParameter(4, row.iface)
                    .setParameter(5, row.family).executeUpdate();
        }
        audit(rev, actor, Kind.VRRP_GROUP, g.name(), before == null ? null : DocumentCodec.encode(before.value(), false), DocumentCodec.encode(g, false));
        return new Written<>(storedGroup(row), created);
    }

    @Transactional
    public void deleteVrrpGroup(String name, Precondition pre, String actor) {
        long rev = revisions.next();
        VrrpGroupRow row = group(name);
        Stored<VrrpGroup> before = storedGroup(row);
        pre.check(before.meta());
        List<FieldError> refs = new ArrayList<>();
        for (String v : strings("SELECT name FROM virtual_server WHERE vrrp_group_id = ?1 ORDER BY 1", row.id)) {
            refs.add(new FieldError("name", "virtual server '" + v + "' is carried by this group"));
        }
        if (!refs.isEmpty()) throw ApiProblem.conflict(refs);
        em.remove(row);
        audit(rev, actor, Kind.VRRP_GROUP, name, DocumentCodec.encode(before.value(), false), null);
    }

    private VrrpGroupRow group(String name) {
        VrrpGroupRow row = find(VrrpGroupRow.class, name);
        if (row == null) throw ApiProblem.notFound("VRRP group '" + name + "'");
        return row;
    }

    private Stored<VrrpGroup> storedGroup(VrrpGroupRow row) {
        VrrpGroup g = DocumentCodec.decodeVrrpGroup(json(row.spec));
        if (g.authentication() != null && row.authPassword != null) {
            g = g.withAuthentication(new VrrpGroup.Authentication(g.authentication().type(), new Secret(row.authPassword)));
        }
        return new Stored<>(g, meta(row));
    }

    // ------------------------------------------------------------------ virtual servers

    @Transactional
    public Stored<VirtualServer> getVirtualServer(String name) { return storedVirtualServer(virtualServer(name)); }

    @Transactional
    public Page<Stored<VirtualServer>> listVirtualServers(int limit, String pageToken, List<String> labels) {
        return page(VirtualServerRow.class, "virtual_server", limit, pageToken, labels, this::storedVirtualServer);
    }

    /** {@code replaceRealServers}: the given real servers are the whole set; otherwise the stored ones stay. */
    @Transactional
    public Written<VirtualServer> putVirtualServer(VirtualServer v, boolean replaceRealServers, Precondition pre, String actor) {
        long rev = revisions.next();
        VirtualServerRow row = find(VirtualServerRow.class, v.name());
        Stored<VirtualServer> before = row == null ? null : storedVirtualServer(row);
        pre.check(before == null ? null : before.meta());
        if (!replaceRealServers) v = v.withRealServers(before == null ? List.of() : before.value().realServers());

        List<FieldError> invalid = new ArrayList<>();
        VrrpGroupRow groupRow = v.vrrpGroup() == null ? null : find(VrrpGroupRow.class, v.vrrpGroup());
        Set<String> knownDirectors = new HashSet<>();
        List<Long> directorIds = new ArrayList<>();
        for (String d : v.directors()) {
            DirectorRow dr = find(DirectorRow.class, d);
            if (dr != null) { knownDirectors.add(d); directorIds.add(dr.id); }
        }
        Validator.checkReferences(v, groupRow == null ? null : storedGroup(groupRow).value(), groupRow != null, knownDirectors, "", invalid);
        if (!invalid.isEmpty()) throw ApiProblem.invalid(invalid);
        String taken = serviceOwner(v.service(), v.name());
        if (taken != null) {
            throw ApiProblem.conflict(v.service() instanceof VirtualServer.FwmarkService ? "/fwmark" : "/address",
                    "virtual server '" + taken + "' is already this service (" + describe(v.service()) + ")");
        }

        boolean created = row == null;
        if (created) row = newRow(new VirtualServerRow(), v.name(), rev);
        row.family = family(v.service().family());
        row.address = null; row.port = null; row.protocol = null; row.fwmark = null;
        if (v.service() instanceof VirtualServer.InetService s) {
            row.address = Addresses.format(s.address());
            row.port = s.port();
            row.protocol = s.protocol().name().toLowerCase();
        } else {
            row.fwmark = ((VirtualServer.FwmarkService) v.service()).fwmark();
        }
        row.vrrpGroupId = groupRow == null ? null : groupRow.id;
        touch(row, DocumentCodec.encode(v, false), rev, created);
        if (created) em.persist(row);
        em.flush();
        em.createNativeQuery("DELETE FROM virtual_server_director WHERE virtual_server_id = ?1").setParameter(1, row.id).executeUpdate();
        for (Long did : directorIds) {
            em.createNativeQuery("INSERT INTO virtual_server_director (virtual_server_id, director_id) VALUES (?1, ?2)")
                    .setParameter(1, row.id).setParameter(2, did).executeUpdate();
        }
        syncRealServers(row, v, rev);
        audit(rev, actor, Kind.VIRTUAL_SERVER, v.name(), before == null ? null : DocumentCodec.encode(before.value(), true), DocumentCodec.encode(v, true));
        return new Written<>(storedVirtualServer(row), created);
    }

    /** Brings the stored real servers to {@code v}'s set: updates what changed, keeps what did not. */
    private void syncRealServers(VirtualServerRow vsRow, VirtualServer v, long rev) {
        Map<String, RealServerRow> existing = new HashMap<>();
        for (RealServerRow r : realServerRows(vsRow.id)) existing.put(r.name, r);
        // family changes cascade through the (id, family) key only if the old rows go first
        boolean familyChanged = existing.values().stream().anyMatch(r -> r.family != vsRow.family);
        Set<String> keep = new HashSet<>();
        for (RealServer r : v.realServers()) keep.add(r.name());
        for (RealServerRow r : existing.values()) {
            if (!keep.contains(r.name) || familyChanged) em.remove(r);
        }
        em.flush();
        for (RealServer r : v.realServers()) {
            RealServerRow row = familyChanged ? null : existing.get(r.name());
            writeRealServer(vsRow, row, r, v, rev);
        }
    }

    private RealServerRow writeRealServer(VirtualServerRow vsRow, RealServerRow row, RealServer r, VirtualServer parent, long rev) {
        String spec = DocumentCodec.encode(r).toString();
        if (row != null && json(row.spec).equals(json(spec))) return row;
        boolean created = row == null;
        if (created) { row = newRow(new RealServerRow(), r.name(), rev); row.virtualServerId = vsRow.id; }
        row.family = family(r.family());
        row.address = Addresses.format(r.address());
        row.port = Validator.effectivePort(parent, r);
        touch(row, DocumentCodec.encode(r), rev, created);
        if (created) em.persist(row);
        return row;
    }

    @Transactional
    public void deleteVirtualServer(String name, Precondition pre, String actor) {
        long rev = revisions.next();
        VirtualServerRow row = virtualServer(name);
        Stored<VirtualServer> before = storedVirtualServer(row);
        pre.check(before.meta());
        em.remove(row);
        audit(rev, actor, Kind.VIRTUAL_SERVER, name, DocumentCodec.encode(before.value(), true), null);
    }

    private VirtualServerRow virtualServer(String name) {
        VirtualServerRow row = find(VirtualServerRow.class, name);
        if (row == null) throw ApiProblem.notFound("virtual server '" + name + "'");
        return row;
    }

    private Stored<VirtualServer> storedVirtualServer(VirtualServerRow row) {
        VirtualServer v = DocumentCodec.decodeVirtualServer(json(row.spec));
        List<RealServer> rs = new ArrayList<>();
        for (RealServerRow r : realServerRows(row.id)) rs.add(DocumentCodec.decodeRealServer(json(r.spec), v));
        return new Stored<>(v.withRealServers(rs), meta(row));
    }

    private List<RealServerRow> realServerRows(long vsId) {
        return em.createQuery("FROM RealServerRow WHERE virtualServerId = :vs ORDER BY name", RealServerRow.class)
                .setParameter("vs", vsId).getResultList();
    }

    private String serviceOwner(VirtualServer.Service s, String exceptName) {
        List<String> owners = s instanceof VirtualServer.InetService i
                ? strings("SELECT name FROM virtual_server WHERE protocol = ?1 AND address = ?2 AND port = ?3 AND name <> ?4",
                        i.protocol().name().toLowerCase(), Addresses.format(i.address()), i.port(), exceptName)
                : strings("SELECT name FROM virtual_server WHERE family = ?1 AND fwmark = ?2 AND name <> ?3",
                        family(s.family()), ((VirtualServer.FwmarkService) s).fwmark(), exceptName);
        return owners.isEmpty() ? null : owners.get(0);
    }

    private static String describe(VirtualServer.Service s) {
        if (s instanceof VirtualServer.InetService i) return i.protocol().name().toLowerCase() + " " + Addresses.format(i.address()) + " port " + i.port();
        return "fwmark " + ((VirtualServer.FwmarkService) s).fwmark();
    }

    // ------------------------------------------------------------------ real servers

    @Transactional
    public Stored<RealServer> getRealServer(String vs, String name) {
        VirtualServerRow vsRow = virtualServer(vs);
        RealServerRow row = realServer(vsRow, name);
        return new Stored<>(DocumentCodec.decodeRealServer(json(row.spec), DocumentCodec.decodeVirtualServer(json(vsRow.spec))), meta(row));
    }

    @Transactional
    public Page<Stored<RealServer>> listRealServers(String vs, int limit, String pageToken, List<String> labels) {
        VirtualServerRow vsRow = virtualServer(vs);
        VirtualServer parent = DocumentCodec.decodeVirtualServer(json(vsRow.spec));
        return page(RealServerRow.class, "real_server", "virtual_server_id = " + vsRow.id, limit, pageToken, labels,
                r -> new Stored<>(DocumentCodec.decodeRealServer(json(r.spec), parent), meta(r)));
    }

    /** The parent virtual server, decoded, so the REST layer can check a real server against it. */
    @Transactional
    public VirtualServer parentOf(String vs) { return DocumentCodec.decodeVirtualServer(json(virtualServer(vs).spec)); }

    @Transactional
    public Written<RealServer> putRealServer(String vs, RealServer r, Precondition pre, String actor) {
        long rev = revisions.next();
        VirtualServerRow vsRow = virtualServer(vs);
        Stored<VirtualServer> parentBefore = storedVirtualServer(vsRow);
        VirtualServer parent = parentBefore.value();
        RealServerRow row = find(vsRow, r.name());
        Stored<RealServer> before = row == null ? null : new Stored<>(DocumentCodec.decodeRealServer(json(row.spec), parent), meta(row));
        pre.check(before == null ? null : before.meta());
        List<FieldError> errors = new ArrayList<>();
        Validator.checkRealServer(parent, r, "", errors);
        if (!errors.isEmpty()) throw ApiProblem.invalid(errors);
        int port = Validator.effectivePort(parent, r);
        List<String> same = strings("SELECT name FROM real_server WHERE virtual_server_id = ?1 AND address = ?2 AND port = ?3 AND name <> ?4",
                vsRow.id, Addresses.format(r.address()), port, r.name());
        if (!same.isEmpty()) throw ApiProblem.conflict("/address", "real server '" + same.get(0) + "' already has this address and port");
        boolean created = row == null;
        row = writeRealServer(vsRow, row, r, parent, rev);
        // the virtual server's representation includes its real servers: its ETag moves too
        vsRow.version++;
        vsRow.revision = rev;
        vsRow.updatedAt = now();
        audit(rev, actor, Kind.REAL_SERVER, vs + "/" + r.name(), before == null ? null : DocumentCodec.encode(before.value()), DocumentCodec.encode(r));
        return new Written<>(new Stored<>(r, meta(row)), created);
    }

    @Transactional
    public void deleteRealServer(String vs, String name, Precondition pre, String actor) {
        long rev = revisions.next();
        VirtualServerRow vsRow = virtualServer(vs);
        RealServerRow row = realServer(vsRow, name);
        pre.check(meta(row));
        ObjectNode before = (ObjectNode) json(row.spec);
        em.remove(row);
        vsRow.version++;
        vsRow.revision = rev;
        vsRow.updatedAt = now();
        audit(rev, actor, Kind.REAL_SERVER, vs + "/" + name, before, null);
    }

    private RealServerRow find(VirtualServerRow vsRow, String name) {
        return em.createQuery("FROM RealServerRow WHERE virtualServerId = :vs AND name = :n", RealServerRow.class)
                .setParameter("vs", vsRow.id).setParameter("n", name).getResultStream().findFirst().orElse(null);
    }

    private RealServerRow realServer(VirtualServerRow vsRow, String name) {
        RealServerRow row = find(vsRow, name);
        if (row == null) throw ApiProblem.notFound("real server '" + name + "' of virtual server '" + vsRow.name + "'");
        return row;
    }

    // ------------------------------------------------------------------ whole configuration

    /** Every resource, read in one transaction so the document is one consistent revision. */
    @Transactional
    public ConfigDocument export() {
        long rev = revisions.current();
        List<Director> ds = em.createQuery("FROM DirectorRow ORDER BY name", DirectorRow.class).getResultStream().map(r -> storedDirector(r).value()).toList();
        List<VrrpGroup> gs = em.createQuery("FROM VrrpGroupRow ORDER BY name", VrrpGroupRow.class).getResultStream().map(r -> storedGroup(r).value()).toList();
        List<VirtualServer> vs = em.createQuery("FROM VirtualServerRow ORDER BY name", VirtualServerRow.class).getResultStream().map(r -> storedVirtualServer(r).value()).toList();
        return new ConfigDocument(rev, ds, gs, vs);
    }

    // ------------------------------------------------------------------ helpers

    public record Written<T>(Stored<T> stored, boolean created) {}

    private <R extends ResourceRow> R find(Class<R> type, String name) {
        return em.createQuery("FROM " + type.getSimpleName() + " WHERE name = :n", type).setParameter("n", name)
                .getResultStream().findFirst().orElse(null);
    }

    private <R extends ResourceRow, T> Page<Stored<T>> page(Class<R> type, String table, int limit, String pageToken,
                                                             List<String> labels, Function<R, Stored<T>> view) {
        return page(type, table, "true", limit, pageToken, labels, view);
    }

    @SuppressWarnings("unchecked")
    private <R extends ResourceRow, T> Page<Stored<T>> page(Class<R> type, String table, String scope, int limit, String pageToken,
                                                             List<String> labels, Function<R, Stored<T>> view) {
        String after = pageToken == null ? "" : PageTokens.decode(pageToken);
        // every label=value must hold: one containment test per requested label
        var wanted = DocumentCodec.JSON.createArrayNode();
        for (String l : labels) {
            int eq = l.indexOf('=');
            wanted.addObject().put(l.substring(0, eq), l.substring(eq + 1));
        }
        List<R> rows = em.createNativeQuery("SELECT * FROM " + table + " WHERE " + scope + " AND name > ?1"
                        + " AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(CAST(?2 AS jsonb)) c WHERE NOT coalesce(spec -> 'labels' @> c, false))"
                        + " ORDER BY name LIMIT ?3", type)
                .setParameter(1, after).setParameter(2, wanted.toString()).setParameter(3, limit + 1).getResultList();
        String next = rows.size() > limit ? PageTokens.encode(rows.get(limit - 1).name) : null;
        List<Stored<T>> items = new ArrayList<>();
        for (R r : rows.subList(0, Math.min(limit, rows.size()))) items.add(view.apply(r));
        return new Page<>(items, next);
    }

    private <R extends ResourceRow> R newRow(R row, String name, long rev) {
        row.name = name;
        row.version = 0;
        row.createdAt = now();
        return row;
    }

    private void touch(ResourceRow row, ObjectNode spec, long rev, boolean created) {
        row.spec = spec.toString();
        row.version = created ? 1 : row.version + 1;
        row.revision = rev;
        row.updatedAt = now();
    }

    private void audit(long rev, String actor, Kind kind, String resource, ObjectNode before, ObjectNode after) {
        auditLog.record(rev, actor, kind, resource, before, after);
    }

    static OffsetDateTime now() { return OffsetDateTime.now(ZoneOffset.UTC); }

    private static short family(Enums.AddressFamily f) { return (short) (f == Enums.AddressFamily.INET ? 4 : 6); }

    private static Stored.Meta meta(ResourceRow r) { return new Stored.Meta(r.version, r.revision, r.createdAt, r.updatedAt); }

    static JsonNode json(String s) {
        try {
            return DocumentCodec.JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException("stored spec is not JSON", e);
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> strings(String sql, Object... params) {
        var q = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) q.setParameter(i + 1, params[i]);
        return q.getResultList();
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, Object... params) {
        var q = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) q.setParameter(i + 1, params[i]);
        return q.getResultList();
    }
}
