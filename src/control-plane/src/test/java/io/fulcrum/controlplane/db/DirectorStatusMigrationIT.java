package io.fulcrum.controlplane.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Migration V3 moves each director's live status out of its row into {@code director_status}: a
 * database at V2 with a seen director, a never-seen one and a disconnected one keeps every value.
 */
class DirectorStatusMigrationIT {
    private static MigrationDatabase db;

    @BeforeAll
    static void start() throws Exception {
        db = MigrationDatabase.fresh("migration-it");
    }

    @AfterAll
    static void stop() {
        if (db != null) db.close();
    }

    @Test
    void aDirectorsLiveStatusMovesToItsOwnTableWithEveryValue() throws Exception {
        db.flyway("2").migrate();
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            st.execute("""
                    INSERT INTO director (name, management_address, spec, version, created_at, updated_at, connected, last_seen,
                        applied_revision, last_nack, agent_status, agent_version) VALUES
                    ('seen', '10.0.0.1', '{}', 1, now(), now(), true, '2026-12-01T10:00:00Z', 42,
                        '{"revision": 41, "errors": []}', '{"vrrp": []}', '1.2.3'),
                    ('never', '10.0.0.2', '{}', 1, now(), now(), false, NULL, NULL, NULL, NULL, NULL),
                    ('gone', '10.0.0.3', '{}', 1, now(), now(), false, '2026-12-01T09:00:00Z', 7, NULL, NULL, '1.2.2')""");

            db.flyway("latest").migrate();

            List<String> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("""
                    SELECT d.name, s.connected, s.last_seen, s.applied_revision, CAST(s.last_nack AS text), CAST(s.agent_status AS text), s.agent_version
                    FROM director_status s JOIN director d ON d.id = s.director_id ORDER BY d.name""")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getBoolean(2) + " "
                            + rs.getObject(3, OffsetDateTime.class).toInstant() + " " + rs.getLong(4) + " "
                            + rs.getString(5) + " " + rs.getString(6) + " " + rs.getString(7));
                }
            }
            assertThat(rows)
                    .containsExactly(
                            "gone false 2026-12-01T09:00:00Z 7 null null 1.2.2",
                            "seen true 2026-12-01T10:00:00Z 42 {\"errors\": [], \"revision\": 41} {\"vrrp\": []} 1.2.3");
            try (ResultSet rs = st.executeQuery("""
                    SELECT count(*) FROM information_schema.columns WHERE table_name = 'director'
                    AND column_name IN ('connected', 'last_seen', 'applied_revision', 'last_nack', 'agent_status', 'agent_version')""")) {
                rs.next();
                assertThat(rs.getInt(1)).as("status columns left on director").isZero();
            }
            // a status row goes with its director
            st.execute("DELETE FROM director WHERE name = 'seen'");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM director_status")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }
}
