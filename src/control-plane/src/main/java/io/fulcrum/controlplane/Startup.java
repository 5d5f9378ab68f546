package io.fulcrum.controlplane;

import io.fulcrum.controlplane.auth.TokenService;
import io.fulcrum.controlplane.grpc.GrpcServer;
import io.fulcrum.model.Enums.Role;
import io.fulcrum.runtime.PrivateFiles;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** On start: create the first admin token if there is none, and say where the API is. */
public class Startup {
    @Inject
    TokenService tokens;

    @Inject
    GrpcServer grpc;

    @ConfigProperty(name = "quarkus.http.port")
    int port;

    @ConfigProperty(name = "quarkus.http.host")
    String host;

    @ConfigProperty(name = "quarkus.http.ssl-port")
    int httpsPort;

    @ConfigProperty(name = "quarkus.http.ssl.certificate.files")
    Optional<String> httpsCertificate;

    @ConfigProperty(name = Settings.DB_URL)
    String dbUrl;

    void onStart(@Observes StartupEvent e) throws IOException {
        String tokenLine;
        if (!tokens.anyAdmin()) {
            String given = Settings.get(Settings.ADMIN_TOKEN);
            var created = tokens.create("admin", Role.ADMIN, given, "bootstrap");
            if (given != null) {
                tokenLine = "admin token: the value of FULCRUM_ADMIN_TOKEN";
            } else {
                Path file = Settings.dataDir().resolve("admin-token");
                PrivateFiles.write(file, created.secret() + "\n");
                // shown once, and only to a person at a terminal: a service's or a test's output is a log
                tokenLine = System.console() != null
                        ? "admin token (shown once, also in " + file + "):\n    " + created.secret()
                        : "admin token: in " + file + " (readable by its owner only)";
            }
        } else {
            tokenLine = "admin token: created on first start (see "
                    + Settings.dataDir().resolve("admin-token") + " if it was generated)";
        }
        String shown = host.equals("0.0.0.0") ? "localhost" : host;
        String db = Boolean.getBoolean("fulcrum.db.embedded")
                ? "embedded PostgreSQL in " + Settings.dataDir().resolve("postgres")
                : dbUrl.replaceAll("//[^@/]*@", "//");
        System.out.println(String.join(
                "\n",
                "",
                "Fulcrum control plane is listening on http://" + host + ":" + port,
                "  dashboard:  http://" + shown + ":" + port + "/   (sign in with an API token)",
                "  REST API:   http://" + shown + ":" + port
                        + "/api/v1   (try: curl -H \"Authorization: Bearer $TOKEN\" http://" + shown + ":" + port
                        + "/api/v1/revision)",
                httpsCertificate.isEmpty()
                        ? "  HTTPS:      off"
                        : "  HTTPS:      https://" + shown + ":" + httpsPort + "/api/v1   (certificate "
                                + httpsCertificate.get() + "; clients trust it with FULCRUM_CA; plain HTTP is"
                                + " answered on loopback only)",
                "  contract:   http://" + shown + ":" + port + "/api/v1/openapi.yaml",
                "  health:     http://" + shown + ":" + port + "/q/health/ready",
                "  gRPC:       " + shown + ":" + grpc.port()
                        + (grpc.tls() == null
                                ? "   (plaintext)"
                                : "   (TLS; certificate " + grpc.tls().certificate() + ", SHA-256 "
                                        + grpc.tls().fingerprint() + ")"),
                "  database:   " + db,
                "  " + tokenLine,
                ""));
    }
}
