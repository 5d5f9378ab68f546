package io.fulcrum.deploy;

import static io.fulcrum.deploy.Commands.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The top-level docker-compose.yml, as a person starts it, on this machine: docker-compose against
 * rootful podman's Docker API, the project's images on the local base, a local PostgreSQL in place of the
 * public image. This kernel has no IPVS, so no traffic crosses the VIP here; what is asserted is that
 * PostgreSQL and the control plane come up, enrollment happens by itself, both agents connect and report
 * "IPVS unavailable" (or not, on a kernel with IPVS), and the real servers answer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeDemoIT {
    private static final String PROJECT = "fulcrum-demo-it";
    private static final String CP = "http://172.29.80.10:8080";
    private static final String ADMIN = "Authorization: Bearer demo-admin-token";
    private static final Path SOCKET = Path.of("/run/fulcrum-deploy-it/podman.sock");

    private static Process service;
    private static Podman.HostNetwork hostNetwork;
    private static ScheduledExecutorService healthChecks;
    private static final Map<String, String> COMPOSE_ENV = new HashMap<>();

    @BeforeAll
    static void startTheDemo() throws IOException {
        Commands.require("docker-compose", "Debian's docker-compose");
        Commands.require("curl", "curl");
        hostNetwork = Podman.HostNetwork.save();
        Podman.projectImages();
        Podman.postgresImage();
        Files.createDirectories(SOCKET.getParent());
        Files.deleteIfExists(SOCKET);
        ProcessBuilder pb = new ProcessBuilder("podman", "system", "service", "--time", "0", "unix://" + SOCKET)
                .redirectErrorStream(true)
                .redirectOutput(
                        ROOT.resolve("src/deploy/target/podman-service.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(Podman.ENV);
        service = pb.start();
        Commands.eventually(
                "podman's API socket", Duration.ofSeconds(30), Duration.ofMillis(200), () -> Files.exists(SOCKET));
        COMPOSE_ENV.putAll(Podman.ENV);
        COMPOSE_ENV.putAll(Map.of(
                "DOCKER_HOST", "unix://" + SOCKET,
                "FULCRUM_TAG", Podman.TAG,
                "FULCRUM_BASE", Podman.BASE,
                "FULCRUM_POSTGRES_IMAGE", Podman.POSTGRES,
                "FULCRUM_DEMO_IMAGE", Podman.BASE));
        compose("down", "--volumes", "--remove-orphans");
        // podman runs health checks from systemd timers; there are none here, so run them in a loop
        healthChecks = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "compose-it-health-checks"));
        healthChecks.scheduleWithFixedDelay(
                () -> Podman.run(Duration.ofSeconds(20), "healthcheck", "run", PROJECT + "_postgres_1"),
                2,
                2,
                TimeUnit.SECONDS);
        composeOk(Duration.ofMinutes(6), "up", "--detach", "--no-build");
    }

    @AfterAll
    static void stopTheDemo() throws InterruptedException {
        try {
            if (healthChecks != null) healthChecks.shutdownNow();
            if (service != null && service.isAlive()) {
                System.out.println(compose("logs", "--no-color", "--tail", "40").output());
                compose("down", "--volumes", "--remove-orphans", "--timeout", "5");
            }
        } finally {
            if (service != null) {
                service.destroy();
                if (!service.waitFor(20, TimeUnit.SECONDS)) service.destroyForcibly();
            }
            if (hostNetwork != null) hostNetwork.restore();
        }
    }

    private static Commands.Result compose(String... args) {
        return compose(Duration.ofMinutes(2), args);
    }

    private static Commands.Result compose(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(
                "docker-compose",
                "--no-ansi",
                "-p",
                PROJECT,
                "-f",
                ROOT.resolve("docker-compose.yml").toString()));
        command.addAll(List.of(args));
        return Commands.run(command, timeout, COMPOSE_ENV);
    }

    private static void composeOk(Duration timeout, String... args) {
        Commands.Result r = compose(timeout, args);
        if (r.exit() != 0) {
            throw new AssertionError("docker-compose " + String.join(" ", args) + " exited " + r.exit() + ":\n"
                    + r.output() + "\n--- logs ---\n"
                    + compose("logs", "--no-color", "--tail", "60").output());
        }
    }

    private static Commands.Result curl(String... args) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "5"));
        command.addAll(List.of(args));
        return Commands.run(command, Duration.ofSeconds(15));
    }

    @Test
    @Order(1)
    void postgresqlAndTheControlPlaneAreReady() {
        Commands.eventually(
                "the control plane is ready",
                Duration.ofSeconds(120),
                Duration.ofSeconds(1),
                () -> curl("-f", CP + "/q/health/ready").output().contains("UP"));
        assertThat(curl("-f", "-H", ADMIN, CP + "/api/v1/revision").exit()).isZero();
    }

    @Test
    @Order(2)
    void enrollmentHappensByItselfAndBothAgentsConnect() {
        Commands.eventually(
                "the setup service ends",
                Duration.ofSeconds(120),
                Duration.ofSeconds(1),
                () -> compose("ps", "setup").output().contains("Exit 0"));
        for (String director : List.of("lb1", "lb2")) {
            assertThat(curl("-f", "-H", ADMIN, CP + "/api/v1/directors/" + director + "/enrollment-tokens")
                            .output())
                    .contains("\"director\":\"" + director + "\"");
            Commands.eventually(
                    director + "'s agent is connected",
                    Duration.ofSeconds(120),
                    Duration.ofSeconds(2),
                    () -> curl("-f", "-H", ADMIN, CP + "/api/v1/directors/" + director + "/status")
                            .output()
                            .replace(" ", "")
                            .contains("\"connected\":true"));
            // the kernel is the host's: without IPVS the agent runs on and says so in its status report
            boolean ipvs = Files.exists(Path.of("/proc/net/ip_vs"));
            Commands.eventually(
                    director + "'s report says whether IPVS is there",
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(2),
                    () -> {
                        String status = curl("-f", "-H", ADMIN, CP + "/api/v1/directors/" + director + "/status")
                                .output();
                        return status.contains("\"report\"") && status.contains("IPVS unavailable") != ipvs;
                    });
        }
    }

    @Test
    @Order(3)
    void theRealServersAnswer() {
        for (String[] rs : List.of(new String[] {"172.29.80.31", "rs1"}, new String[] {"172.29.80.32", "rs2"})) {
            Commands.eventually(
                    rs[1] + " answers",
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(1),
                    () -> curl("-f", "http://" + rs[0] + "/").output().trim().equals(rs[1]));
        }
    }

    /** Whether the director's container holds the VIP on eth0. */
    private static boolean holdsVip(String director) {
        return Podman.run(
                        Duration.ofSeconds(20),
                        "exec",
                        PROJECT + "_" + director + "_1",
                        "ip",
                        "-o",
                        "-4",
                        "addr",
                        "show",
                        "dev",
                        "eth0")
                .output()
                .contains("172.29.80.100/32");
    }

    @Test
    @Order(4)
    void theVrrpPairElectsLb1AndStoppingItMovesTheVipToLb2() {
        // VRRP runs without IPVS: lb1 (priority 150) becomes master and holds the VIP, lb2 stands by
        Commands.eventually("lb1 holds the VIP", Duration.ofSeconds(60), Duration.ofSeconds(1), () -> holdsVip("lb1"));
        assertThat(holdsVip("lb2")).isFalse();
        Commands.Result stop = compose("stop", "--timeout", "10", "lb1");
        assertThat(stop.exit()).as(stop.output()).isZero();
        Commands.eventually(
                "lb2 takes the VIP over", Duration.ofSeconds(15), Duration.ofMillis(500), () -> holdsVip("lb2"));
    }

    /**
     * The client says each second what it got: a real server's name or, here where the host has no IPVS
     * to balance the VIP, "no answer"; never a crash of its HTTP client.
     */
    @Test
    @Order(5)
    void theClientSaysEachSecondWhatItGot() {
        Commands.eventually(
                "the client has said something",
                Duration.ofSeconds(20),
                Duration.ofSeconds(1),
                () -> compose("logs", "--no-color", "client")
                        .output()
                        .lines()
                        .anyMatch(l -> l.matches(".*\\d\\d:\\d\\d:\\d\\d (rs1|rs2|no answer)\\s*")));
        assertThat(compose("logs", "--no-color", "client").output()).doesNotContain("Segmentation fault");
    }
}
