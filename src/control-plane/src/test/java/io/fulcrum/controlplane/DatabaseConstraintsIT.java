package io.fulcrum.controlplane;

import static io.fulcrum.controlplane.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The invariants hold in PostgreSQL itself, not only in the service's checks: writes that bypass
 * the API are refused by the schema.
 */
@QuarkusTest
class DatabaseConstraintsIT {
    @Inject
    DataSource db;

    @BeforeEach
    void seed() {
        Api.deleteAll();
        ResourceCrudIT.seed();
    }

    /** Runs {@code setup} then {@code sql} in one transaction that is always rolled back; sql must violate a constraint. */
    private void refused(String sql, String... setup) {
        assertThatThrownBy(() -> {
                    try (Connection c = db.getConnection();
                            var st = c.createStatement()) {
                        c.setAutoCommit(false);
                        try {
                            for (String s : setup) st.execute(s);
                            st.execute(sql);
                        } finally {
                            c.rollback();
                        }
                    }
                })
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("23"));
    }

    @Test
    void aSecondGroupWithTheSameVridOnAMemberDirectorsInterfaceIsRefused() {
        String group = """
                INSERT INTO vrrp_group (name, vrid, iface, family, spec, version, revision, created_at, updated_at)
                VALUES ('raw', 51, 'eth0', 4, '{}', 1, 1, now(), now())""";
        refused("""
                INSERT INTO vrrp_member (group_id, director_id, vrid, iface, family) SELECT g.id, d.id, 51, 'eth0', 4
                FROM vrrp_group g, director d WHERE g.name = 'raw' AND d.name = 'lb1'""", group);
        // a member row cannot disagree with its group's VRID either
        refused("""
                INSERT INTO vrrp_member (group_id, director_id, vrid, iface, family) SELECT g.id, d.id, 52, 'eth0', 4
                FROM vrrp_group g, director d WHERE g.name = 'raw' AND d.name = 'lb1'""", group);
    }

    @Test
    void aSecondVirtualServerForTheSameServiceIsRefused() {
        refused("""
                INSERT INTO virtual_server (name, family, address, port, protocol, spec, version, revision, created_at, updated_at)
                VALUES ('raw', 4, '192.168.10.100', 80, 'tcp', '{}', 1, 1, now(), now())""");
    }

    @Test
    void aRealServerOfAnotherFamilyThanItsVirtualServerIsRefused() {
        refused("""
                INSERT INTO real_server (virtual_server_id, family, name, address, port, spec, version, revision, created_at, updated_at)
                SELECT id, 6, 'raw', '2001:db8::1', 80, '{}', 1, 1, now(), now() FROM virtual_server WHERE name = 'web'""");
        refused("""
                INSERT INTO real_server (virtual_server_id, family, name, address, port, spec, version, revision, created_at, updated_at)
                SELECT id, 4, 'raw', '2001:db8::1', 80, '{}', 1, 1, now(), now() FROM virtual_server WHERE name = 'web'""");
    }

    @Test
    void duplicateNamesAndDanglingReferencesAreRefused() {
        refused("""
                INSERT INTO director (name, management_address, spec, version, revision, created_at, updated_at)
                VALUES ('lb1', '10.0.0.9', '{}', 1, 1, now(), now())""");
        refused("DELETE FROM director WHERE name = 'lb1'");
        refused("""
                INSERT INTO virtual_server (name, family, fwmark, address, spec, version, revision, created_at, updated_at)
                VALUES ('both', 4, 7, '10.0.0.1', '{}', 1, 1, now(), now())""");
        admin().get("/api/v1/directors/lb1").then().statusCode(200);
    }
}
