package io.fulcrum.controlplane;

import io.fulcrum.controlplane.db.EmbeddedPostgres;
import io.fulcrum.runtime.PrivateFiles;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * The control plane's entry point: with no external database configured it first starts the
 * embedded PostgreSQL in the data directory, then runs the Quarkus application. The database is
 * stopped last by {@link StopOrder}, or here when the application ends without starting; when it dies
 * in between it is started again ({@link #databaseDied}).
 */
@QuarkusMain
public final class FulcrumMain {
    private static final System.Logger LOG = System.getLogger(FulcrumMain.class.getName());
    /** How long a restart of the embedded PostgreSQL after it died may take before the control plane gives up. */
    static final Duration RESTART_WITHIN = Duration.ofSeconds(30);

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
            pg.watch(FulcrumMain::databaseDied);
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

    /**
     * The embedded PostgreSQL died under the running control plane (kill -9, OOM killer): it is started
     * again on the same port, so the connection pool reconnects; when that fails the control plane exits
     * (status 1) with the reason, rather than answering every request with an error.
     */
    static void databaseDied(String why) {
        EmbeddedPostgres pg = embedded;
        if (pg == null) return; // stopping
        LOG.log(Level.ERROR, "the embedded PostgreSQL stopped unexpectedly (" + why + "); starting it again");
        try {
            pg.restart(RESTART_WITHIN);
            LOG.log(Level.WARNING, "the embedded PostgreSQL runs again; requests reconnect to it");
            pg.watch(FulcrumMain::databaseDied);
        } catch (IOException e) {
            LOG.log(
                    Level.ERROR,
                    "the embedded PostgreSQL could not be started again within " + RESTART_WITHIN.toSeconds()
                            + " s; the control plane exits (status 1) rather than answer with errors: "
                            + e.getMessage());
            Quarkus.asyncExit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the embedded PostgreSQL if this process started it; once. */
    static void stopEmbeddedDatabase() {
        EmbeddedPostgres pg = embedded;
        embedded = null;
        if (pg != null) pg.close();
    }
}
