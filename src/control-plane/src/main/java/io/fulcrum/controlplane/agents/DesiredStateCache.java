package io.fulcrum.controlplane.agents;

import io.fulcrum.controlplane.service.Stored;
import io.fulcrum.model.Director;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * This replica's copy of the whole desired state ({@link DesiredModel}), brought up to the
 * database's newest revision by {@link #refresh}: the first time by reading everything, then by
 * reading only the resources that the audit records of the revisions since name. All reads of one
 * refresh run in one REPEATABLE READ transaction (or, after writes of real servers alone, in one
 * statement), so the model is exactly one committed revision.
 */
@ApplicationScoped
public class DesiredStateCache {
    /** Past this many audit records since the last refresh, reading everything is cheaper. */
    static final int FULL_RELOAD_AFTER = 5_000;

    @Inject
    DataSource dataSource;

    private volatile DesiredModel model = DesiredModel.EMPTY;
    private boolean loaded;

    public DesiredModel model() {
        return model;
    }

    /**
     * What a refresh found: the new model; whether anything changed; the virtual servers whose entry
     * changed (added, changed or deleted), or null when directors or VRRP groups changed too (then
     * which director serves what may have changed, and every director's selection is redone); and
     * whether enrollment tokens or directors changed (re-check the agents' credentials).
     */
    public record Refreshed(
            DesiredModel model, boolean changed, Set<String> changedServers, boolean credentialsChanged) {}

    /** Brings the model to the newest committed revision. Called from one thread at a time. */
    public synchronized Refreshed refresh() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Refreshed written = loaded ? realServersWritten(c, model) : null;
            if (written != null) {
                model = written.model();
                return written;
            }
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                long rev;
                try (var st = c.createStatement();
                        var rs = st.executeQuery("SELECT value FROM revision WHERE id = 1")) {
                    rs.next();
                    rev = rs.getLong(1);
                }
                DesiredModel before = model;
                if (loaded && rev == before.revision()) return new Refreshed(before, false, Set.of(), false);
                Refreshed r = loaded ? incremental(c, before, rev) : new Refreshed(full(c, rev), true, null, true);
                model = r.model();
                loaded = true;
                return r;
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * The newest revision and the audit records since {@code revision} (at most {@link
     * #FULL_RELOAD_AFTER} and one), in revision order, with what each real-server record wrote (not
     * other records' "after", a whole virtual server, only to be dropped): one statement, so one
     * snapshot, without a transaction of its own; and a range of one index, whatever the tables' sizes.
     */
    private static final String SINCE = """
            SELECT r.value, a.kind, a.resource, CASE WHEN a.kind = 'real-server' THEN CAST(a.after AS text) END FROM revision r
            LEFT JOIN LATERAL (SELECT * FROM audit WHERE revision > ? AND revision <= r.value ORDER BY revision LIMIT 5001) a ON true
            WHERE r.id = 1 ORDER BY a.revision""";

    static {
        assert SINCE.contains("LIMIT " + (FULL_RELOAD_AFTER + 1) + ")") : "SINCE's limit is FULL_RELOAD_AFTER and one";
    }

    /**
     * The refresh after writes of real servers alone, the common case, in one statement instead of a
     * transaction of several: a real server's audit record carries it as written ("after": its
     * spec, real servers having no secrets; none: deleted), so it is not read again, and the
     * model's other entries are shared. Null when the records name anything else, or a virtual
     * server the model lacks, or are too many: then {@link #refresh} reads as usual.
     */
    private static Refreshed realServersWritten(Connection c, DesiredModel before) throws SQLException {
        long rev = before.revision();
        int records = 0;
        Map<String, Map<String, String>> written =
                new HashMap<>(); // virtual server -> real server -> spec, null: gone (the last record wins)
        try (PreparedStatement st = c.prepareStatement(SINCE)) {
            st.setLong(1, before.revision());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rev = rs.getLong(1);
                    String kind = rs.getString(2);
                    if (kind == null) continue; // no record since
                    if (!kind.equals("real-server") || ++records > FULL_RELOAD_AFTER) return null;
                    String resource = rs.getString(3);
                    int slash = resource.indexOf('/');
                    String vs = resource.substring(0, slash);
                    if (!before.virtualServers().containsKey(vs)) return null;
                    written.computeIfAbsent(vs, k -> new HashMap<>())
                            .put(resource.substring(slash + 1), rs.getString(4));
                }
            }
        }
        if (rev == before.revision()) return new Refreshed(before, false, Set.of(), false);
        Map<String, DesiredModel.Server> changed = new HashMap<>();
        for (var e : written.entrySet()) {
            DesiredModel.Server old = before.virtualServers().get(e.getKey());
            Map<String, RealServer> put = new HashMap<>();
            Set<String> removed = new HashSet<>();
            for (var r : e.getValue().entrySet()) {
                if (r.getValue() == null) removed.add(r.getKey());
                else put.put(r.getKey(), DocumentCodec.decodeRealServer(Stored.json(r.getValue()), old.value()));
            }
            DesiredModel.Server now = old.withRealServers(put, removed, rev);
            if (now != old) changed.put(e.getKey(), now);
        }
        // the other virtual servers are shared with the model before, not copied: the refresh costs
        // what the revisions wrote, whatever the number of virtual servers
        Map<String, DesiredModel.Server> vs =
                LayeredMap.<DesiredModel.Server>sharing(before.virtualServers()).with(changed, Set.of());
        Set<String> changedServers = changed.keySet();
        return new Refreshed(
                new DesiredModel(rev, before.directors(), before.groups(), vs), true, changedServers, false);
    }

