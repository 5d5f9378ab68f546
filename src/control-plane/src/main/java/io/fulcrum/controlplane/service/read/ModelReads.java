package io.fulcrum.controlplane.service.read;

import io.fulcrum.controlplane.service.ApiProblem;
import io.fulcrum.controlplane.service.ModelReader;
import io.fulcrum.controlplane.service.ModelService.DirectorStatus;
import io.fulcrum.controlplane.service.Page;
import io.fulcrum.controlplane.service.Stored;
import io.fulcrum.controlplane.service.revision.Kind;
import io.fulcrum.controlplane.service.revision.Revisions;
import io.fulcrum.controlplane.store.DirectorRow;
import io.fulcrum.controlplane.store.DirectorStatusRow;
import io.fulcrum.controlplane.store.DirectorStatusStore;
import io.fulcrum.controlplane.store.DirectorStore;
import io.fulcrum.controlplane.store.RealServerRow;
import io.fulcrum.controlplane.store.RealServerStore;
import io.fulcrum.controlplane.store.ResourceRow;
import io.fulcrum.controlplane.store.VirtualServerRow;
import io.fulcrum.controlplane.store.VirtualServerStore;
import io.fulcrum.controlplane.store.VrrpGroupRow;
import io.fulcrum.controlplane.store.VrrpGroupStore;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Director;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads of the model, each in one transaction: single resources, pages (by name, filtered by
 * labels) and the whole configuration; and the one place a stored row becomes its domain value
 * with its bookkeeping ({@link Stored}), which the write rules use too.
 */
@ApplicationScoped
public class ModelReads {
    @Inject
    DirectorStore directors;

    @Inject
    DirectorStatusStore statuses;

    @Inject
    VrrpGroupStore groups;

    @Inject
    VirtualServerStore virtualServers;

    @Inject
    RealServerStore realServers;

    @Inject
    Revisions revisions;

    @Inject
    DocumentCache documents;

    // ------------------------------------------------------------------ reads

    /** The agent's last status report (counters, drift, VRRP, health, events) as JSON, or null. */
    @Transactional
    public String agentStatus(String name) {
        return statuses.agentStatus(directorRow(name).id);
    }

    /** A director with its live status, read in one transaction. */
    @Transactional
    public ModelReader.DirectorView directorView(String name) {
        DirectorRow row = directorRow(name);
        return directorView(row, statuses.of(row.name));
    }

    /** A page of directors with their live status, read in one transaction (two statements). */
    @Transactional
    public Page<ModelReader.DirectorView> listDirectors(int limit, String pageToken, List<String> labels) {
        Page<DirectorRow> rows = ModelReads.<DirectorRow, DirectorRow>page(
                limit, pageToken, labels, (after, wanted, n) -> directors.page(after, wanted, n), r -> r.name, r -> r);
        Map<String, DirectorStatusRow> status =
                statuses.of(rows.items().stream().map(r -> r.name).toList());
        return new Page<>(
                rows.items().stream()
                        .map(r -> directorView(r, status.get(r.name)))
                        .toList(),
                rows.nextPageToken());
    }

    @Transactional
    public Stored<VrrpGroup> vrrpGroup(String name) {
        return stored(groupRow(name));
    }

    @Transactional
    public Page<Stored<VrrpGroup>> listVrrpGroups(int limit, String pageToken, List<String> labels) {
        return ModelReads.<VrrpGroupRow, Stored<VrrpGroup>>page(
                limit,
                pageToken,
                labels,
                (after, wanted, n) -> groups.page(after, wanted, n),
                r -> r.name,
                this::stored);
    }

    @Transactional
    public Stored<VirtualServer> virtualServer(String name) {
        return stored(virtualServerRow(name));
    }

    @Transactional
    public Page<Stored<VirtualServer>> listVirtualServers(int limit, String pageToken, List<String> labels) {
        return ModelReads.<VirtualServerRow, Stored<VirtualServer>>page(
                limit,
                pageToken,
                labels,
                (after, wanted, n) -> virtualServers.page(after, wanted, n),
                r -> r.name,
                this::stored);
    }

    @Transactional
    public Stored<RealServer> realServer(String vs, String name) {
        VirtualServerRow vsRow = virtualServerRow(vs);
        RealServerRow row = realServers.find(vsRow.id, name, false);
        if (row == null) throw ApiProblem.notFound("real server '" + name + "' of virtual server '" + vsRow.name + "'");
        return new Stored<>(
                DocumentCodec.decodeRealServer(
                        Stored.json(row.spec), DocumentCodec.decodeVirtualServer(Stored.json(vsRow.spec))),
                meta(row));
    }

