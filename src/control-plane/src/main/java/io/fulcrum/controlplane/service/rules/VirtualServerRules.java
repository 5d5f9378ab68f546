package io.fulcrum.controlplane.service.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.service.ApiProblem;
import io.fulcrum.controlplane.service.ModelService.Written;
import io.fulcrum.controlplane.service.Precondition;
import io.fulcrum.controlplane.service.Stored;
import io.fulcrum.controlplane.service.commit.GroupCommitted;
import io.fulcrum.controlplane.service.read.ModelReads;
import io.fulcrum.controlplane.service.revision.Kind;
import io.fulcrum.controlplane.service.revision.Revisions;
import io.fulcrum.controlplane.store.DirectorRow;
import io.fulcrum.controlplane.store.DirectorStore;
import io.fulcrum.controlplane.store.RealServerRow;
import io.fulcrum.controlplane.store.RealServerStore;
import io.fulcrum.controlplane.store.RevisionStore.Stamp;
import io.fulcrum.controlplane.store.VirtualServerRow;
import io.fulcrum.controlplane.store.VirtualServerStore;
import io.fulcrum.controlplane.store.VrrpGroupRow;
import io.fulcrum.controlplane.store.VrrpGroupStore;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.Validator;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a write of a virtual server may do. A put without real servers keeps the stored ones, which
 * must fit the changed virtual server (409); its VRRP group and directors must exist (400); every
 * group tracking it must still be served by it (409); no other virtual server may be the same
 * service (409). Its real servers then become the given set: unchanged ones keep their version. A
 * delete is refused while a VRRP group tracks the virtual server.
 */
@ApplicationScoped
public class VirtualServerRules {
    @Inject
    VirtualServerStore virtualServers;

    @Inject
    RealServerStore realServers;

    @Inject
    VrrpGroupStore groups;

    @Inject
    DirectorStore directors;

    @Inject
    ModelReads reads;

    @Inject
    Revisions revisions;

