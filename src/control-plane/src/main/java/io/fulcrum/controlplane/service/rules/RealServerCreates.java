package io.fulcrum.controlplane.service.rules;

import io.fulcrum.controlplane.service.ModelService.Written;
import io.fulcrum.controlplane.service.Stored;
import io.fulcrum.controlplane.service.commit.GroupCommit;
import io.fulcrum.controlplane.service.revision.Revisions;
import io.fulcrum.controlplane.store.RealServerStore;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.Validator;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Real-server creates, the hot path of automation, done together: all the creates waiting for one
 * {@link GroupCommit} transaction are written by one statement, each still with its own revision
 * and audit record, in queue order, and the batch's highest revision announced once. Per write that
 * saves a statement's round trip and its fixed cost in PostgreSQL (executor start, constraint and
 * trigger set-up, a NOTIFY), which was most of PostgreSQL's CPU per create.
 *
 * <p>A create is checked against its virtual server as last read ({@link ParentCache}) before it is
 * queued; the statement writes it only if that virtual server still has that version and neither
 * the name nor the address and port is taken. Otherwise nothing of it is written and its caller
 * takes the general path, which decides and reports exactly what is wrong: so every refusal comes
 * before a write, and the statement needs no savepoint. PostgreSQL's constraints stay the backstop
 * against writers on other replicas: a violation fails the statement, and {@link GroupCommit} then
 * runs each write of the batch again alone.
 */
@ApplicationScoped
public class RealServerCreates implements GroupCommit.Combined<RealServerCreates.Create> {
    @Inject
    RealServerStore store;

    @Inject
    Revisions revisions;

    /**
     * One create, ready to write: its virtual server as last read (row id and version), the real
     * server, its stored columns and spec (which is also its audit record's "after"), its creation
     * time (microseconds, as PostgreSQL keeps it, so the response says what a later read says) and
     * who asked.
     */
    public record Create(
            String virtualServer,
            long parentId,
            long parentVersion,
            RealServer value,
            short family,
            String address,
            int port,
            String spec,
            OffsetDateTime at,
            String actor) {
        /** The create of {@code r} under {@code parent}, or null when it is not valid there (the general path reports why). */
        static Create of(ParentCache.Known parent, String virtualServer, RealServer r, String actor) {
            if (parent == null) return null;
            List<FieldError> errors = new ArrayList<>();
            Validator.checkRealServer(parent.value(), r, "", errors);
            if (!errors.isEmpty()) return null;
            return new Create(
                    virtualServer,
                    parent.id(),
                    parent.version(),
                    r,
                    Rows.family(r.family()),
                    Addresses.format(r.address()),
                    Validator.effectivePort(parent.value(), r),
                    DocumentCodec.encode(r).toString(),
                    Rows.now().truncatedTo(ChronoUnit.MICROS),
                    actor);
        }

        String resource() {
            return virtualServer + "/" + value.name();
        }
    }

    /**
     * Which of {@code creates} (in queue order) go into the statement: not one whose name, or address
     * and port, an earlier one in the same virtual server takes (the statement checks only against
     * rows written before it). Those left out take the general path after this batch, which reports
     * the conflict.
     */
    static boolean[] firstOfTheirKind(List<Create> creates) {
        boolean[] in = new boolean[creates.size()];
        Set<String> names = new HashSet<>();
        Set<String> endpoints = new HashSet<>();
        for (int i = 0; i < creates.size(); i++) {
            Create c = creates.get(i);
            // both keys are checked before either is added: one left out claims nothing
            String name = c.parentId() + "/" + c.value().name();
            String endpoint = c.parentId() + "/" + c.address() + "/" + c.port();
            in[i] = !names.contains(name) && !endpoints.contains(endpoint);
            if (in[i]) {
                names.add(name);
                endpoints.add(endpoint);
            }
        }
        return in;
    }

    /** Per create its {@code ModelService.Written} result, or null when it was not written (its caller takes the general path). */
    @Override
    public List<Object> runAll(List<Create> creates) {
        Object[] results = new Object[creates.size()];
        boolean[] in = firstOfTheirKind(creates);
        List<Integer> positions = new ArrayList<>(); // of the creates in the statement, in order
        for (int i = 0; i < creates.size(); i++) if (in[i]) positions.add(i);
        int k = positions.size();
        Long[] parents = new Long[k], versions = new Long[k];
        Integer[] families = new Integer[k], ports = new Integer[k];
        String[] names = new String[k],
                addresses = new String[k],
                specs = new String[k],
                ats = new String[k],
                actors = new String[k],
                resources = new String[k];
        for (int j = 0; j < k; j++) {
            Create x = creates.get(positions.get(j));
            parents[j] = x.parentId();
            versions[j] = x.parentVersion();
            names[j] = x.value().name();
            families[j] = (int) x.family();
            addresses[j] = x.address();
            ports[j] = x.port();
            specs[j] = x.spec();
            ats[j] = x.at().toString();
            actors[j] = x.actor();
            resources[j] = x.resource();
        }
        List<RealServerStore.Created> written = store.createAll(new RealServerStore.Creates(
                parents, versions, names, families, addresses, ports, specs, ats, actors, resources));
        for (RealServerStore.Created w : written) {
            int i = positions.get(w.index());
            Create x = creates.get(i);
            results[i] = new Written<>(new Stored<>(x.value(), new Stored.Meta(1, w.revision(), x.at(), x.at())), true);
        }
        if (!written.isEmpty()) revisions.invalidateOnCommit();
        return Arrays.asList(results);
    }
}