    @Transactional
    public Page<Stored<RealServer>> listRealServers(String vs, int limit, String pageToken, List<String> labels) {
        VirtualServerRow vsRow = virtualServerRow(vs);
        VirtualServer parent = DocumentCodec.decodeVirtualServer(Stored.json(vsRow.spec));
        return ModelReads.<RealServerRow, Stored<RealServer>>page(
                limit,
                pageToken,
                labels,
                (after, wanted, n) -> realServers.page(vsRow.id, after, wanted, n),
                r -> r.name,
                r -> new Stored<>(DocumentCodec.decodeRealServer(Stored.json(r.spec), parent), meta(r)));
    }

    /** Past this many audit records since the kept document, reading everything is cheaper than bringing it forward. */
    static final int FORWARD_LIMIT = 500;

    /**
     * Every resource, read in one transaction so the document is one consistent revision. Kept for the
     * next read ({@link DocumentCache}) when the transaction has written nothing and no commit came
     * between the reads: at the same revision it is used as it is; at a later one it is brought forward
     * by reading again only the resources the revisions since name (their audit records), when they
     * are few.
     */
    @Transactional
    public ConfigDocument export() {
        long rev = revisions.current();
        boolean committed = !revisions.writtenInThisTransaction();
        ConfigDocument doc = committed ? forward(documents.newest(), rev) : null;
        if (doc == null) doc = readAll(rev);
        if (committed && revisions.current() == rev) documents.keep(doc); // every commit bumps the revision
        return doc;
    }

    /** {@code kept} brought to revision {@code rev}; null when there is none or too much changed since. */
    private ConfigDocument forward(ConfigDocument kept, long rev) {
        if (kept == null || kept.revision() == null || kept.revision() > rev) return null;
        if (kept.revision() == rev) return kept;
        Map<Kind, Set<String>> changed = revisions.changed(kept.revision(), rev, FORWARD_LIMIT);
        if (changed == null) return null;
        Map<String, Director> ds = byName(kept.directors(), Director::name);
        for (String n : changed.getOrDefault(Kind.DIRECTOR, Set.of())) {
            DirectorRow row = directors.find(n);
            if (row == null) ds.remove(n);
            else ds.put(n, stored(row).value());
        }
        Map<String, VrrpGroup> gs = byName(kept.vrrpGroups(), VrrpGroup::name);
        for (String n : changed.getOrDefault(Kind.VRRP_GROUP, Set.of())) {
            VrrpGroupRow row = groups.find(n);
            if (row == null) gs.remove(n);
            else gs.put(n, stored(row).value());
        }
        Set<String> servers = new HashSet<>(changed.getOrDefault(Kind.VIRTUAL_SERVER, Set.of()));
        for (String r : changed.getOrDefault(Kind.REAL_SERVER, Set.of())) servers.add(r.substring(0, r.indexOf('/')));
        Map<String, VirtualServer> vs = byName(kept.virtualServers(), VirtualServer::name);
        for (String n : servers) {
            VirtualServerRow row = virtualServers.find(n);
            if (row == null) vs.remove(n);
            else vs.put(n, withRealServers(row, realServers.of(row.id)));
        }
        return new ConfigDocument(rev, List.copyOf(ds.values()), List.copyOf(gs.values()), List.copyOf(vs.values()));
    }

    /**
     * By name, in name order: the order of the full read's ORDER BY name for names (ASCII, openapi.yaml's
     * Name) under the C collation, the embedded PostgreSQL's.
     */
    private static <T> TreeMap<String, T> byName(List<T> items, Function<T, String> name) {
        TreeMap<String, T> out = new TreeMap<>();
        for (T t : items) out.put(name.apply(t), t);
        return out;
    }

    /** Every resource at revision {@code rev}: one statement per table. */
    private ConfigDocument readAll(long rev) {
        List<Director> ds = directors.all().stream().map(r -> stored(r).value()).toList();
        List<VrrpGroup> gs = groups.all().stream().map(r -> stored(r).value()).toList();
        Map<Long, List<RealServerRow>> reals = realServers.all(); // one statement, not one per virtual server
        List<VirtualServer> vs = virtualServers.all().stream()
                .map(r -> withRealServers(r, reals.getOrDefault(r.id, List.of())))
                .toList();
        return new ConfigDocument(rev, ds, gs, vs);
    }

    // ------------------------------------------------------------------ rows that must exist

    public DirectorRow directorRow(String name) {
        DirectorRow row = directors.find(name);
        if (row == null) throw ApiProblem.notFound("director '" + name + "'");
        return row;
    }

    public VrrpGroupRow groupRow(String name) {
        VrrpGroupRow row = groups.find(name);
        if (row == null) throw ApiProblem.notFound("VRRP group '" + name + "'");
        return row;
    }

