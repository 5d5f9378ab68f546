package io.fulcrum.controlplane;

import io.fulcrum.controlplane.db.EmbeddedPostgres;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The control plane's entry point: with no external database configured it first starts the
 * embedded PostgreSQL in the data directory, then runs the Quarkus application.
 */
@QuarkusMain
public final class FulcrumMain {
    private FulcrumMain() {}

    public static void main(String... args) throws Exception {
        if (Settings.get(Settings.DB_URL) == null) {
            var dir = Settings.dataDir().resolve("postgres");
            System.out.println("fulcrum: starting the embedded PostgreSQL in " + dir);
            EmbeddedPostgres pg = EmbeddedPostgres.start(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "embedded-postgres-stop"));
            System.setProperty(Settings.DB_URL, pg.jdbcUrl());
            System.setProperty(Settings.DB_USER, pg.user());
            System.setProperty(Settings.DB_PASSWORD, pg.password());
            System.setProperty("fulcrum.db.embedded", "true");
        }
        Quarkus.run(args);
    }
}
