package io.fulcrum.controlplane;

import java.nio.file.Path;

/**
 * Every configuration key of the control plane and its default, in one place (docs/configuration.md
 * documents them). Each key can be given as a system property or as the environment variable in
 * upper case with '_' (fulcrum.data-dir = FULCRUM_DATA_DIR).
 */
public final class Settings {
    private Settings() {}

    /** Where the embedded PostgreSQL, the generated admin token and other state live. */
    public static final String DATA_DIR = "fulcrum.data-dir";

    public static final String DATA_DIR_DEFAULT = "data";
    /** A JDBC URL of an external PostgreSQL; when unset the embedded one is started. */
    public static final String DB_URL = "fulcrum.db.url";

    public static final String DB_USER = "fulcrum.db.user";
    public static final String DB_PASSWORD = "fulcrum.db.password";
    /** The first admin token's secret (else one is generated, printed once and written to the data dir). */
    public static final String ADMIN_TOKEN = "fulcrum.admin-token";
    /** The REST port and address. */
    public static final String HTTP_PORT = "fulcrum.http-port";

    public static final String HTTP_HOST = "fulcrum.http-host";
    /** The gRPC port (agents and the management API) and address; 0 picks a free port. */
    public static final String GRPC_PORT = "fulcrum.grpc-port";

    public static final int GRPC_PORT_DEFAULT = 9443;
    public static final String GRPC_HOST = "fulcrum.grpc-host";
    public static final String GRPC_HOST_DEFAULT = "0.0.0.0";
    /** The operator's certificate chain and PKCS#8 key (PEM) for the gRPC port; unset: a generated self-signed pair. */
    public static final String GRPC_TLS_CERT = "fulcrum.grpc.tls-cert";

    public static final String GRPC_TLS_KEY = "fulcrum.grpc.tls-key";
    /** Extra host names and addresses (comma-separated) the generated certificate is made for. */
    public static final String GRPC_TLS_NAMES = "fulcrum.grpc.tls-names";
    /** Serve gRPC without TLS (for a loopback-only test or benchmark; never on a network). */
    public static final String GRPC_PLAINTEXT = "fulcrum.grpc.plaintext";

    /** A value from system properties, then the environment; null when neither has it. */
    public static String get(String key) {
        String v = System.getProperty(key);
        if (v == null) v = System.getenv(key.toUpperCase().replace('.', '_').replace('-', '_'));
        return v == null || v.isBlank() ? null : v;
    }

    public static Path dataDir() {
        String v = get(DATA_DIR);
        return Path.of(v == null ? DATA_DIR_DEFAULT : v).toAbsolutePath().normalize();
    }
}
