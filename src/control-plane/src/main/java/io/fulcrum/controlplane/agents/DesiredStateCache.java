package io.fulcrum.controlplane.agents;

import io.fulcrum.model.Director;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.controlplane.service.Stored;
import io.fulcrum.model.codec.DocumentCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
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

/**
 * This replica's copy of the whole desired state ({@link DesiredModel}), brought up to the
 * database's newest revision by {@link #refresh}: the first time by reading everything, then by
 * reading only the resources that the audit records of the revisions since name. All reads of one
 * refresh run in one REPEATABLE READ transaction, so the model is exactly one committed revision.
 */
@ApplicationScoped
public class DesiredStateCache {
    /** Past this many audit records since the last refresh, reading everything is cheaper. */
    static final int FULL_RELOAD_AFTER = 5_000;

    @Inject DataSource dataSource;

    private volatile DesiredModel model = DesiredModel.EMPTY;
    private boolean loaded;

    public DesiredModel model() { return model; }

    /**
     * What a refresh found: the new model; whether anything changed; the virtual servers whose entry
     * changed (added, changed or deleted), or null when directors or VRRP groups changed too (then
     * which director serves what may have changed, and every director's selection is redone); and
     * whether enrollment tokens or directors changed (re-check the agents' credentials).
     */
    public record Refreshed(DesiredModel model, boolean changed, Set<String> changedServers, boolean credentialsChanged) {}

    /** Brings the model to the newest committed revision. Called from one thread at a time. */
    public synchronized Refreshed refresh() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                long rev;
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT value FROM revision WHERE id = 1")) {
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
        boolean credentials = false;
        int records = 0;
        try (PreparedStatement st = c.prepareStatement("SELECT kind, resource FROM audit WHERE revision > ? AND revision <= ?")) {
            st.setLong(1, before.revision());
            st.setLong(2, rev);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    records++;
                    String resource = rs.getString(2);
                    switch (rs.getString(1)) {
                        case "director" -> { directors.add(resource); credentials = true; }
                        case "vrrp-group" -> groups.add(resource);
                        case "virtual-server" -> servers.add(resource);
                        case "real-server" -> servers.add(resource.substring(0, resource.indexOf('/')));
                        case "enrollment-token" -> credentials = true;
                        default -> { }
                    }
                }
            }
        }
        if (records > FULL_RELOAD_AFTER) return new Refreshed(full(c, rev), true, null, true);
        // a write that changed nothing an agent sees (same JSON) keeps the entry it had: its
        // directors are sent nothing, and the virtual server's last change stays where it was
        Map<String, DesiredModel.Entry<Director>> ds = new HashMap<>(before.directors());
        directors.forEach(ds::remove);
        for (Director d : directors(c, directors)) ds.put(d.name(), same(before.directors().get(d.name()), DesiredModel.entry(d)));
        Map<String, DesiredModel.Entry<VrrpGroup>> gs = new HashMap<>(before.groups());
        groups.forEach(gs::remove);
        for (VrrpGroup g : groups(c, groups)) gs.put(g.name(), same(before.groups().get(g.name()), DesiredModel.entry(g)));
        Map<String, DesiredModel.Server> vs = new HashMap<>(before.virtualServers());
        servers.forEach(vs::remove);
        for (var s : servers(c, servers, rev)) {
            DesiredModel.Server old = before.virtualServers().get(s.value().name());
            vs.put(s.value().name(), old != null && old.json().equals(s.json()) && old.realServers().equals(s.realServers()) ? old : s);
        }
        Set<String> changedServers = new HashSet<>();
        for (String n : servers) if (vs.get(n) != before.virtualServers().get(n)) changedServers.add(n);
        boolean structure = !directors.isEmpty() || !groups.isEmpty();
        return new Refreshed(new DesiredModel(rev, ds, gs, vs), true, structure ? null : changedServers, credentials);
    }

    private static <T> DesiredModel.Entry<T> same(DesiredModel.Entry<T> old, DesiredModel.Entry<T> now) {
        return old != null && old.json().equals(now.json()) ? old : now;
    }

    /** The named directors (null: all). */
    private static List<Director> directors(Connection c, Set<String> names) throws SQLException {
        List<Director> out = new ArrayList<>();
        if (names != null && names.isEmpty()) return out;
        try (PreparedStatement st = select(c, "SELECT spec FROM director", names); ResultSet rs = st.executeQuery()) {
            while (rs.next()) out.add(DocumentCodec.decodeDirector(Stored.json(rs.getString(1))));
        }
        return out;
    }

    /** The named VRRP groups (null: all), with their passwords: agents need them. */
    private static List<VrrpGroup> groups(Connection c, Set<String> names) throws SQLException {
        List<VrrpGroup> out = new ArrayList<>();
        if (names != null && names.isEmpty()) return out;
        try (PreparedStatement st = select(c, "SELECT spec, auth_password FROM vrrp_group", names); ResultSet rs = st.executeQuery()) {
            while (rs.next()) out.add(Stored.vrrpGroup(rs.getString(1), rs.getString(2)));
        }
        return out;
    }

    /**
     * The named virtual servers (null: all) with their real servers, in two statements. Each was last
     * changed at {@code changedAt}, or when null at the newest revision of its rows (a deleted real
     * server leaves no row, so a refresh that saw the change passes its own revision).
     */
    private static List<DesiredModel.Server> servers(Connection c, Set<String> names, Long changedAtRevision) throws SQLException {
        List<DesiredModel.Server> out = new ArrayList<>();
        if (names != null && names.isEmpty()) return out;
        Map<Long, VirtualServer> byId = new HashMap<>();
        Map<Long, Long> changedAt = new HashMap<>();
        Map<Long, List<RealServer>> real = new HashMap<>();
        try (PreparedStatement st = select(c, "SELECT id, spec, revision FROM virtual_server", names); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                byId.put(rs.getLong(1), DocumentCodec.decodeVirtualServer(Stored.json(rs.getString(2))));
                changedAt.put(rs.getLong(1), rs.getLong(3));
            }
        }
        if (byId.isEmpty()) return out;
        try (PreparedStatement st = c.prepareStatement("SELECT virtual_server_id, spec, revision FROM real_server"
                + " WHERE virtual_server_id = ANY (?) ORDER BY virtual_server_id, name")) {
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
            out.add(DesiredModel.Server.of(e.getValue().withRealServers(real.getOrDefault(e.getKey(), List.of())),
                    changedAtRevision != null ? changedAtRevision : changedAt.get(e.getKey())));
        }
        return out;
    }

    private static PreparedStatement select(Connection c, String sql, Set<String> names) throws SQLException {
        if (names == null) return c.prepareStatement(sql);
        PreparedStatement st = c.prepareStatement(sql + " WHERE name = ANY (?)");
        st.setArray(1, c.createArrayOf("text", names.toArray()));
        return st;
    }
}
