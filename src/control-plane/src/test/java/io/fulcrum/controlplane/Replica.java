package io.fulcrum.controlplane;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A second control-plane replica: the packaged application (mvn package) in a process of its own, on
 * the test's PostgreSQL, with its data in {@code target/<name>}; ready when constructed, stopped by close.
 */
final class Replica implements AutoCloseable {
    final Path data;
    final int http;
    final int grpcPort;
    private final ControlPlaneProcess process;

    Replica(String name) throws Exception {
        var config = ConfigProvider.getConfig();
        data = Path.of("target", name).toAbsolutePath();
        TestFiles.deleteTree(data);
        process = new ControlPlaneProcess(
                "second replica",
                ControlPlaneProcess.packagedApp(),
                data,
                data.resolve("replica.log"),
                List.of(),
                Map.of(
                        "FULCRUM_DB_URL", config.getValue(Settings.DB_URL, String.class),
                        "FULCRUM_DB_USER", config.getValue(Settings.DB_USER, String.class),
                        "FULCRUM_DB_PASSWORD", config.getValue(Settings.DB_PASSWORD, String.class)));
        http = process.http;
        grpcPort = process.grpc;
        process.startReady(Duration.ofSeconds(120));
    }

    /** The root of its REST API (plain HTTP on loopback). */
    URI root() {
        return URI.create("http://127.0.0.1:" + http + "/");
    }

    /** Its gRPC certificate, for agents that connect to it. */
    Path grpcCertificate() {
        return data.resolve("tls").resolve("grpc-cert.pem");
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
