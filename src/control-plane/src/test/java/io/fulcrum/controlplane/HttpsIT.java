package io.fulcrum.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.controlplane.grpc.TlsMaterial;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * HTTPS for the REST API with a generated self-signed certificate (the gRPC port's, as FulcrumMain sets it
 * up), trusted as a client given FULCRUM_CA would trust it; and plain HTTP answered on loopback only, with
 * /q/health the exception. The server listens on every address here so a non-loopback one can be tried.
 */
@QuarkusTest
@TestProfile(HttpsIT.Tls.class)
class HttpsIT {
    static final Path TLS = Path.of("target", "https-it").toAbsolutePath();

    public static class Tls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                TlsMaterial t = TlsMaterial.resolve(null, null, TLS, List.of());
                return Map.of(
                        "quarkus.http.ssl.certificate.files", t.certificate().toString(),
                        "quarkus.http.ssl.certificate.key-files", t.key().toString(),
                        "quarkus.http.host", "0.0.0.0");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @TestHTTPResource(value = "/api/v1/revision", tls = true)
    URL https;

    @TestHTTPResource("/api/v1/revision")
    URL http;

    static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
        return client.send(
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + EmbeddedPostgresResource.ADMIN_TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRestApiAnswersOverHttpsWithTheGeneratedCertificate() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(TLS.resolve("grpc-cert.pem"))) {
            trust.setCertificateEntry(
                    "fulcrum", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);

        HttpResponse<String> r = get(HttpClient.newBuilder().sslContext(ssl).build(), https.toURI());

        assertThat(https.getProtocol()).isEqualTo("https");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("revision");
    }

    @Test
    void plainHttpIsAnsweredOnLoopbackOnly() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        int port = http.getPort();
        assertThat(get(client, URI.create("http://127.0.0.1:" + port + "/api/v1/revision"))
                        .statusCode())
                .isEqualTo(200);

        String other = nonLoopbackAddress();
        HttpResponse<String> refused = get(client, URI.create("http://" + other + ":" + port + "/api/v1/revision"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("plain HTTP is answered on loopback only: use https://");
        assertThat(get(client, URI.create("http://" + other + ":" + port + "/q/health/ready"))
                        .statusCode())
                .as("probes may use plain HTTP")
                .isEqualTo(200);
    }

    /** An IPv4 address of this host that is not a loopback one (the test needs one: it fails without). */
    static String nonLoopbackAddress() throws IOException {
        for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!i.isUp() || i.isLoopback()) continue;
            for (InetAddress a : Collections.list(i.getInetAddresses()))
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) return a.getHostAddress();
        }
        throw new AssertionError("this host has no non-loopback IPv4 address to try plain HTTP on");
    }
}
