package io.fulcrum.agent.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.reconcile.FakeKernel;
import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.agent.run.AgentLoop;
import io.fulcrum.agent.run.LoopThread;
import io.fulcrum.agent.run.ManualHealth;
import io.fulcrum.api.agent.v1.Hello;
import io.fulcrum.runtime.LogCapture;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's TLS to a control plane on a real loopback socket: a gRPC server (grpc-netty-shaded) with
 * a self-signed certificate for "localhost" made by the JDK's keytool, the agent dialing 127.0.0.1 with
 * that certificate as --ca: with --server-name localhost the stream opens; without it the certificate
 * does not match the address and the agent never gets through.
 */
class ControlPlaneTlsIT {
    static final String PASS = "changeit";

    @TempDir
    Path dir;

    final FakeControlPlane cp = new FakeControlPlane();
    final FakeKernel kernel = new FakeKernel();
    final ManualHealth health = new ManualHealth();
    final LogCapture output = LogCapture.start();
    Server server;
    AgentLoop loop;
    LoopThread loopThread;
    ControlPlaneClient client;

    @BeforeEach
    void startTlsControlPlane() throws Exception {
        Path keystore = dir.resolve("cp.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "cp",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost",
                "-validity",
                "2",
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASS,
                "-keypass",
                PASS);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "cp",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASS,
                "-file",
                dir.resolve("cp.pem").toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASS.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASS.toCharArray());
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(GrpcSslContexts.configure(SslContextBuilder.forServer(kmf))
                        .build())
                .addService(cp)
                .build()
                .start();
        loop = new AgentLoop(
                "lb1",
                kernel,
                new Reconciler(kernel, Set.of(), false, owned -> {}),
                health.monitor,
                Duration.ofSeconds(1));
        loopThread = LoopThread.start(loop);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (client != null) client.close();
        loopThread.stop();
        health.monitor.close();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        output.close();
    }

    void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(said).isZero();
    }

    void connect(String serverName) throws IOException {
        ControlPlaneTarget target = ControlPlaneTarget.parse("https://127.0.0.1:" + server.getPort());
        client = new ControlPlaneClient(
                target.channel(dir.resolve("cp.pem"), serverName, "fulcrum-agent/test"),
                new ControlPlaneClient.Settings(
                        "lb1", "test", target.toString(), Duration.ofHours(1), Duration.ofSeconds(10)),
                "enroll-secret",
                loop,
                new AppliedStateStore(dir.resolve("state")),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), () -> 0.5));
        client.start();
    }

    @Test
    void theAgentTrustsTheGivenCertificateUnderTheGivenServerName() throws Exception {
        connect("localhost");

        FakeControlPlane.Stream s = cp.nextStream();
        Hello h = s.hello();
        assertThat(h.getDirector()).isEqualTo("lb1");
        s.send(FakeControlPlane.snapshot(3, ControlPlaneClientTest.state(ControlPlaneClientTest.DOC)));
        assertThat(s.answer().getAck().getRevision()).isEqualTo(3);
    }

    @Test
    void aCertificateThatDoesNotNameTheAddressDialedIsRefused() throws Exception {
        connect(null);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!output.text().contains("UNAVAILABLE") && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(output.text()).contains("is unreachable or refused the stream: UNAVAILABLE");
        client.close();
        client = null;
        assertThat(cp.noStream()).as("no stream reached the control plane").isTrue();
    }
}
