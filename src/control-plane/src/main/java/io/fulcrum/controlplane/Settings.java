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
    /**
     * Failed authentications a minute from one address before it is refused (429) for a minute after
     * its last failure (auth.AuthThrottle).
     */
    public static final String AUTH_FAILURES_PER_MINUTE = "fulcrum.auth.failures-per-minute";

    public static final int AUTH_FAILURES_PER_MINUTE_DEFAULT = 30;
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
    /** Port of the REST API, the dashboard and the health endpoints over HTTPS. */
    public static final String HTTPS_PORT = "fulcrum.https-port";

    /** The operator's certificate chain and key (PEM) for HTTPS; unset: the gRPC port's certificate. */
    public static final String HTTP_TLS_CERT = "fulcrum.http.tls-cert";

    public static final String HTTP_TLS_KEY = "fulcrum.http.tls-key";

    /**
     * Answer plain HTTP from anywhere. Off (the default): plain HTTP is answered only on a loopback address
     * (and for /q/health and /q/metrics); elsewhere HTTPS.
     */
    public static final String HTTP_PLAINTEXT = "fulcrum.http.plaintext";

    /** Serve gRPC without TLS (for a loopback-only test or benchmark; never on a network). */
    public static final String GRPC_PLAINTEXT = "fulcrum.grpc.plaintext";

    /**
     * The largest request body (a configuration document above all), in bytes or with a K, M or G
     * suffix (binary); a larger one is refused with 413. Read per request, so a test can lower it.
     */
    public static final String MAX_DOCUMENT_SIZE = "fulcrum.max-document-size";

    public static final long MAX_DOCUMENT_SIZE_DEFAULT = 64L << 20;

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

    /** {@link #MAX_DOCUMENT_SIZE} in bytes. */
    public static long maxDocumentSize() {
        String v = get(MAX_DOCUMENT_SIZE);
        return v == null ? MAX_DOCUMENT_SIZE_DEFAULT : bytes(v);
    }

    /** {@code 67108864}, {@code 64M}, {@code 65536K}, {@code 1G} (binary units, as Quarkus's MemorySize). */
    static long bytes(String v) {
        String t = v.trim().toUpperCase();
        long unit = switch (t.charAt(t.length() - 1)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1;
        };
        try {
            return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MAX_DOCUMENT_SIZE + " must be a size such as 64M, not '" + v + "'");
        }
    }
}
