package io.fulcrum.controlplane.db;

import io.fulcrum.controlplane.TestFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/**
 * A fresh embedded PostgreSQL of a migration test's own (under target/NAME), and the control plane's
 * Flyway migrations on it up to a chosen version.
 */
final class MigrationDatabase implements AutoCloseable {
    private final EmbeddedPostgres pg;

    private MigrationDatabase(EmbeddedPostgres pg) {
        this.pg = pg;
    }

    static MigrationDatabase fresh(String name) throws Exception {
        Path dir = Path.of("target", name).toAbsolutePath();
        TestFiles.deleteTree(dir);
        return new MigrationDatabase(EmbeddedPostgres.start(dir.resolve("postgres")));
    }

    /** The migrations up to {@code target} (a version, or "latest"). */
    Flyway flyway(String target) {
        return Flyway.configure()
                .dataSource(pg.jdbcUrl(), pg.user(), pg.password())
                .locations("classpath:db/migration")
                .target(target)
                .load();
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }

    @Override
    public void close() {
        pg.close();
    }
}
