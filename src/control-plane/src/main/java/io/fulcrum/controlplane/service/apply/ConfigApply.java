package io.fulcrum.controlplane.service.apply;

import io.fulcrum.controlplane.service.ApiProblem;
import io.fulcrum.controlplane.service.Precondition;
import io.fulcrum.controlplane.service.apply.ApplySteps.CreateVirtualServers;
import io.fulcrum.controlplane.service.apply.ApplySteps.Delete;
import io.fulcrum.controlplane.service.apply.ApplySteps.PutDirector;
import io.fulcrum.controlplane.service.apply.ApplySteps.PutRealServer;
import io.fulcrum.controlplane.service.apply.ApplySteps.PutVirtualServer;
import io.fulcrum.controlplane.service.apply.ApplySteps.PutVrrpGroup;
import io.fulcrum.controlplane.service.apply.ApplySteps.Step;
import io.fulcrum.controlplane.service.read.DocumentCache;
import io.fulcrum.controlplane.service.read.ModelReads;
import io.fulcrum.controlplane.service.revision.Revisions;
import io.fulcrum.controlplane.service.rules.DirectorRules;
import io.fulcrum.controlplane.service.rules.RealServerRules;
import io.fulcrum.controlplane.service.rules.VirtualServerRules;
import io.fulcrum.controlplane.service.rules.VrrpGroupRules;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.plan.Plan;
import io.fulcrum.model.plan.PlanOptions;
import io.fulcrum.model.plan.Planner;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Plans a configuration document against the stored state, and applies it all or nothing.
 *
 * <p>An apply is one transaction. It first locks the revision row ({@link Revisions#lock}): no other
 * write commits until the apply ends, so the state it reads (with the stored secrets), plans on
 * ({@link Planner}, the same plan {@code plan} answers) and checks If-Match against cannot move under it.
 * Then every change goes through the write rules REST uses ({@code service.rules}), each with its own
 * revision and audit record as a REST write has, except the new virtual servers, which are written
 * together, a thousand per statement, with the same rows, revisions and audit records
 * ({@link VirtualServerCreates}): the agents' deltas, the cache and the audit trail work
 * per change already, so a one-real-server change in a large document pushes that real server alone. The
 * audit records carry the apply's id ({@link Revisions#tagApply}), which ties them together. Any refusal
 * or failure rolls the whole transaction back. A document that changes nothing writes nothing: no
 * revision, no announcement.
 *
 * <p>Writes are tried in {@link ApplySteps}' order (deletes first); one a rule refuses because of the
 * order (a director still serving a virtual server the document moves away; a new VRRP group tracking a
 * new virtual server it carries) is tried again after the others, until all are written or none moves.
 */
@ApplicationScoped
public class ConfigApply {
    private static final System.Logger LOG = System.getLogger(ConfigApply.class.getName());

    /**
     * An apply's transaction may take this long (the default is a minute): a document of 100,000
     * resources written from empty takes tens of seconds (docs/performance.md).
     */
    static final int APPLY_TIMEOUT_SECONDS = 600;

    @Inject
    ModelReads reads;

    @Inject
    Revisions revisions;

    @Inject
    DirectorRules directors;

    @Inject
    VrrpGroupRules vrrpGroups;

    @Inject
    VirtualServerRules virtualServers;

    @Inject
    RealServerRules realServers;

    @Inject
    VirtualServerCreates creates;

    @Inject
    DocumentCache documents;

    @Inject
    EntityManager em;

    /**
     * What an apply did: its plan, the revision after it (unchanged when nothing was written) and the
     * apply's id in the audit records (null when nothing was written).
     */
    public record Applied(Plan plan, long revision, String applyId) {}

    /** The plan of {@code desired} against the stored state (read in one transaction); nothing is written. */
    @Transactional
    public Plan plan(ConfigDocument desired, PlanOptions options) {
        ConfigDocument current = reads.export();
        em.clear();
        return Planner.plan(current, desired, options);
    }

    /**
     * Applies {@code desired} all or nothing. {@code ifMatch}: the revision the caller planned on (412
     * when the store has moved since), or null. A refused plan is a 400 naming every error by its
     * pointer into the document; nothing is written.
     */
    @Transactional
    @TransactionConfiguration(timeout = APPLY_TIMEOUT_SECONDS)
    public Applied apply(ConfigDocument desired, PlanOptions options, Long ifMatch, String actor) {
        try {
            long base = revisions.lock();
            if (ifMatch != null && ifMatch != base) {
                throw ApiProblem.preconditionFailed("the configuration has changed since revision " + ifMatch
                        + ": it is at revision " + base + "; plan again");
            }
            ConfigDocument current = reads.export();
            em.clear();
            Plan plan = Planner.plan(current, desired, options);
            if (plan.refused()) throw refused(plan);
            if (!plan.writes()) return new Applied(plan, base, null);
            String id = UUID.randomUUID().toString();
            revisions.tagApply(id);
            List<Step> steps = ApplySteps.of(plan, current, desired, options.prune());
            write(steps, actor);
            long now = revisions.current();
            // the next plan starts from what was written, without reading the store again
            ConfigDocument after = AppliedDocument.of(
                    current, steps, name -> reads.stored(reads.groupRow(name)).value(), now);
            if (after != null) revisions.onCommit(() -> documents.keep(after));
            LOG.log(Level.INFO, "apply {0} by {1}: revisions {2} to {3}", id, actor, base + 1, now);
            return new Applied(plan, now, id);
        } catch (PersistenceException e) {
            if (concurrent(e)) {
                throw ApiProblem.conflict(
                        "", "a concurrent write got in the way; nothing was applied: apply the document again");
            }
            throw e;
        }
    }

    /** The refusals of a plan as the problem it answers with. */
    public static ApiProblem refused(Plan plan) {
        return ApiProblem.invalid(plan.errors());
    }

    /**
     * Runs every step; a refused one again after the others, as long as any is written. The new
     * virtual servers are written together; those that cannot be (see {@link VirtualServerCreates})
     * go one by one right after, through the rules, which write them or say why not.
     */
    private void write(List<Step> steps, String actor) {
        List<Step> pending = steps;
        boolean split = false;
        while (!pending.isEmpty()) {
            Map<Step, ApiProblem> refused = new LinkedHashMap<>();
            boolean progress = false;
            for (Step step : pending) {
                List<? extends Step> one = List.of(step);
                if (step instanceof CreateVirtualServers c) {
                    one = creates.create(c.creates(), actor);
                    progress |= one.size() < c.creates().size();
                    em.clear();
                }
                for (Step s : one) {
                    try {
                        run(s, actor);
                        progress = true;
                    } catch (ApiProblem p) {
                        refused.put(s, p);
                    }
                    em.flush();
                    em.clear(); // the session holds no row of an earlier step: each flush checks only this one's
                }
            }
            if (!progress) {
                if (split || !splitTracking(refused.keySet())) throw stuck(refused);
                pending = splitTracked(refused.keySet());
                split = true;
                continue;
            }
            pending = new ArrayList<>(refused.keySet());
        }
    }

    private void run(Step s, String actor) {
        Precondition none = Precondition.NONE;
        if (s instanceof PutDirector p) {
            directors.put(p.director(), none, actor);
        } else if (s instanceof PutVrrpGroup p) {
            vrrpGroups.put(p.group(), none, actor);
        } else if (s instanceof PutVirtualServer p) {
            virtualServers.put(p.virtualServer(), true, none, actor);
        } else if (s instanceof PutRealServer p) {
            realServers.put(p.virtualServer(), p.realServer(), none, actor);
        } else if (s instanceof CreateVirtualServers c) {
            throw new IllegalStateException("written together, not one by one: " + c.describe());
        } else if (s instanceof Delete d) {
            switch (d.kind()) {
                case DIRECTOR -> directors.delete(d.name(), none, actor);
                case VRRP_GROUP -> vrrpGroups.delete(d.name(), none, actor);
                case VIRTUAL_SERVER -> virtualServers.delete(d.name(), none, actor);
                case REAL_SERVER -> realServers.delete(d.virtualServer(), d.name(), none, actor);
            }
        }
    }

    private static boolean splitTracking(Iterable<Step> steps) {
        for (Step s : steps)
            if (s instanceof PutVrrpGroup g && !g.group().trackVirtualServers().isEmpty()) return true;
        return false;
    }

    /** The steps with each VRRP group that tracks virtual servers written first without, and again with them last. */
    private static List<Step> splitTracked(Iterable<Step> steps) {
        List<Step> out = new ArrayList<>();
        List<Step> last = new ArrayList<>();
        for (Step s : steps) {
            if (s instanceof PutVrrpGroup g && !g.group().trackVirtualServers().isEmpty()) {
                out.add(new PutVrrpGroup(ApplySteps.untracked(g.group()), g.at()));
                last.add(s);
            } else {
                out.add(s);
            }
        }
        out.addAll(last);
        return out;
    }

    /** No order writes these: each refusal, pointing into the document where the resource is in it. */
    private static ApiProblem stuck(Map<Step, ApiProblem> refused) {
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<Step, ApiProblem> e : refused.entrySet()) {
            Step s = e.getKey();
            ApiProblem p = e.getValue();
            String at = s.at() == null ? "" : s.at();
            if (p.errors.isEmpty()) {
                errors.add(new FieldError(at, s.describe() + ": " + p.getMessage()));
            } else {
                for (FieldError f : p.errors) {
                    String field = f.field().startsWith("/") ? at + f.field() : at;
                    errors.add(new FieldError(field, s.describe() + ": " + f.message()));
                }
            }
        }
        return ApiProblem.conflict(errors);
    }

    /** A deadlock or serialization failure: another writer held what the apply needed. */
    private static boolean concurrent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().equals("40P01") || sql.getSQLState().equals("40001"))) return true;
        }
        return false;
    }
}
