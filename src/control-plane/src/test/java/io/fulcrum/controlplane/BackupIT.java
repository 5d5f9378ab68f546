package io.fulcrum.controlplane;

import static io.fulcrum.controlplane.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * bin/fulcrum backup and restore on the embedded PostgreSQL of a running control plane: what a backup took
 * is what a restore puts back (the model, the revision), after a deletion in between; a backup names its
 * schema version.
 */
@QuarkusTest
class BackupIT {
    @Test
    void aRestoreBringsBackTheModelAndRevisionTheBackupTook() throws Exception {
        Api.deleteAll();
        ResourceCrudIT.seed();
        long revision = Api.revision();
        Path file = Path.of("target", "backup-it.sql").toAbsolutePath();

        String said = fulcrum("backup", file.toString());
        assertThat(said).contains("backup of revision " + revision);
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8).get(0))
                .startsWith("-- Fulcrum backup of the embedded PostgreSQL: schema version ");

        admin().delete("/api/v1/virtual-servers/web").then().statusCode(204);
        assertThat(rows("SELECT name FROM virtual_server")).isEmpty();

        assertThat(fulcrum("restore", file.toString())).contains("restored");
        assertThat(rows("SELECT name FROM virtual_server")).containsExactly("web");
        assertThat(rows("SELECT name FROM director ORDER BY name")).containsExactly("lb1", "lb2");
        assertThat(rows("SELECT value::text FROM revision")).containsExactly(Long.toString(revision));
        assertThat(rows("SELECT count(*)::text FROM real_server")).doesNotContain("0");
    }

    /** bin/fulcrum COMMAND ARGS on this test's data directory; its standard error. */
    static String fulcrum(String... args) throws Exception {
        Path root = Api.contract().getParent();
        List<String> cmd = new ArrayList<>(List.of(root.resolve("bin/fulcrum").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("FULCRUM_DATA_DIR", EmbeddedPostgresResource.DATA.toString());
        pb.environment().remove("FULCRUM_DB_URL");
        Process p = pb.start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(said).isZero();
        return said;
    }

    static List<String> rows(String sql) throws Exception {
        var config = ConfigProvider.getConfig();
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(
                        config.getValue(Settings.DB_URL, String.class),
                        config.getValue(Settings.DB_USER, String.class),
                        config.getValue(Settings.DB_PASSWORD, String.class));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
