package io.fulcrum.controlplane;

import io.fulcrum.controlplane.db.EmbeddedPostgres;
import io.fulcrum.runtime.PrivateFiles;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The control plane's entry point: with no external database configured it first starts the
 * embedded PostgreSQL in the data directory, then runs the Quarkus application. The database is
 * stopped last by {@link StopOrder}, or here when the application ends without starting.
 */
@QuarkusMain
public final class FulcrumMain {
    private static volatile EmbeddedPostgres embedded;

    private FulcrumMain() {}

    public static void main(String... args) throws Exception {
        // the data directory holds the admin token, the TLS key and the database: its owner's only
        if (PrivateFiles.directory(Settings.dataDir())) {
            System.out.println("fulcrum: " + Settings.dataDir() + " was readable by others; now by its owner only");
        }
        if (Settings.get(Settings.DB_URL) == null) {
            var dir = Settings.dataDir().resolve("postgres");
            System.out.println("fulcrum: starting the embedded PostgreSQL in " + dir);
            EmbeddedPostgres pg = EmbeddedPostgres.start(dir);
            embedded = pg;
            System.setProperty(Settings.DB_URL, pg.jdbcUrl());
            System.setProperty(Settings.DB_USER, pg.user());
            System.setProperty(Settings.DB_PASSWORD, pg.password());
            System.setProperty("fulcrum.db.embedded", "true");
        }
        Https.configure();
        // Quarkus's own exit handler, with the embedded database stopped first (a failed start fires no ShutdownEvent)
        Quarkus.run(
                null,
                (code, failure) -> {
                    stopEmbeddedDatabase();
                    System.exit(code);
                },
                args);
    }

    /** Stops the embedded PostgreSQL if this process started it; once. */
    static void stopEmbeddedDatabase() {
        EmbeddedPostgres pg = embedded;
        embedded = null;
        if (pg != null) pg.close();
    }
}