    /** {@code replaceRealServers}: the given real servers are the whole set; otherwise the stored ones stay. */
    @GroupCommitted
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ApiProblem.class)
    public Written<VirtualServer> put(VirtualServer v, boolean replaceRealServers, Precondition pre, String actor) {
        VirtualServerRow row = virtualServers.lock(v.name());
        Stored<VirtualServer> before = row == null ? null : reads.stored(row);
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
                    unfit.add(new FieldError(
                            e.field(),
                            "real server '" + r.name() + "' (kept: the body has no realServers) " + e.message()));
                }
            }
            if (!unfit.isEmpty()) throw ApiProblem.conflict(unfit);
        }

        List<FieldError> invalid = new ArrayList<>();
        VrrpGroupRow groupRow = v.vrrpGroup() == null ? null : groups.find(v.vrrpGroup());
        Set<String> knownDirectors = new HashSet<>();
        List<Long> directorIds = new ArrayList<>();
        for (String d : v.directors()) {
            DirectorRow dr = directors.find(d);
            if (dr != null) {
                knownDirectors.add(d);
                directorIds.add(dr.id);
            }
        }
        Validator.checkReferences(
                v,
                groupRow == null ? null : reads.stored(groupRow).value(),
                groupRow != null,
                knownDirectors,
                "",
                invalid);
        if (!invalid.isEmpty()) throw ApiProblem.invalid(invalid);
        List<FieldError> tracking = new ArrayList<>();
        for (VrrpGroup tracker : trackers(v.name())) {
            String unserved = Validator.unservedMember(tracker, v);
            if (unserved != null) {
                tracking.add(new FieldError(
                        v.vrrpGroup() != null ? "/vrrpGroup" : "/directors",
                        "VRRP group '" + tracker.name() + "' tracks this virtual server (trackVirtualServers): "
                                + Validator.trackedNotServed(tracker, v, unserved)));
            }
        }
        if (!tracking.isEmpty()) throw ApiProblem.conflict(tracking);
        String taken = serviceOwner(v.service(), v.name());
        if (taken != null) {
            throw ApiProblem.conflict(
                    v.service() instanceof VirtualServer.FwmarkService ? "/fwmark" : "/address",
                    "virtual server '" + taken + "' is already this service (" + describe(v.service()) + ")");
        }

        boolean created = row == null;
        if (created) row = Rows.newRow(new VirtualServerRow(), v.name());
        row.family = Rows.family(v.service().family());
        row.address = null;
        row.port = null;
        row.protocol = null;
        row.fwmark = null;
        if (v.service() instanceof VirtualServer.InetService s) {
            row.address = Addresses.format(s.address());
            row.port = s.port();
            row.protocol = s.protocol().name().toLowerCase();
        } else {
            row.fwmark = ((VirtualServer.FwmarkService) v.service()).fwmark();
        }
        row.vrrpGroupId = groupRow == null ? null : groupRow.id;
        Rows.touch(row, DocumentCodec.encode(v, false), created);
        if (created) virtualServers.persist(row);
        virtualServers.flush();
        virtualServers.replaceDirectors(row, directorIds);
        List<Long> written = syncRealServers(row, v);
        long rev = revisions.commit(
                actor,
                Kind.VIRTUAL_SERVER,
                v.name(),
                before == null ? null : DocumentCodec.encode(before.value(), true),
                DocumentCodec.encode(v, true),
                Stamp.virtualServer(row.id, written));
        Stored.Meta m = ModelReads.meta(row, rev);
        String etag = ModelReads.etag(row, realServers.of(row.id));
        return new Written<>(
                new Stored<>(v, new Stored.Meta(m.version(), rev, m.createdAt(), m.updatedAt(), etag)), created);
    }

    /**
     * Brings the stored real servers to {@code v}'s set: updates what changed, keeps what did not;
     * the ids of the rows written. Removed rows go first (a family change cascades through the
     * (id, family) key only if the old rows go first), then new rows, then changed ones, by name.
     */
    private List<Long> syncRealServers(VirtualServerRow vsRow, VirtualServer v) {
        Map<String, RealServerRow> existing = new HashMap<>();
        for (RealServerRow r : realServers.of(vsRow.id)) existing.put(r.name, r);
        boolean familyChanged = existing.values().stream().anyMatch(r -> r.family != vsRow.family);
        Set<String> keep = new HashSet<>();
        for (RealServer r : v.realServers()) keep.add(r.name());
        for (RealServerRow r : existing.values()) {
            if (!keep.contains(r.name) || familyChanged) realServers.delete(r.id);
        }
        List<Long> written = new ArrayList<>();
        List<RealServerRow> changed = new ArrayList<>();
        for (RealServer r : v.realServers()) {
            RealServerRow row = familyChanged ? null : existing.get(r.name());
            boolean created = row == null;
            row = write(vsRow, row, r, v);
            if (row == null) continue;
            if (created) {
                realServers.insert(row);
            } else {
                changed.add(row);
            }
            written.add(row.id);
        }
        changed.sort(Comparator.comparing(r -> r.name));
        for (RealServerRow r : changed) realServers.update(r);
        return written;
    }

    /** The real server's row with {@code r}'s columns (a new one when {@code row} is null); null when nothing changed. */
    private static RealServerRow write(VirtualServerRow vsRow, RealServerRow row, RealServer r, VirtualServer parent) {
        ObjectNode spec = DocumentCodec.encode(r);
        int port = Validator.effectivePort(parent, r);
        // the same spec may stand for another endpoint: a real server without a port of its own follows its virtual
        // server's
        if (row != null && Stored.json(row.spec).equals(spec) && row.port == port) return null;
        boolean created = row == null;
        if (created) {
            row = Rows.newRow(new RealServerRow(), r.name());
            row.virtualServerId = vsRow.id;
        }
        row.family = Rows.family(r.family());
        row.address = Addresses.format(r.address());
        row.port = port;
        Rows.touch(row, spec, created);
        return row;
    }

    @GroupCommitted
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ApiProblem.class)
    public void delete(String name, Precondition pre, String actor) {
        VirtualServerRow row = virtualServers.lock(name);
        if (row == null) throw ApiProblem.notFound("virtual server '" + name + "'");
        Stored<VirtualServer> before = reads.stored(row);
        pre.check(before.meta());
        List<FieldError> refs = new ArrayList<>();
        for (VrrpGroup g : trackers(name))
            refs.add(new FieldError(
                    "name", "VRRP group '" + g.name() + "' tracks this virtual server (trackVirtualServers)"));
        if (!refs.isEmpty()) throw ApiProblem.conflict(refs);
        virtualServers.remove(row);
        revisions.commit(actor, Kind.VIRTUAL_SERVER, name, DocumentCodec.encode(before.value(), true), null);
    }

    /** The VRRP groups whose trackVirtualServers name the virtual server {@code name}. */
    private List<VrrpGroup> trackers(String name) {
        String wanted = DocumentCodec.JSON
                .createArrayNode()
                .add(DocumentCodec.JSON.createObjectNode().put("virtualServer", name))
                .toString();
        List<VrrpGroup> out = new ArrayList<>();
        for (String spec : groups.trackingSpecs(wanted)) out.add(DocumentCodec.decodeVrrpGroup(Stored.json(spec)));
        return out;
    }

    /** The other virtual server that is this service already, or null. */
    private String serviceOwner(VirtualServer.Service s, String exceptName) {
        List<String> owners = s instanceof VirtualServer.InetService i
                ? virtualServers.withAddress(
                        i.protocol().name().toLowerCase(), Addresses.format(i.address()), i.port(), exceptName)
                : virtualServers.withFwmark(
                        Rows.family(s.family()), ((VirtualServer.FwmarkService) s).fwmark(), exceptName);
        return owners.isEmpty() ? null : owners.get(0);
    }

    private static String describe(VirtualServer.Service s) {
        if (s instanceof VirtualServer.InetService i)
            return i.protocol().name().toLowerCase() + " " + Addresses.format(i.address()) + " port " + i.port();
        return "fwmark " + ((VirtualServer.FwmarkService) s).fwmark();
    }
}
