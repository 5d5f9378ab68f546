package io.fulcrum.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fulcrum.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https with FULCRUM_CA: a control plane whose self-signed certificate (made by the JDK's keytool) is
 * trusted only through the CA file, and refused without it.
 */
class JdkHttpTlsTest {
    @TempDir
    Path dir;

    HttpsServer server;
    Path ca;
    String url;

    @BeforeEach
    void start() throws IOException, InterruptedException, GeneralSecurityException {
        Path keystore = dir.resolve("server.p12");
        ca = dir.resolve("ca.pem");
        keytool(
                "-genkeypair",
                "-alias",
                "cp",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=cp",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit");
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "cp",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-file",
                ca.toString());

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/api/v1/revision", ex -> {
            byte[] b = "{\"revision\":1}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
        url = "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
    }

    @Test
    void theCaFileIsTheTrustAnchor() {
        ControlPlane api = new ControlPlane(new JdkHttp(url, "t", ca, "1"));
        assertThat(api.get("/api/v1/revision").path("revision").asInt()).isEqualTo(1);
    }

    @Test
    void withoutTheCaTheCertificateIsRefusedAndTheErrorSaysToSetIt() {
        ControlPlane api = new ControlPlane(new JdkHttp(url, "t", null, "1"));
        assertThatThrownBy(() -> api.get("/api/v1/revision")).isInstanceOfSatisfying(CliException.class, e -> {
            assertThat(e.getMessage()).startsWith("TLS with the control plane at " + url + " failed");
            assertThat(e.hint()).startsWith("set FULCRUM_CA");
        });
    }
}
