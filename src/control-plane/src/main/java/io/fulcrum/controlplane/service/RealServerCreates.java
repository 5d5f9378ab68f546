package io.fulcrum.controlplane.service;

import io.fulcrum.model.Addresses;
import io.fulcrum.model.Enums;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.Validator;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    @Inject EntityManager em;
    @Inject Revisions revisions;

    /**
     * One create, ready to write: its virtual server as last read (row id and version), the real
     * server, its stored columns and spec (which is also its audit record's "after"), its creation
     * time (microseconds, as PostgreSQL keeps it, so the response says what a later read says) and
     * who asked.
     */
    public record Create(String virtualServer, long parentId, long parentVersion, RealServer value, short family,
                         String address, int port, String spec, OffsetDateTime at, String actor) {
        /** The create of {@code r} under {@code parent}, or null when it is not valid there (the general path reports why). */
        static Create of(ParentCache.Known parent, String virtualServer, RealServer r, String actor) {
            if (parent == null) return null;
            List<FieldError> errors = new ArrayList<>();
            Validator.checkRealServer(parent.value(), r, "", errors);
            if (!errors.isEmpty()) return null;
            return new Create(virtualServer, parent.id(), parent.version(), r, (short) (r.family() == Enums.AddressFamily.INET ? 4 : 6),
                    Addresses.format(r.address()), Validator.effectivePort(parent.value(), r), DocumentCodec.encode(r).toString(),
                    ModelService.now().truncatedTo(ChronoUnit.MICROS), actor);
        }

        String resource() { return virtualServer + "/" + value.name(); }
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
            if (in[i]) { names.add(name); endpoints.add(endpoint); }
        }
        return in;
    }

    /**
     * The statement: the creates as arrays, numbered in queue order; those whose guards hold, their
     * virtual servers locked (shared) first: a writer of the virtual server on another replica that
     * commits meanwhile is waited for, and its new version then fails the guard (READ COMMITTED checks
     * the locked row again), so no create is written against a virtual server it was not checked
     * against (each
     * guard one probe of a unique index: an OR of the two real-server guards, or a join, could be
     * planned, and the plan cached, as a scan of a whole table); the
     * revision bumped once by their number (not at all, so not locked, when there are none); each
     * its own revision, in order, and its spec parsed once; their rows and audit records; and one NOTIFY of the highest
     * revision (PostgreSQL delivers it on commit; listeners take the newest). It returns the number
     * and revision of each create written.
     */
    private static final String CREATE_ALL = "WITH i AS (SELECT * FROM unnest(CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS text[]),"
            + " CAST(? AS smallint[]), CAST(? AS text[]), CAST(? AS integer[]), CAST(? AS text[]), CAST(? AS timestamptz[]),"
            + " CAST(? AS text[]), CAST(? AS text[])) WITH ORDINALITY AS i (vs, vs_version, name, family, address, port, spec, at, actor, resource, n)),"
            + " ok AS (SELECT i.* FROM i JOIN virtual_server v ON v.id = i.vs AND v.version = i.vs_version"
            + " WHERE NOT EXISTS (SELECT 1 FROM real_server s WHERE s.virtual_server_id = i.vs AND s.name = i.name)"
            + " AND NOT EXISTS (SELECT 1 FROM real_server s WHERE s.virtual_server_id = i.vs AND s.address = i.address AND s.port = i.port)"
            + " FOR SHARE OF v),"
            + " r AS (UPDATE revision SET value = value + (SELECT count(*) FROM ok) WHERE id = 1 AND EXISTS (SELECT 1 FROM ok) RETURNING value),"
            + " n AS (SELECT ok.*, CAST(ok.spec AS jsonb) AS doc, r.value - (SELECT count(*) FROM ok) + row_number() OVER (ORDER BY ok.n) AS rev FROM ok, r),"
            + " w AS (INSERT INTO real_server (virtual_server_id, family, name, address, port, spec, version, revision, created_at, updated_at)"
            + " SELECT vs, family, name, address, port, doc, 1, rev, at, at FROM n ORDER BY n.n),"
            + " a AS (INSERT INTO audit (revision, at, actor, action, kind, resource, before, after)"
            + " SELECT rev, now(), actor, 'create', '" + Kind.REAL_SERVER.wire + "', resource, NULL, doc FROM n ORDER BY n.n),"
            + " announced AS (SELECT pg_notify('" + RevisionFeed.CHANNEL + "', CAST(max(rev) AS text)) FROM n HAVING count(*) > 0)"
            + " SELECT n.n, n.rev FROM n, announced";

    /** Per create its {@code ModelService.Written} result, or null when it was not written (its caller takes the general path). */
    @Override
    public List<Object> runAll(List<Create> creates) {
        em.flush(); // writes of earlier requests in this transaction must be visible to the statement
        return em.unwrap(Session.class).doReturningWork(c -> runAll(c, creates));
    }

    private List<Object> runAll(Connection c, List<Create> creates) throws SQLException {
        Object[] results = new Object[creates.size()];
        boolean[] in = firstOfTheirKind(creates);
        List<Integer> positions = new ArrayList<>(); // of the creates in the statement, in order
        for (int i = 0; i < creates.size(); i++) if (in[i]) positions.add(i);
        int k = positions.size();
        Long[] parents = new Long[k], versions = new Long[k];
        Integer[] families = new Integer[k], ports = new Integer[k];
        String[] names = new String[k], addresses = new String[k], specs = new String[k], ats = new String[k],
                actors = new String[k], resources = new String[k];
        for (int j = 0; j < k; j++) {
            Create x = creates.get(positions.get(j));
            parents[j] = x.parentId(); versions[j] = x.parentVersion(); names[j] = x.value().name(); families[j] = (int) x.family();
            addresses[j] = x.address(); ports[j] = x.port(); specs[j] = x.spec(); ats[j] = x.at().toString();
            actors[j] = x.actor(); resources[j] = x.resource();
        }
        List<Array> arrays = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(CREATE_ALL)) {
            Object[][] columns = {parents, versions, names, families, addresses, ports, specs, ats, actors, resources};
            for (int p = 0; p < columns.length; p++) {
                Object[] column = columns[p];
                Array a = c.createArrayOf(column instanceof Long[] ? "int8" : column instanceof Integer[] ? "int4" : "text", column);
                arrays.add(a);
                st.setArray(p + 1, a);
            }
            boolean written = false;
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    int i = positions.get(rs.getInt(1) - 1); // WITH ORDINALITY counts from 1
                    Create x = creates.get(i);
                    results[i] = new ModelService.Written<>(new Stored<>(x.value(), new Stored.Meta(1, rs.getLong(2), x.at(), x.at())), true);
                    written = true;
                }
            }
            if (written) revisions.invalidateOnCommit();
        } finally {
            for (Array a : arrays) a.free();
        }
        return Arrays.asList(results);
    }
}
