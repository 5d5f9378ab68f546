package io.fulcrum.controlplane;

import io.fulcrum.controlplane.db.EmbeddedPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/** A fresh embedded PostgreSQL (the product's own launcher) for the in-process control plane under test. */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {
    public static final String ADMIN_TOKEN = "it-admin-0123456789abcdef";
    static final Path DATA = Path.of("target", "it-data").toAbsolutePath();

    private EmbeddedPostgres pg;

    @Override
    public Map<String, String> start() {
        try {
            TestFiles.deleteTree(DATA);
            pg = EmbeddedPostgres.start(DATA.resolve("postgres"));
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded PostgreSQL for the tests", e);
        }
        // read through Settings (system properties) like the launcher does
        System.setProperty(Settings.ADMIN_TOKEN, ADMIN_TOKEN);
        System.setProperty(Settings.DATA_DIR, DATA.toString());
        return Map.of(
                Settings.DB_URL,
                pg.jdbcUrl(),
                Settings.DB_USER,
                pg.user(),
                Settings.DB_PASSWORD,
                pg.password(),
                Settings.GRPC_PORT,
                "0");
    }

    @Override
    public void stop() {
        if (pg != null) pg.close();
    }
}
