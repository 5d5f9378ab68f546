package io.fulcrum.agent.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.cli.AgentMain;
import io.fulcrum.agent.metrics.PrometheusText;
import io.fulcrum.api.agent.v1.AgentMessage;
import io.fulcrum.api.agent.v1.Status;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent process on this machine's kernel, which has no IPVS: it stays connected, takes its
 * desired state (ACK), reports "IPVS unavailable: ..." on its status, and stops cleanly on SIGTERM.
 * (IPVS appearing later is PollingIpvsKernelTest's and AgentLoopTest's, on fakes.)
 */
class AgentWithoutIpvsIT {
    @TempDir
    Path dir;

    final FakeControlPlane cp = new FakeControlPlane();
    Server server;
    Process agent;

    @AfterEach
    void stop() throws InterruptedException {
        if (agent != null && agent.isAlive()) agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        if (server != null) server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void onAKernelWithoutIpvsTheAgentStaysConnectedAndReportsTheFault() throws Exception {
        assertThat(Path.of("/proc/net/ip_vs"))
                .as("this test needs a kernel without IPVS (the kernel lab's tests cover one with it)")
                .doesNotExist();
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(cp)
                .build()
                .start();
        Path token = Files.writeString(dir.resolve("token"), "enroll-secret\n");
        Path log = dir.resolve("agent.log");
        agent = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        AgentMain.class.getName(),
                        "agent",
                        "--name",
                        "lb1",
                        "--control-plane",
                        "http://127.0.0.1:" + server.getPort(),
                        "--token-file",
                        token.toString(),
                        "--state-dir",
                        dir.resolve("state").toString(),
                        "--status-interval",
                        "1",
                        "--metrics-address",
                        "127.0.0.1:0")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();

        FakeControlPlane.Stream s = cp.nextStream();
        assertThat(s.hello().getDirector()).isEqualTo("lb1");
        s.send(FakeControlPlane.snapshot(3, ControlPlaneClientTest.state(ControlPlaneClientTest.DOC)));
        assertThat(s.answer().getAck().getRevision())
                .as("the desired state is in force for VRRP and health checks")
                .isEqualTo(3);

        Status status = fullStatus(s);
        assertThat(status.getFaultsList())
                .singleElement()
                .asString()
                .startsWith("IPVS unavailable: this kernel has no IPVS")
                .contains("modprobe ip_vs");
        assertThat(status.getHealthList())
                .as("its real servers are health-checked")
                .isNotEmpty();
        assertThat(agent.isAlive()).as(Files.readString(log)).isTrue();

        String scrape = scrape(log);
        assertThat(PrometheusText.parse(scrape))
                .containsEntry("fulcrum_agent_ipvs_available", 0.0)
                .containsEntry("fulcrum_agent_desired_state_loaded", 1.0)
                .containsEntry("fulcrum_health_up{virtual_server=\"web\",real_server=\"a\"}", 1.0);
        promtoolCheckMetrics(scrape);

        agent.destroy(); // SIGTERM
        assertThat(agent.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).as("the JVM's status after SIGTERM").isEqualTo(143);
        assertThat(Files.readString(log))
                .contains("IPVS unavailable: this kernel has no IPVS")
                .contains("stopped; the kernel's rules stay as they are");
    }

    /** GET /metrics of the agent, at the address its log names. */
    static String scrape(Path log) throws Exception {
        Matcher m = Pattern.compile("metrics at (http://\\S+/metrics)").matcher(Files.readString(log));
        assertThat(m.find()).as(Files.readString(log)).isTrue();
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(m.group(1))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return r.body();
    }

    /** Prometheus's own linter (Debian's prometheus package): nothing to say, exit status 0. */
    static void promtoolCheckMetrics(String text) throws Exception {
        Process p = new ProcessBuilder("promtool", "check", "metrics")
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(said).as("promtool check metrics").isEmpty();
        assertThat(p.exitValue()).isZero();
    }

    /** The next full status after the ACK. */
    static Status fullStatus(FakeControlPlane.Stream s) throws InterruptedException {
        while (true) {
            Status st = s.next(AgentMessage.BodyCase.STATUS).getStatus();
            if (st.getFull()) return st;
        }
    }
}
