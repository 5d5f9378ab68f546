package io.fulcrum.agent.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.cli.AgentMain;
import io.fulcrum.api.agent.v1.AgentMessage;
import io.fulcrum.api.agent.v1.Status;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
                        "1")
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

        agent.destroy(); // SIGTERM
        assertThat(agent.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).as("the JVM's status after SIGTERM").isEqualTo(143);
        assertThat(Files.readString(log))
                .contains("IPVS unavailable: this kernel has no IPVS")
                .contains("stopped; the kernel's rules stay as they are");
    }

    /** The next full status after the ACK. */
    static Status fullStatus(FakeControlPlane.Stream s) throws InterruptedException {
        while (true) {
            Status st = s.next(AgentMessage.BodyCase.STATUS).getStatus();
            if (st.getFull()) return st;
        }
    }
}
