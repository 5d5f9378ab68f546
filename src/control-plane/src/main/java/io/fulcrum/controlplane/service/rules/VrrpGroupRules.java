package io.fulcrum.controlplane.service.rules;

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
import io.fulcrum.controlplane.store.RevisionStore.Stamp;
import io.fulcrum.controlplane.store.VirtualServerRow;
import io.fulcrum.controlplane.store.VirtualServerStore;
import io.fulcrum.controlplane.store.VrrpGroupRow;
import io.fulcrum.controlplane.store.VrrpGroupStore;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.Enums;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.Secret;
import io.fulcrum.model.Validator;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a write of a VRRP group may do. A put: a replace without a password keeps the stored one;
 * every member must be a known director on which no other group uses the VRID on that interface and
 * family (409); tracked virtual servers must exist and be served by every member (each locked, so a
 * concurrent change of one waits or is seen); the virtual servers the group carries keep their
 * addresses (409). A delete is refused while a virtual server is carried by the group.
 */
@ApplicationScoped
public class VrrpGroupRules {
    @Inject
    VrrpGroupStore groups;

    @Inject
    DirectorStore directors;

    @Inject
    VirtualServerStore virtualServers;

    @Inject
    ModelReads reads;

    @Inject
    Revisions revisions;

    @GroupCommitted
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ApiProblem.class)
    public Written<VrrpGroup> put(VrrpGroup g, Precondition pre, String actor) {
        VrrpGroupRow row = groups.lock(g.name());
        Stored<VrrpGroup> before = row == null ? null : reads.stored(row);
        pre.check(before == null ? null : before.meta());

        // a replace without a password keeps the stored one
        if (g.authentication() != null
                && g.authentication().type() == Enums.AuthType.PASS
                && g.authentication().password() == null) {
            if (row == null || row.authPassword == null) {
                throw ApiProblem.invalid(
                        List.of(new FieldError("/authentication/password", "is required for type pass")));
            }
            g = g.withAuthentication(new VrrpGroup.Authentication(Enums.AuthType.PASS, new Secret(row.authPassword)));
        }
        List<FieldError> invalid = new ArrayList<>();
        List<FieldError> conflicts = new ArrayList<>();
        Map<String, Long> directorIds = new LinkedHashMap<>();
        short family = Rows.family(g.family());
        for (int i = 0; i < g.members().size(); i++) {
            String d = g.members().get(i).director();
            DirectorRow dr = directors.find(d);
            if (dr == null) {
                invalid.add(new FieldError("/members/" + i + "/director", "no director named '" + d + "'"));
                continue;
            }
            directorIds.put(d, dr.id);
            List<String> other = groups.vridUsers(dr.id, g.iface(), family, (short) g.vrid(), g.name());
            if (!other.isEmpty()) conflicts.add(new FieldError("/vrid", Validator.vridCollision(g, d, other.get(0))));
        }
        // each tracked virtual server locked: a concurrent delete or change of it waits for this write, or this one
        // sees it
        Validator.checkTrackedVirtualServers(
                g,
                name -> {
                    VirtualServerRow vr = virtualServers.lock(name);
                    return vr == null ? null : DocumentCodec.decodeVirtualServer(Stored.json(vr.spec));
                },
                "",
                invalid,
                conflicts);
        if (g.syncGroup() != null && g.syncGroupNotify() != null) {
            // a sync group has one set of hooks
            for (String spec : groups.syncGroupHookSpecs(g.syncGroup(), g.name())) {
                String conflict = Validator.syncGroupHooksConflict(g, DocumentCodec.decodeVrrpGroup(Stored.json(spec)));
                if (conflict != null) {
                    conflicts.add(new FieldError("/syncGroupNotify", conflict));
                    break;
                }
            }
        }
        if (row != null) {
            // the virtual servers this group carries must keep their address
            Set<String> carried = new HashSet<>();
            for (var v : g.virtualAddresses())
                carried.add(Addresses.format(v.address().address()));
            for (Object[] vs : virtualServers.addressesCarriedBy(row.id)) {
                if (!carried.contains((String) vs[1])) {
                    conflicts.add(new FieldError(
                            "/virtualAddresses",
                            "virtual server '" + vs[0] + "' uses address " + vs[1] + " of this group"));
                }
            }
        }
        if (!invalid.isEmpty()) throw ApiProblem.invalid(invalid);
        if (!conflicts.isEmpty()) throw ApiProblem.conflict(conflicts);

        boolean created = row == null;
        if (created) row = Rows.newRow(new VrrpGroupRow(), g.name());
        row.vrid = (short) g.vrid();
        row.iface = g.iface();
        row.family = family;
        row.authPassword = g.authentication() != null && g.authentication().password() != null
                ? g.authentication().password().reveal()
                : null;
        Rows.touch(row, DocumentCodec.encode(g, false), created);
        if (created) groups.persist(row);
        groups.flush();
        groups.replaceMembers(row, directorIds.values());
        long rev = revisions.commit(
                actor,
                Kind.VRRP_GROUP,
                g.name(),
                before == null ? null : DocumentCodec.encode(before.value(), false),
                DocumentCodec.encode(g, false),
                Stamp.vrrpGroup(row.id));
        return new Written<>(new Stored<>(g, ModelReads.meta(row, rev)), created);
    }

    @GroupCommitted
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ApiProblem.class)
    public void delete(String name, Precondition pre, String actor) {
        VrrpGroupRow row = groups.lock(name);
        if (row == null) throw ApiProblem.notFound("VRRP group '" + name + "'");
        Stored<VrrpGroup> before = reads.stored(row);
        pre.check(before.meta());
        List<FieldError> refs = new ArrayList<>();
        for (String v : virtualServers.carriedBy(row.id))
            refs.add(new FieldError("name", "virtual server '" + v + "' is carried by this group"));
        if (!refs.isEmpty()) throw ApiProblem.conflict(refs);
        groups.remove(row);
        revisions.commit(actor, Kind.VRRP_GROUP, name, DocumentCodec.encode(before.value(), false), null);
    }
}
