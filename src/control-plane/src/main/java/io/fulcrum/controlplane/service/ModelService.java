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
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
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
 * directors, VRRP groups, virtual and real servers. A write locks the rows it changes (so If-Match
 * cannot lose an update), runs every check, writes, and ends with {@link Revisions#commit}: one
 * revision, one audit record. PostgreSQL's constraints back every check against racing writers.
 * Writes run through {@link GroupCommit}: concurrent writes share a transaction, each in its own
 * savepoint, so any refusal undoes that write alone.
 */
@ApplicationScoped
public class ModelService {
    @Inject EntityManager em;
    @Inject Revisions revisions;
    @Inject ParentCache parents;
    @Inject GroupCommit groupCommit;
    @Inject RealServerCreates creates;

    // ------------------------------------------------------------------ directors

    /** The agent's last status report (counters, drift, VRRP, health, events) as JSON, or null. */
    @Transactional
    public String agentStatus(String name) {
        DirectorRow row = director(name);
        List<?> r = em.createNativeQuery("SELECT CAST(agent_status AS text) FROM director WHERE id = ?1").setParameter(1, row.id).getResultList();
        return r.isEmpty() ? null : (String) r.get(0);
    }

    /** A director with its live status, read in one transaction. */
    @Transactional
    public ModelReader.DirectorView getDirectorView(String name) { return directorView(director(name)); }

    @Transactional
    public Page<ModelReader.DirectorView> listDirectors(int limit, String pageToken, List<String> labels) {
        return page(DirectorRow.class, "director", limit, pageToken, labels, this::directorView);
    }

    @GroupCommitted
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ApiProblem.class)
    public Written<Director> putDirector(Director d, Precondition pre, String actor) {
        DirectorRow row = lock(DirectorRow.class, d.name());
        Stored<Director> before = row == null ? null : storedDirector(row);
        pre.check(before == null ? null : before.meta());
        boolean created = row == null;
        if (created) row = newRow(new DirectorRow(), d.name());
        row.managementAddress = Addresses.format(d.managementAddress());
        touch(row, DocumentCodec.encode(d), created);
        if (created) em.persist(row);
        long rev = revisions.commit(actor, Kind.DIRECTOR, d.name(), before == null ? null : DocumentCodec.encode(before.value()),
                DocumentCodec.encode(d), Revisions.Stamp.of("director", row.id));
        return new Written<>(new Stored<>(d, meta(row, rev)), created);
    }

    @GroupCommitted
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ApiProblem.class)
    public void deleteDirector(String name, Precondition pre, String actor) {
        DirectorRow row = director(name, true);
        Stored<Director> before = storedDirector(row);
        pre.check(before.meta());
        List<String> groups = strings("SELECT g.name FROM vrrp_member m JOIN vrrp_group g ON g.id = m.group_id WHERE m.director_id = ?1 ORDER BY 1", row.id);
        List<String> servers = strings("SELECT v.name FROM virtual_server_director l JOIN virtual_server v ON v.id = l.virtual_server_id WHERE l.director_id = ?1 ORDER BY 1", row.id);
        List<FieldError> refs = new ArrayList<>();
        for (String g : groups) refs.add(new FieldError("name", "VRRP group '" + g + "' has this director as a member"));
        for (String v : servers) refs.add(new FieldError("name", "virtual server '" + v + "' is served by this director"));
        if (!refs.isEmpty()) throw ApiProblem.conflict(refs);
        em.remove(row);
        revisions.commit(actor, Kind.DIRECTOR, name, DocumentCodec.encode(before.value()), null);
    }

    private DirectorRow director(String name) { return director(name, false); }

    private DirectorRow director(String name, boolean forUpdate) {
        DirectorRow row = forUpdate ? lock(DirectorRow.class, name) : find(DirectorRow.class, name);
        if (row == null) throw ApiProblem.notFound("director '" + name + "'");
        return row;
    }

    private Stored<Director> storedDirector(DirectorRow row) {
        return new Stored<>(DocumentCodec.decodeDirector(Stored.json(row.spec)), meta(row));
    }

    /** A director with its live status (written by agent connections), from the same row. */
    private ModelReader.DirectorView directorView(DirectorRow row) {
        return new ModelReader.DirectorView(storedDirector(row), new DirectorStatus(DirectorStatus.connected(row.connected, row.lastSeen), row.lastSeen, row.appliedRevision,
                row.lastNack == null ? null : Stored.json(row.lastNack), row.agentVersion));
    }

    /**
     * A director's live status. {@code connected} only while its agent's replica keeps marking it
     * seen: a replica that died cannot leave a director connected for longer than {@link #SILENCE}.
     */
    public record DirectorStatus(boolean connected, OffsetDateTime lastSeen, Long appliedRevision, JsonNode lastNack, String agentVersion) {
        public static final java.time.Duration SILENCE = java.time.Duration.ofSeconds(35);

        /** Connected as its row says, and seen within {@link #SILENCE}. */
        public static boolean connected(boolean marked, OffsetDateTime lastSeen) {
            return marked && lastSeen != null && lastSeen.isAfter(now().minus(SILENCE));
        }
    }

    // ------------------------------------------------------------------ VRRP groups

    @Transactional
    public Stored<VrrpGroup> getVrrpGroup(String name) { return storedGroup(group(name)); }

    @Transactional
    public Page<Stored<VrrpGroup>> listVrrpGroups(int limit, String pageToken, List<String> labels) {
        return page(VrrpGroupRow.class, "vrrp_group", limit, pageToken, labels, this::storedGroup);
    }

    @GroupCommitted
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ApiProblem.class)
    public Written<VrrpGroup> putVrrpGroup(VrrpGroup g, Precondition pre, String actor) {
        VrrpGroupRow row = lock(VrrpGroupRow.class, g.name());
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
        // each tracked virtual server locked: a concurrent delete or change of it waits for this write, or this one sees it
        Validator.checkTrackedVirtualServers(g, name -> {
            VirtualServerRow vr = lock(VirtualServerRow.class, name);
            return vr == null ? null : DocumentCodec.decodeVirtualServer(Stored.json(vr.spec));
        }, "", invalid, conflicts);
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
        if (created) row = newRow(new VrrpGroupRow(), g.name());
        row.vrid = (short) g.vrid();
        row.iface = g.iface();
        row.family = family;
        row.authPassword = g.authentication() != null && g.authentication().password() != null ? g.authentication().password().reveal() : null;
        touch(row, DocumentCodec.encode(g, false), created);
        if (created) em.persist(row);
        em.flush();
        em.createNativeQuery("DELETE FROM vrrp_member WHERE group_id = ?1").setParameter(1, row.id).executeUpdate();
        for (Long did : directorIds.values()) {
            em.createNativeQuery("INSERT INTO vrrp_member (group_id, director_id, vrid, iface, family) VALUES (?1, ?2, ?3, ?4, ?5)")
                    .setParameter(1, row.id).setParameter(2, did).setParameter(3, row.vrid).setParameter(4, row.iface)
                    .setParameter(5, row.family).executeUpdate();
        }
        long rev = revisions.commit(actor, Kind.VRRP_GROUP, g.name(), before == null ? null : DocumentCodec.encode(before.value(), false),
                DocumentCodec.encode(g, false), Revisions.Stamp.of("vrrp_group", row.id));
        return new Written<>(new Stored<>(g, meta(row, rev)), created);
    }

    @GroupCommitted
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ApiProblem.class)
    public void deleteVrrpGroup(String name, Precondition pre, String actor) {
        VrrpGroupRow row = lock(VrrpGroupRow.class, name);
        if (row == null) throw ApiProblem.notFound("VRRP group '" + name + "'");
        Stored<VrrpGroup> before = storedGroup(row);
        pre.check(before.meta());
        List<FieldError> refs = new ArrayList<>();
        for (String v : strings("SELECT name FROM virtual_server WHERE vrrp_group_id = ?1 ORDER BY 1", row.id)) {
            refs.add(new FieldError("name", "virtual server '" + v + "' is carried by this group"));
        }
        if (!refs.isEmpty()) throw ApiProblem.conflict(refs);
        em.remove(row);
        revisions.commit(actor, Kind.VRRP_GROUP, name, DocumentCodec.encode(before.value(), false), null);
    }

    private VrrpGroupRow group(String name) {
        VrrpGroupRow row = find(VrrpGroupRow.class, name);
        if (row == null) throw ApiProblem.notFound("VRRP group '" + name + "'");
        return row;
    }

    private Stored<VrrpGroup> storedGroup(VrrpGroupRow row) {
        return new Stored<>(Stored.vrrpGroup(row.spec, row.authPassword), meta(row));
    }

    // ------------------------------------------------------------------ virtual servers

    @Transactional
    public Stored<VirtualServer> getVirtualServer(String name) { return storedVirtualServer(virtualServer(name)); }

    @Transactional
    public Page<Stored<VirtualServer>> listVirtualServers(int limit, String pageToken, List<String> labels) {
        return page(VirtualServerRow.class, "virtual_server", limit, pageToken, labels, this::storedVirtualServer);
    }

    /** {@code replaceRealServers}: the given real servers are the whole set; otherwise the stored ones stay. */
    @GroupCommitted
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ApiProblem.class)
    public Written<VirtualServer> putVirtualServer(VirtualServer v, boolean replaceRealServers, Precondition pre, String actor) {
        VirtualServerRow row = lock(VirtualServerRow.class, v.name());
        Stored<VirtualServer> before = row == null ? null : storedVirtualServer(row);
        pre.check(before == null ? null : before.meta());
        if (!replaceRealServers) {
            v = v.withRealServers(before == null ? List.of() : before.value().realServers());
            // the stored real servers stay: they must fit the changed virtual server (its family, its health check)
            List<FieldError> unfit = new ArrayList<>();
            for (int i = 0; i < v.realServers().size(); i++) {
                RealServer r = v.realServers().get(i);
                List<FieldError> errors = new ArrayList<>();
                Validator.checkRealServer(v, r, "/realServers/" + i, errors);
                for (FieldError e : errors) {
                    unfit.add(new FieldError(e.field(), "real server '" + r.name() + "' (kept: the body has no realServers) " + e.message()));
                }
            }
            if (!unfit.isEmpty()) throw ApiProblem.conflict(unfit);
        }

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
        List<FieldError> tracking = new ArrayList<>();
        for (VrrpGroup tracker : trackers(v.name())) {
            String unserved = Validator.unservedMember(tracker, v);
            if (unserved != null) {
                tracking.add(new FieldError(v.vrrpGroup() != null ? "/vrrpGroup" : "/directors", "VRRP group '" + tracker.name()
                        + "' tracks this virtual server (trackVirtualServers): " + Validator.trackedNotServed(tracker, v, unserved)));
            }
        }
        if (!tracking.isEmpty()) throw ApiProblem.conflict(tracking);
        String taken = serviceOwner(v.service(), v.name());
        if (taken != null) {
            throw ApiProblem.conflict(v.service() instanceof VirtualServer.FwmarkService ? "/fwmark" : "/address",
                    "virtual server '" + taken + "' is already this service (" + describe(v.service()) + ")");
        }

        boolean created = row == null;
        if (created) row = newRow(new VirtualServerRow(), v.name());
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
        touch(row, DocumentCodec.encode(v, false), created);
        if (created) em.persist(row);
        em.flush();
        em.createNativeQuery("DELETE FROM virtual_server_director WHERE virtual_server_id = ?1").setParameter(1, row.id).executeUpdate();
        for (Long did : directorIds) {
            em.createNativeQuery("INSERT INTO virtual_server_director (virtual_server_id, director_id) VALUES (?1, ?2)")
                    .setParameter(1, row.id).setParameter(2, did).executeUpdate();
        }
        List<Long> written = syncRealServers(row, v);
        long rev = revisions.commit(actor, Kind.VIRTUAL_SERVER, v.name(), before == null ? null : DocumentCodec.encode(before.value(), true),
                DocumentCodec.encode(v, true), Revisions.Stamp.of("virtual_server", row.id), new Revisions.Stamp("real_server", written));
        Stored.Meta m = meta(row, rev);
        return new Written<>(new Stored<>(v, new Stored.Meta(m.version(), rev, m.createdAt(), m.updatedAt(), etag(row, realServerRows(row.id)))), created);
    }

    /** Brings the stored real servers to {@code v}'s set: updates what changed, keeps what did not. */
    private List<Long> syncRealServers(VirtualServerRow vsRow, VirtualServer v) {
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
        List<Long> written = new ArrayList<>();
        for (RealServer r : v.realServers()) {
            RealServerRow row = familyChanged ? null : existing.get(r.name());
            RealServerRow changed = writeRealServer(vsRow, row, r, v);
            if (changed != null) written.add(changed.id);
        }
        return written;
    }

    /** Writes the real server's row (a new one when {@code row} is null); null when nothing changed. */
    private RealServerRow writeRealServer(VirtualServerRow vsRow, RealServerRow row, RealServer r, VirtualServer parent) {
        ObjectNode spec = DocumentCodec.encode(r);
        int port = Validator.effectivePort(parent, r);
        // the same spec may stand for another endpoint: a real server without a port of its own follows its virtual server's
        if (row != null && Stored.json(row.spec).equals(spec) && row.port == port) return null;
        boolean created = row == null;
        if (created) {
            row = newRow(new RealServerRow(), r.name());
            row.virtualServerId = vsRow.id;
        }
        row.family = family(r.family());
        row.address = Addresses.format(r.address());
        row.port = port;
        touch(row, spec, created);
        if (created) em.persist(row);
        return row;
    }

    @GroupCommitted
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ApiProblem.class)
    public void deleteVirtualServer(String name, Precondition pre, String actor) {
        VirtualServerRow row = lock(VirtualServerRow.class, name);
        if (row == null) throw ApiProblem.notFound("virtual server '" + name + "'");
        Stored<VirtualServer> before = storedVirtualServer(row);
        pre.check(before.meta());
        List<FieldError> refs = new ArrayList<>();
        for (VrrpGroup g : trackers(name)) refs.add(new FieldError("name", "VRRP group '" + g.name() + "' tracks this virtual server (trackVirtualServers)"));
        if (!refs.isEmpty()) throw ApiProblem.conflict(refs);
        em.remove(row);
        revisions.commit(actor, Kind.VIRTUAL_SERVER, name, DocumentCodec.encode(before.value(), true), null);
    }

    /** The VRRP groups whose trackVirtualServers name the virtual server {@code name}. */
    private List<VrrpGroup> trackers(String name) {
        String wanted = DocumentCodec.JSON.createArrayNode().add(DocumentCodec.JSON.createObjectNode().put("virtualServer", name)).toString();
        List<VrrpGroup> out = new ArrayList<>();
        for (String spec : strings("SELECT CAST(spec AS text) FROM vrrp_group WHERE spec -> 'trackVirtualServers' @> CAST(?1 AS jsonb) ORDER BY name", wanted)) {
            out.add(DocumentCodec.decodeVrrpGroup(Stored.json(spec)));
        }
        return out;
    }

    private VirtualServerRow virtualServer(String name) {
        VirtualServerRow row = find(VirtualServerRow.class, name);
        if (row == null) throw ApiProblem.notFound("virtual server '" + name + "'");
        return row;
    }

    private Stored<VirtualServer> storedVirtualServer(VirtualServerRow row) {
        VirtualServer v = DocumentCodec.decodeVirtualServer(Stored.json(row.spec));
        List<RealServerRow> rows = realServerRows(row.id);
        List<RealServer> rs = new ArrayList<>();
        for (RealServerRow r : rows) rs.add(DocumentCodec.decodeRealServer(Stored.json(r.spec), v));
        Stored.Meta m = meta(row);
        return new Stored<>(v.withRealServers(rs), new Stored.Meta(m.version(), m.revision(), m.createdAt(), m.updatedAt(), etag(row, rows)));
    }

    /**
     * A virtual server's representation includes its real servers, so its entity tag covers them:
     * its own version and a hash of its real servers' names and versions. Real-server writes thus
     * change it without writing (and locking) the virtual server's row.
     */
    private static String etag(VirtualServerRow row, List<RealServerRow> reals) {
        if (reals.isEmpty()) return "\"" + row.version + "\"";
        long h = 0xcbf29ce484222325L; // FNV-1a, 64 bits
        for (RealServerRow r : reals) {
            for (char c : (r.name + ":" + r.version + ";").toCharArray()) { h ^= c; h *= 0x100000001b3L; }
        }
        return "\"" + row.version + "-" + Long.toHexString(h) + "\"";
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
        return new Stored<>(DocumentCodec.decodeRealServer(Stored.json(row.spec), DocumentCodec.decodeVirtualServer(Stored.json(vsRow.spec))), meta(row));
    }

    @Transactional
    public Page<Stored<RealServer>> listRealServers(String vs, int limit, String pageToken, List<String> labels) {
        VirtualServerRow vsRow = virtualServer(vs);
        VirtualServer parent = DocumentCodec.decodeVirtualServer(Stored.json(vsRow.spec));
        return page(RealServerRow.class, "real_server", "virtual_server_id = " + vsRow.id, limit, pageToken, labels,
                r -> new Stored<>(DocumentCodec.decodeRealServer(Stored.json(r.spec), parent), meta(r)));
    }

    /**
     * Creates or replaces a real server: the hot path of automation. A plain create (no If-Match)
     * whose virtual server is known as last read is written together with the other creates waiting
     * for the same transaction, by one statement ({@link RealServerCreates}). Anything else, and a
     * create that statement did not write (its virtual server changed, or the name or endpoint is
     * taken), takes {@link #writeRealServer}, which decides and reports.
     */
    public Written<RealServer> putRealServer(String vs, RealServer r, Precondition pre, String actor) {
        if (pre.createOnly() && pre.ifMatch() == null) {
            RealServerCreates.Create create = RealServerCreates.Create.of(parents.lastRead(vs), vs, r, actor);
            if (create != null) {
                @SuppressWarnings("unchecked")
                Written<RealServer> created = (Written<RealServer>) call(() -> groupCommit.runCombined(creates, create));
                if (created != null) return created;
            }
        }
        return writeRealServer(vs, r, pre, actor); // ArC intercepts calls within the bean too: this runs in a group commit
    }

    /**
     * Creates or replaces a real server in plain JDBC, in two statements: one read that also locks
     * (the virtual server, this real server and any other one with its address and port) and one
     * write that also commits the revision and audit record. Every refusal comes before the write,
     * so it needs no savepoint of its own in a group commit.
     */
    @GroupCommitted(savepoint = false)
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ApiProblem.class)
    public Written<RealServer> writeRealServer(String vs, RealServer r, Precondition pre, String actor) {
        em.flush(); // writes of earlier requests in this transaction must be visible to the plain statements
        return em.unwrap(Session.class).doReturningWork(c -> replaceRealServer(c, vs, r, pre, actor));
    }

    /** {@code write}'s result; its unchecked failures as they are, checked ones wrapped (none is expected). */
    private static Object call(java.util.concurrent.Callable<Object> write) {
        try {
            return write.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String REAL_SERVER_READ = "SELECT v.id, v.version, v.spec, x.id, x.name, x.spec, x.version, x.revision, x.created_at, x.updated_at"
            + " FROM virtual_server v LEFT JOIN LATERAL (SELECT * FROM real_server s WHERE s.virtual_server_id = v.id"
            + " AND (s.name = ? OR (s.address = ? AND s.port = coalesce(?, v.port, 0))) FOR UPDATE) x ON true WHERE v.name = ? FOR SHARE OF v";
    private static final String REAL_SERVER_INSERT = "INSERT INTO real_server (virtual_server_id, family, name, address, port, spec, version, revision, created_at, updated_at)"
            + " SELECT ?, ?, ?, ?, ?, CAST(? AS jsonb), 1, value, ?, ? FROM r RETURNING id, version, created_at, updated_at";
    private static final String REAL_SERVER_UPDATE = "UPDATE real_server SET family = ?, address = ?, port = ?, spec = CAST(? AS jsonb),"
            + " version = version + ?, updated_at = CASE WHEN ? THEN ? ELSE updated_at END, revision = (SELECT value FROM r)"
            + " WHERE id = ? RETURNING id, version, created_at, updated_at";

    /** A real server's stored columns, as both its insert and its update write them. */
    private record Columns(short family, String address, int port, String spec, OffsetDateTime now) {
        /** How many parameters {@link #setInsert} sets: those of {@code REAL_SERVER_INSERT}. */
        static final int INSERT_PARAMETERS = 8;

        static Columns of(VirtualServer parent, RealServer r) {
            return new Columns(ModelService.family(r.family()), Addresses.format(r.address()), Validator.effectivePort(parent, r),
                    DocumentCodec.encode(r).toString(), ModelService.now());
        }

        void setInsert(PreparedStatement st, int first, long parentId, String name) throws SQLException {
            st.setLong(first, parentId); st.setShort(first + 1, family); st.setString(first + 2, name); st.setString(first + 3, address);
            st.setInt(first + 4, port); st.setString(first + 5, spec); st.setObject(first + 6, now); st.setObject(first + 7, now);
        }
    }

    /** Creates or replaces, after reading (and locking) what is there: every refusal with its reason. */
    private Written<RealServer> replaceRealServer(Connection c, String vs, RealServer r, Precondition pre, String actor) throws SQLException {
        long vsId = -1;
        VirtualServer parent = null;
        Long id = null;
        String same = null;
        String beforeSpec = null;
        Stored.Meta beforeMeta = null;
        try (PreparedStatement st = c.prepareStatement(REAL_SERVER_READ)) {
            st.setString(1, r.name());
            st.setString(2, Addresses.format(r.address()));
            st.setObject(3, r.port(), Types.INTEGER);
            st.setString(4, vs);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    if (parent == null) {
                        vsId = rs.getLong(1);
                        parent = parents.get(vsId, rs.getLong(2), rs.getString(3));
                    }
                    if (rs.getObject(4) == null) continue;
                    if (rs.getString(5).equals(r.name())) {
                        id = rs.getLong(4);
                        beforeSpec = rs.getString(6);
                        beforeMeta = new Stored.Meta(rs.getLong(7), rs.getLong(8), rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class));
                    } else {
                        same = rs.getString(5);
                    }
                }
            }
        }
        if (parent == null) throw ApiProblem.notFound("virtual server '" + vs + "'");
        List<FieldError> errors = new ArrayList<>();
        Validator.checkRealServer(parent, r, "", errors);
        if (!errors.isEmpty()) throw ApiProblem.invalid(errors);
        pre.check(beforeMeta);
        if (same != null) throw ApiProblem.conflict("/address", "real server '" + same + "' already has this address and port");

        Columns col = Columns.of(parent, r);
        String before = beforeSpec == null ? null : DocumentCodec.encode(DocumentCodec.decodeRealServer(Stored.json(beforeSpec), parent)).toString();
        boolean changed = before == null || !Stored.json(beforeSpec).equals(Stored.json(col.spec()));
        final Long existing = id;
        final long parentId = vsId;
        try (ResultSet rs = existing == null
                ? revisions.commitWith(c, REAL_SERVER_INSERT, st -> col.setInsert(st, 1, parentId, r.name()),
                        Columns.INSERT_PARAMETERS, actor, Kind.REAL_SERVER, vs + "/" + r.name(), null, col.spec())
                : revisions.commitWith(c, REAL_SERVER_UPDATE, st -> {
                    st.setShort(1, col.family()); st.setString(2, col.address()); st.setInt(3, col.port()); st.setString(4, col.spec());
                    st.setInt(5, changed ? 1 : 0); st.setBoolean(6, changed); st.setObject(7, col.now()); st.setLong(8, existing);
                }, 8, actor, Kind.REAL_SERVER, vs + "/" + r.name(), before, col.spec())) {
            long rev = rs.getLong(1);
            Stored.Meta meta = new Stored.Meta(rs.getLong(3), rev, rs.getObject(4, OffsetDateTime.class), rs.getObject(5, OffsetDateTime.class));
            return new Written<>(new Stored<>(r, meta), existing == null);
        }
    }

    @GroupCommitted
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ApiProblem.class)
    public void deleteRealServer(String vs, String name, Precondition pre, String actor) {
        VirtualServerRow vsRow = virtualServer(vs);
        RealServerRow row = find(vsRow, name, true);
        if (row == null) throw ApiProblem.notFound("real server '" + name + "' of virtual server '" + vs + "'");
        pre.check(meta(row));
        ObjectNode before = (ObjectNode) Stored.json(row.spec);
        em.remove(row);
        revisions.commit(actor, Kind.REAL_SERVER, vs + "/" + name, before, null);
    }

    private RealServerRow find(VirtualServerRow vsRow, String name, boolean forUpdate) {
        var q = em.createQuery("FROM RealServerRow WHERE virtualServerId = :vs AND name = :n", RealServerRow.class)
                .setParameter("vs", vsRow.id).setParameter("n", name);
        if (forUpdate) q.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        return q.getResultStream().findFirst().orElse(null);
    }

    private RealServerRow realServer(VirtualServerRow vsRow, String name) {
        RealServerRow row = find(vsRow, name, false);
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

    private <R extends ResourceRow, V> Page<V> page(Class<R> type, String table, int limit, String pageToken,
                                                    List<String> labels, Function<R, V> view) {
        return page(type, table, "true", limit, pageToken, labels, view);
    }

    @SuppressWarnings("unchecked")
    private <R extends ResourceRow, V> Page<V> page(Class<R> type, String table, String scope, int limit, String pageToken,
                                                    List<String> labels, Function<R, V> view) {
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
        List<V> items = new ArrayList<>();
        for (R r : rows.subList(0, Math.min(limit, rows.size()))) items.add(view.apply(r));
        return new Page<>(items, next);
    }

    /** The row, locked until commit (SELECT ... FOR UPDATE): a concurrent writer waits, then sees this one's change. */
    private <R extends ResourceRow> R lock(Class<R> type, String name) {
        return em.createQuery("FROM " + type.getSimpleName() + " WHERE name = :n", type).setParameter("n", name)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultStream().findFirst().orElse(null);
    }

    private <R extends ResourceRow> R newRow(R row, String name) {
        row.name = name;
        row.version = 0;
        row.createdAt = now();
        return row;
    }

    private void touch(ResourceRow row, ObjectNode spec, boolean created) {
        row.spec = spec.toString();
        row.version = created ? 1 : row.version + 1;
        row.updatedAt = now();
    }

    static OffsetDateTime now() { return OffsetDateTime.now(ZoneOffset.UTC); }

    private static short family(Enums.AddressFamily f) { return (short) (f == Enums.AddressFamily.INET ? 4 : 6); }

    private static Stored.Meta meta(ResourceRow r) { return new Stored.Meta(r.version, r.revision, r.createdAt, r.updatedAt); }

    /** The bookkeeping of a row written in this transaction, which commits as {@code rev}. */
    private static Stored.Meta meta(ResourceRow r, long rev) { return new Stored.Meta(r.version, rev, r.createdAt, r.updatedAt); }

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
