package io.fulcrum.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A second control-plane replica: the packaged application (mvn package) in a process of its own, on
 * the test's PostgreSQL, with its data in {@code target/<name>}; ready when constructed, stopped by close.
 */
final class Replica implements AutoCloseable {
    final Path data;
    final int http;
    final int grpcPort;
    private final Process process;

    Replica(String name) throws Exception {
        var config = ConfigProvider.getConfig();
        data = Path.of("target", name).toAbsolutePath();
        RestartIT.deleteTree(data);
        Files.createDirectories(data);
        http = RestartIT.freePort();
        grpcPort = RestartIT.freePort();
        Path app = Path.of(System.getProperty("fulcrum.app.dir", "target/quarkus-app"), "quarkus-run.jar");
        assertThat(app).as("the packaged control plane (mvn package)").exists();
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", app.toString())
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("replica.log").toFile());
        pb.environment().put("FULCRUM_DATA_DIR", data.toString());
        pb.environment().put("FULCRUM_HTTP_PORT", Integer.toString(http));
        pb.environment().put("FULCRUM_HTTPS_PORT", "0"); // any free port: the tests use plain HTTP on loopback
        pb.environment().put("FULCRUM_GRPC_PORT", Integer.toString(grpcPort));
        pb.environment().put("FULCRUM_DB_URL", config.getValue(Settings.DB_URL, String.class));
        pb.environment().put("FULCRUM_DB_USER", config.getValue(Settings.DB_USER, String.class));
        pb.environment().put("FULCRUM_DB_PASSWORD", config.getValue(Settings.DB_PASSWORD, String.class));
        process = pb.start();
        try {
            awaitReady();
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    /** The root of its REST API (plain HTTP on loopback). */
    URI root() {
        return URI.create("http://127.0.0.1:" + http + "/");
    }

    /** Its gRPC certificate, for agents that connect to it. */
    Path grpcCertificate() {
        return data.resolve("tls").resolve("grpc-cert.pem");
    }

    private void awaitReady() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            assertThat(process.isAlive())
                    .as("second replica running; log " + data.resolve("replica.log"))
                    .isTrue();
            try {
                if (client.send(
                                        HttpRequest.newBuilder(root().resolve("/q/health/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) return;
            } catch (IOException notYet) {
                // starting
            }
            assertThat(System.nanoTime())
                    .as("second replica ready within 120 s")
                    .isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