    public VirtualServerRow virtualServerRow(String name) {
        VirtualServerRow row = virtualServers.find(name);
        if (row == null) throw ApiProblem.notFound("virtual server '" + name + "'");
        return row;
    }

    // ------------------------------------------------------------------ rows as stored values

    public Stored<Director> stored(DirectorRow row) {
        return new Stored<>(DocumentCodec.decodeDirector(Stored.json(row.spec)), meta(row));
    }

    /** A director with its live status (written by the agent connections; null: none is recorded). */
    private ModelReader.DirectorView directorView(DirectorRow row, DirectorStatusRow s) {
        DirectorStatus status = s == null
                ? new DirectorStatus(false, null, null, null, null)
                : new DirectorStatus(
                        DirectorStatus.connected(s.connected(), s.lastSeen()),
                        s.lastSeen(),
                        s.appliedRevision(),
                        s.lastNack() == null ? null : Stored.json(s.lastNack()),
                        s.agentVersion());
        return new ModelReader.DirectorView(stored(row), status);
    }

    public Stored<VrrpGroup> stored(VrrpGroupRow row) {
        return new Stored<>(Stored.vrrpGroup(row.spec, row.authPassword), meta(row));
    }

    /** A virtual server with its real servers; its entity tag covers them ({@link #etag}). */
    public Stored<VirtualServer> stored(VirtualServerRow row) {
        List<RealServerRow> rows = realServers.of(row.id);
        Stored.Meta m = meta(row);
        return new Stored<>(
                withRealServers(row, rows),
                new Stored.Meta(m.version(), m.revision(), m.createdAt(), m.updatedAt(), etag(row, rows)));
    }

    /** The virtual server of {@code row} with the real servers of {@code rows}. */
    private static VirtualServer withRealServers(VirtualServerRow row, List<RealServerRow> rows) {
        VirtualServer v = DocumentCodec.decodeVirtualServer(Stored.json(row.spec));
        List<RealServer> rs = new ArrayList<>(rows.size());
        for (RealServerRow r : rows) rs.add(DocumentCodec.decodeRealServer(Stored.json(r.spec), v));
        return v.withRealServers(rs);
    }

    /**
     * A virtual server's representation includes its real servers, so its entity tag covers them:
     * its own version and a hash of its real servers' names and versions. Real-server writes thus
     * change it without writing (and locking) the virtual server's row.
     */
    public static String etag(VirtualServerRow row, List<RealServerRow> reals) {
        if (reals.isEmpty()) return "\"" + row.version + "\"";
        long h = 0xcbf29ce484222325L; // FNV-1a, 64 bits
        for (RealServerRow r : reals) {
            for (char c : (r.name + ":" + r.version + ";").toCharArray()) {
                h ^= c;
                h *= 0x100000001b3L;
            }
        }
        return "\"" + row.version + "-" + Long.toHexString(h) + "\"";
    }

    public static Stored.Meta meta(ResourceRow r) {
        return new Stored.Meta(r.version, r.revision, r.createdAt, r.updatedAt);
    }

    public static Stored.Meta meta(RealServerRow r) {
        return new Stored.Meta(r.version, r.revision, r.createdAt, r.updatedAt);
    }

    /** The bookkeeping of a row written in this transaction, which commits as {@code rev}. */
    public static Stored.Meta meta(ResourceRow r, long rev) {
        return new Stored.Meta(r.version, rev, r.createdAt, r.updatedAt);
    }

    // ------------------------------------------------------------------ pages

    /** One page of a store's rows: names after {@code after}, every label of {@code labels} (a JSON array), at most {@code limit}. */
    private interface PageQuery<R> {
        List<R> rows(String after, String labels, int limit);
    }

    private static <R, V> Page<V> page(
            int limit,
            String pageToken,
            List<String> labels,
            PageQuery<R> query,
            Function<R, String> name,
            Function<R, V> view) {
        String after = pageToken == null ? "" : PageTokens.decode(pageToken);
        // every label=value must hold: one containment test per requested label
        var wanted = DocumentCodec.JSON.createArrayNode();
        for (String l : labels) {
            int eq = l.indexOf('=');
            wanted.addObject().put(l.substring(0, eq), l.substring(eq + 1));
        }
        List<R> rows = query.rows(after, wanted.toString(), limit + 1);
        String next = rows.size() > limit ? PageTokens.encode(name.apply(rows.get(limit - 1))) : null;
        List<V> items = new ArrayList<>();
        for (R r : rows.subList(0, Math.min(limit, rows.size()))) items.add(view.apply(r));
        return new Page<>(items, next);
    }
}
