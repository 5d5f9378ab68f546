package io.fulcrum.controlplane.service.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.controlplane.service.ApiProblem;
import io.fulcrum.controlplane.service.ModelService.Written;
import io.fulcrum.controlplane.service.Precondition;
import io.fulcrum.controlplane.service.Stored;
import io.fulcrum.controlplane.service.commit.GroupCommit;
import io.fulcrum.controlplane.service.commit.GroupCommitted;
import io.fulcrum.controlplane.service.read.ModelReads;
import io.fulcrum.controlplane.service.revision.Kind;
import io.fulcrum.controlplane.service.revision.Revisions;
import io.fulcrum.controlplane.store.RealServerRow;
import io.fulcrum.controlplane.store.RealServerStore;
import io.fulcrum.controlplane.store.RealServerStore.Columns;
import io.fulcrum.controlplane.store.RealServerStore.Committed;
import io.fulcrum.controlplane.store.RealServerStore.ReplaceRead;
import io.fulcrum.controlplane.store.VirtualServerRow;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.Validator;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What a write of a real server may do: its virtual server must exist (404), it must be valid there
 * (400), the precondition must hold (412) and no other real server of the virtual server may have
 * its address and port (409). The hot path of automation, so written in as few statements as can
 * be: see {@link #put}.
 */
@ApplicationScoped
public class RealServerRules {
    @Inject
    RealServerStore realServers;

    @Inject
    ModelReads reads;

    @Inject
    Revisions revisions;

    @Inject
    ParentCache parents;

    @Inject
    GroupCommit groupCommit;

    @Inject
    RealServerCreates creates;

    /**
     * Creates or replaces a real server. A plain create (no If-Match) whose virtual server is known
     * as last read is written together with the other creates waiting for the same transaction, by
     * one statement ({@link RealServerCreates}). Anything else, and a create that statement did not
     * write (its virtual server changed, or the name or endpoint is taken), takes {@link #write},
     * which decides and reports.
     */
    public Written<RealServer> put(String vs, RealServer r, Precondition pre, String actor) {
        if (pre.createOnly() && pre.ifMatch() == null) {
            RealServerCreates.Create create = RealServerCreates.Create.of(parents.lastRead(vs), vs, r, actor);
            if (create != null) {
                @SuppressWarnings("unchecked")
                Written<RealServer> created =
                        (Written<RealServer>) call(() -> groupCommit.runCombined(creates, create));
                if (created != null) return created;
            }
        }
        return write(vs, r, pre, actor); // ArC intercepts calls within the bean too: this runs in a group commit
    }

    /**
     * Creates or replaces a real server in two statements: one read that also locks (the virtual
     * server, this real server and any other one with its address and port) and one write that also
     * commits the revision and audit record. Every refusal comes before the write, so it needs no
     * savepoint of its own in a group commit.
     */
    @GroupCommitted(savepoint = false)
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ApiProblem.class)
    public Written<RealServer> write(String vs, RealServer r, Precondition pre, String actor) {
        ReplaceRead read = realServers.readForReplace(vs, r.name(), Addresses.format(r.address()), r.port());
        if (!read.parentFound()) throw ApiProblem.notFound("virtual server '" + vs + "'");
        VirtualServer parent = parents.get(read.parentId(), read.parentVersion(), read.parentSpec());
        List<FieldError> errors = new ArrayList<>();
        Validator.checkRealServer(parent, r, "", errors);
        if (!errors.isEmpty()) throw ApiProblem.invalid(errors);
        RealServerRow existing = read.existing();
        pre.check(existing == null ? null : ModelReads.meta(existing));
        if (read.endpointTakenBy() != null) {
            throw ApiProblem.conflict(
                    "/address", "real server '" + read.endpointTakenBy() + "' already has this address and port");
        }

        Columns col = new Columns(
                Rows.family(r.family()),
                Addresses.format(r.address()),
                Validator.effectivePort(parent, r),
                DocumentCodec.encode(r).toString(),
                Rows.now());
        String resource = vs + "/" + r.name();
        Committed done;
        if (existing == null) {
            done = realServers.insertCommitting(
                    read.parentId(), r.name(), col, actor, Kind.REAL_SERVER.wire, resource, col.spec());
        } else {
            String before = DocumentCodec.encode(DocumentCodec.decodeRealServer(Stored.json(existing.spec), parent))
                    .toString();
            boolean changed = !Stored.json(existing.spec).equals(Stored.json(col.spec()));
            done = realServers.updateCommitting(
                    existing.id, col, changed, actor, Kind.REAL_SERVER.wire, resource, before, col.spec());
        }
        revisions.invalidateOnCommit();
        return new Written<>(
                new Stored<>(r, new Stored.Meta(done.version(), done.revision(), done.createdAt(), done.updatedAt())),
                existing == null);
    }

    @GroupCommitted
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ApiProblem.class)
    public void delete(String vs, String name, Precondition pre, String actor) {
        VirtualServerRow vsRow = reads.virtualServerRow(vs);
        RealServerRow row = realServers.find(vsRow.id, name, true);
        if (row == null) throw ApiProblem.notFound("real server '" + name + "' of virtual server '" + vs + "'");
        pre.check(ModelReads.meta(row));
        String before = row.spec;
        realServers.delete(row.id);
        revisions.commit(actor, Kind.REAL_SERVER, vs + "/" + name, (ObjectNode) Stored.json(before), null);
    }

    /** {@code write}'s result; its unchecked failures as they are, checked ones wrapped (none is expected). */
    private static Object call(Callable<Object> write) {
        try {
            return write.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
