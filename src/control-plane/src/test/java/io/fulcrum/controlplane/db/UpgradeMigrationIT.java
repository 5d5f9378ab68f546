package io.fulcrum.controlplane.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An upgrade: a database at the schema before the latest, holding a model (directors, a VRRP group, a virtual
 * server with real servers, tokens, the revision and its audit trail, a director's status), is migrated to
 * the latest as the control plane does at start (Flyway), and every value is still there. When a new
 * migration arrives the fixture below is for the schema before it: this test then says so (and the fixture
 * is rewritten for the new previous schema).
 */
class UpgradeMigrationIT {
    /** The schema version the fixture is written for: the one before the latest. */
    static final String PREVIOUS = "3";

    private static MigrationDatabase db;

    @BeforeAll
    static void start() throws Exception {
        db = MigrationDatabase.fresh("upgrade-it");
    }

    @AfterAll
    static void stop() {
        if (db != null) db.close();
    }

    @Test
    void aModelAtThePreviousSchemaIsKeptWholeByTheUpgrade() throws Exception {
        MigrationInfo[] all = db.flyway("latest").info().all();
        assertThat(all.length).isGreaterThanOrEqualTo(2);
        assertThat(all[all.length - 2].getVersion().getVersion())
                .as("the fixture is for the schema before the latest migration: rewrite it for that one")
                .isEqualTo(PREVIOUS);

        db.flyway(PREVIOUS).migrate();
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            st.execute("""
                UPDATE revision SET value = 7;
                INSERT INTO director (name, management_address, spec, version, revision, created_at, updated_at) VALUES
                  ('lb1', '10.0.0.1', '{"name": "lb1", "labels": {"site": "a"}}', 1, 1, now(), now()),
                  ('lb2', '10.0.0.2', '{"name": "lb2"}', 2, 6, now(), now());
                INSERT INTO director_status (director_id, connected, last_seen, applied_revision, agent_version)
                  SELECT id, true, '2026-12-01T10:00:00Z', 6, '1.2.3' FROM director WHERE name = 'lb1';
                INSERT INTO vrrp_group (name, vrid, iface, family, auth_password, spec, version, revision, created_at, updated_at)
                  VALUES ('VI_1', 51, 'eth0', 4, 's3cret', '{"name": "VI_1"}', 1, 3, now(), now());
                INSERT INTO vrrp_member (group_id, director_id, vrid, iface, family)
                  SELECT g.id, d.id, 51, 'eth0', 4 FROM vrrp_group g, director d;
                INSERT INTO virtual_server (name, family, address, port, protocol, vrrp_group_id, spec, version, revision, created_at, updated_at)
                  SELECT 'web', 4, '192.168.10.100', 80, 'tcp', id, '{"name": "web", "scheduler": "wrr"}', 1, 4, now(), now() FROM vrrp_group;
                INSERT INTO real_server (virtual_server_id, family, name, address, port, spec, version, revision, created_at, updated_at)
                  SELECT id, 4, n, a, 80, jsonb_build_object('name', n, 'weight', 3), 1, 5, now(), now() FROM virtual_server,
                  (VALUES ('a', '192.168.10.11'), ('b', '192.168.10.12')) AS rs (n, a);
                INSERT INTO api_token (name, role, token_hash, created_at, created_by)
                  VALUES ('admin', 'admin', '\\x00112233', now(), 'bootstrap');
                INSERT INTO audit (revision, at, actor, action, kind, resource, before, after)
                  SELECT r, now(), 'admin', 'create', 'director', 'lb' || r, NULL, '{}' FROM generate_series(1, 7) AS r;\
                """);

            db.flyway("latest").migrate();

            assertThat(strings(st, "SELECT value::text FROM revision")).containsExactly("7");
            assertThat(strings(
                            st,
                            "SELECT name || ' ' || management_address || ' ' || coalesce((spec->'labels')::text,"
                                    + " 'null') || ' ' || version FROM director ORDER BY name"))
                    .containsExactly("lb1 10.0.0.1 {\"site\": \"a\"} 1", "lb2 10.0.0.2 null 2");
            assertThat(strings(st, """
                SELECT d.name || ' ' || s.connected || ' ' || s.applied_revision || ' ' || s.agent_version
                FROM director_status s JOIN director d ON d.id = s.director_id\
                """)).containsExactly("lb1 true 6" + " 1.2.3");
            assertThat(strings(st, "SELECT name || ' ' || vrid || ' ' || auth_password FROM vrrp_group"))
                    .containsExactly("VI_1 51 s3cret");
            assertThat(strings(st, "SELECT count(*)::text FROM vrrp_member")).containsExactly("2");
            assertThat(strings(st, """
                SELECT v.name || ' ' || r.name || ' ' || r.address || ' ' || (r.spec->>'weight')
                FROM real_server r JOIN virtual_server v ON v.id = r.virtual_server_id ORDER BY r.name\
                """))
                    .containsExactly("web a" + " 192.168.10.11" + " 3", "web b" + " 192.168.10.12" + " 3");
            assertThat(strings(st, "SELECT name || ' ' || role FROM api_token")).containsExactly("admin admin");
            assertThat(strings(st, "SELECT count(*) || ' ' || count(apply) FROM audit"))
                    .as("every audit record kept; none of them was an apply")
                    .containsExactly("7 0");
        }
    }

    private static List<String> strings(Statement st, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
