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
import io.fulcrum.controlplane.store.VirtualServerStore;
import io.fulcrum.controlplane.store.VrrpGroupStore;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.Director;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;

/**
 * What a write of a director may do. A put locks the row (so If-Match cannot lose an update) and
 * checks the precondition; a delete is refused (409) while a VRRP group has the director as a
 * member or a virtual server is served by it. Each write ends with one revision and audit record.
 */
@ApplicationScoped
public class DirectorRules {
    @Inject
    DirectorStore directors;

    @Inject
    VrrpGroupStore groups;

    @Inject
    VirtualServerStore virtualServers;

    @Inject
    ModelReads reads;

    @Inject
    Revisions revisions;

    @GroupCommitted
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ApiProblem.class)
    public Written<Director> put(Director d, Precondition pre, String actor) {
        DirectorRow row = directors.lock(d.name());
        Stored<Director> before = row == null ? null : reads.stored(row);
        pre.check(before == null ? null : before.meta());
        boolean created = row == null;
        if (created) row = Rows.newRow(new DirectorRow(), d.name());
        row.managementAddress = Addresses.format(d.managementAddress());
        Rows.touch(row, DocumentCodec.encode(d), created);
        if (created) directors.persist(row);
        long rev = revisions.commit(
                actor,
                Kind.DIRECTOR,
                d.name(),
                before == null ? null : DocumentCodec.encode(before.value()),
                DocumentCodec.encode(d),
                Stamp.director(row.id));
        return new Written<>(new Stored<>(d, ModelReads.meta(row, rev)), created);
    }

    @GroupCommitted
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ApiProblem.class)
    public void delete(String name, Precondition pre, String actor) {
        DirectorRow row = directors.lock(name);
        if (row == null) throw ApiProblem.notFound("director '" + name + "'");
        Stored<Director> before = reads.stored(row);
        pre.check(before.meta());
        List<FieldError> refs = new ArrayList<>();
        for (String g : groups.withMember(row.id))
            refs.add(new FieldError("name", "VRRP group '" + g + "' has this director as a member"));
        for (String v : virtualServers.servedBy(row.id))
            refs.add(new FieldError("name", "virtual server '" + v + "' is served by this director"));
        if (!refs.isEmpty()) throw ApiProblem.conflict(refs);
        directors.remove(row);
        revisions.commit(actor, Kind.DIRECTOR, name, DocumentCodec.encode(before.value()), null);
    }
}
