package io.fulcrum.controlplane;

import io.fulcrum.controlplane.grpc.TlsMaterial;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * HTTPS for the REST API and the dashboard, set up before Quarkus starts its HTTP server: the operator's
 * certificate ({@link Settings#HTTP_TLS_CERT}, {@link Settings#HTTP_TLS_KEY}), else the gRPC port's (the
 * operator's, or the self-signed one generated in DATA_DIR/tls and kept): one certificate for both ports, one
 * file for clients to trust (FULCRUM_CA, an agent's --ca). Plain HTTP stays open for loopback clients only
 * ({@link PlainHttpGuard}).
 */
final class Https {
    private Https() {}

    /** Sets Quarkus's certificate files (system properties, read when the HTTP server starts). */
    static TlsMaterial configure() throws IOException {
        TlsMaterial tls;
        if (Settings.get(Settings.HTTP_TLS_CERT) != null || Settings.get(Settings.HTTP_TLS_KEY) != null) {
            tls = TlsMaterial.resolve(path(Settings.HTTP_TLS_CERT), path(Settings.HTTP_TLS_KEY), null, List.of());
        } else {
            tls = TlsMaterial.forGrpcPort(Settings::get);
        }
        System.setProperty(
                "quarkus.http.ssl.certificate.files", tls.certificate().toString());
        System.setProperty("quarkus.http.ssl.certificate.key-files", tls.key().toString());
        return tls;
    }

    private static Path path(String key) {
        String v = Settings.get(key);
        return v == null ? null : Path.of(v);
    }
}