    private static DesiredModel full(Connection c, long rev) throws SQLException {
        Map<String, DesiredModel.Entry<Director>> ds = new HashMap<>();
        for (Director d : directors(c, null)) ds.put(d.name(), DesiredModel.entry(d));
        Map<String, DesiredModel.Entry<VrrpGroup>> gs = new HashMap<>();
        for (VrrpGroup g : groups(c, null)) gs.put(g.name(), DesiredModel.entry(g));
        Map<String, DesiredModel.Server> vs = new HashMap<>();
        for (var s : servers(c, null, null)) vs.put(s.value().name(), s);
        return new DesiredModel(rev, ds, gs, vs);
    }

    private static Refreshed incremental(Connection c, DesiredModel before, long rev) throws SQLException {
        Set<String> directors = new HashSet<>();
        Set<String> groups = new HashSet<>();
        Set<String> servers = new HashSet<>();
        Map<String, Set<String>> realServers = new HashMap<>(); // virtual server -> its real servers written
        boolean credentials = false;
        int records = 0;
        try (PreparedStatement st =
                c.prepareStatement("SELECT kind, resource FROM audit WHERE revision > ? AND revision <= ?")) {
            st.setLong(1, before.revision());
            st.setLong(2, rev);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    records++;
                    String resource = rs.getString(2);
                    switch (rs.getString(1)) {
                        case "director" -> {
                            directors.add(resource);
                            credentials = true;
                        }
                        case "vrrp-group" -> groups.add(resource);
                        case "virtual-server" -> servers.add(resource);
                        case "real-server" -> {
                            int slash = resource.indexOf('/');
                            realServers
                                    .computeIfAbsent(resource.substring(0, slash), k -> new HashSet<>())
                                    .add(resource.substring(slash + 1));
                        }
                        case "enrollment-token" -> credentials = true;
                        default -> {}
                    }
                }
            }
        }
        if (records > FULL_RELOAD_AFTER) return new Refreshed(full(c, rev), true, null, true);
        // a virtual server whose own spec was not written keeps it: only its written real servers are
        // read (reading all of them would make every refresh cost the size of the virtual server)
        Map<String, Set<String>> patched = new HashMap<>();
        for (var e : realServers.entrySet()) {
            if (servers.contains(e.getKey()) || !before.virtualServers().containsKey(e.getKey()))
                servers.add(e.getKey());
            else patched.put(e.getKey(), e.getValue());
        }
        // a write that changed nothing an agent sees (the same resource) keeps the entry it had: its
        // directors are sent nothing, and the virtual server's last change stays where it was
        Map<String, DesiredModel.Entry<Director>> ds = new HashMap<>(before.directors());
        directors.forEach(ds::remove);
        for (Director d : directors(c, directors))
            ds.put(d.name(), same(before.directors().get(d.name()), DesiredModel.entry(d)));
        Map<String, DesiredModel.Entry<VrrpGroup>> gs = new HashMap<>(before.groups());
        groups.forEach(gs::remove);
        for (VrrpGroup g : groups(c, groups))
            gs.put(g.name(), same(before.groups().get(g.name()), DesiredModel.entry(g)));
        Map<String, DesiredModel.Server> vs = new HashMap<>(before.virtualServers());
        servers.forEach(vs::remove);
        for (var s : servers(c, servers, rev)) {
            DesiredModel.Server old = before.virtualServers().get(s.value().name());
            vs.put(
                    s.value().name(),
                    old != null
                                    && old.resource().equals(s.resource())
                                    && old.realServers().equals(s.realServers())
                            ? old
                            : s);
        }
        Map<String, Map<String, RealServer>> found = realServers(c, patched, before);
        for (var e : patched.entrySet()) {
            Map<String, RealServer> put = found.getOrDefault(e.getKey(), Map.of());
            Set<String> removed = new HashSet<>(e.getValue());
            removed.removeAll(put.keySet());
            vs.put(e.getKey(), before.virtualServers().get(e.getKey()).withRealServers(put, removed, rev));
        }
        servers.addAll(patched.keySet());
        Set<String> changedServers = new HashSet<>();
        for (String n : servers) if (vs.get(n) != before.virtualServers().get(n)) changedServers.add(n);
        boolean structure = !directors.isEmpty() || !groups.isEmpty();
        return new Refreshed(new DesiredModel(rev, ds, gs, vs), true, structure ? null : changedServers, credentials);
    }

    private static <T> DesiredModel.Entry<T> same(DesiredModel.Entry<T> old, DesiredModel.Entry<T> now) {
        return old != null && old.resource().equals(now.resource()) ? old : now;
    }

    /** The named directors (null: all). */
    private static List<Director> directors(Connection c, Set<String> names) throws SQLException {
        List<Director> out = new ArrayList<>();
        if (names != null && names.isEmpty()) return out;
        try (PreparedStatement st = select(
                        c, "SELECT spec FROM director", "SELECT spec FROM director WHERE name = ANY (?)", names);
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) out.add(DocumentCodec.decodeDirector(Stored.json(rs.getString(1))));
        }
        return out;
    }

    /** The named VRRP groups (null: all), with their passwords: agents need them. */
    private static List<VrrpGroup> groups(Connection c, Set<String> names) throws SQLException {
        List<VrrpGroup> out = new ArrayList<>();
        if (names != null && names.isEmpty()) return out;
        try (PreparedStatement st = select(
                        c,
                        "SELECT spec, auth_password FROM vrrp_group",
                        "SELECT spec, auth_password FROM vrrp_group WHERE name = ANY (?)",
                        names);
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) out.add(Stored.vrrpGroup(rs.getString(1), rs.getString(2)));
        }
        return out;
    }

    /** Parameter 1: virtual server ids; their real servers, by virtual server and name. */
    private static final String REAL_SERVERS_OF = """
            SELECT virtual_server_id, spec, revision FROM real_server WHERE virtual_server_id = ANY (?) ORDER BY virtual_server_id, name""";
    /** Parameter 1: a virtual server's name, 2: names of its real servers; those that exist. */
    private static final String REAL_SERVERS_NAMED = """
            SELECT spec FROM real_server WHERE virtual_server_id = (SELECT id FROM virtual_server WHERE name = ?) AND name = ANY (?)""";

    /**
     * The named virtual servers (null: all) with their real servers, in two statements. Each was last
     * changed at {@code changedAt}, or when null at the newest revision of its rows (a deleted real
     * server leaves no row, so a refresh that saw the change passes its own revision).
     */
    private static List<DesiredModel.Server> servers(Connection c, Set<String> names, Long changedAtRevision)
            throws SQLException {
        List<DesiredModel.Server> out = new ArrayList<>();
        if (names != null && names.isEmpty()) return out;
        Map<Long, VirtualServer> byId = new HashMap<>();
        Map<Long, Long> changedAt = new HashMap<>();
        Map<Long, List<RealServer>> real = new HashMap<>();
        try (PreparedStatement st = select(
                        c,
                        "SELECT id, spec, revision FROM virtual_server",
                        "SELECT id, spec, revision FROM virtual_server WHERE name = ANY (?)",
                        names);
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                byId.put(rs.getLong(1), DocumentCodec.decodeVirtualServer(Stored.json(rs.getString(2))));
                changedAt.put(rs.getLong(1), rs.getLong(3));
            }
        }
        if (byId.isEmpty()) return out;
        try (PreparedStatement st = c.prepareStatement(REAL_SERVERS_OF)) {
            st.setArray(1, c.createArrayOf("bigint", byId.keySet().toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    real.computeIfAbsent(id, k -> new ArrayList<>())
                            .add(DocumentCodec.decodeRealServer(Stored.json(rs.getString(2)), byId.get(id)));
                    changedAt.merge(id, rs.getLong(3), Math::max);
                }
            }
        }
        for (var e : byId.entrySet()) {
            out.add(DesiredModel.Server.of(
                    e.getValue().withRealServers(real.getOrDefault(e.getKey(), List.of())),
                    changedAtRevision != null ? changedAtRevision : changedAt.get(e.getKey())));
        }
        return out;
    }

    /**
     * The named real servers ({@code names}: virtual server -> real servers) that exist, by virtual
     * server and name, each checked against its virtual server in {@code model}. One statement per
     * virtual server, shaped so that it can only probe the (virtual server, name) index: a join
     * against a list of pairs may be planned as a scan of all of a virtual server's real servers.
     */
    private static Map<String, Map<String, RealServer>> realServers(
            Connection c, Map<String, Set<String>> names, DesiredModel model) throws SQLException {
        Map<String, Map<String, RealServer>> out = new HashMap<>();
        if (names.isEmpty()) return out;
        try (PreparedStatement st = c.prepareStatement(REAL_SERVERS_NAMED)) {
            for (var e : names.entrySet()) {
                VirtualServer parent = model.virtualServers().get(e.getKey()).value();
                st.setString(1, e.getKey());
                st.setArray(2, c.createArrayOf("text", e.getValue().toArray()));
                try (ResultSet rows = st.executeQuery()) {
                    while (rows.next()) {
                        RealServer r = DocumentCodec.decodeRealServer(Stored.json(rows.getString(1)), parent);
                        out.computeIfAbsent(e.getKey(), k -> new HashMap<>()).put(r.name(), r);
                    }
                }
            }
        }
        return out;
    }

    /** {@code all} when {@code names} is null, else {@code named} (its parameter: the names). */
    private static PreparedStatement select(Connection c, String all, String named, Set<String> names)
            throws SQLException {
        if (names == null) return c.prepareStatement(all);
        PreparedStatement st = c.prepareStatement(named);
        st.setArray(1, c.createArrayOf("text", names.toArray()));
        return st;
    }
}
