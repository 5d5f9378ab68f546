package io.fulcrum.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Debian packages installed with apt in a container whose PID 1 is systemd (the local Debian base,
 * no network but loopback), and their units run there: `systemd-analyze verify` is silent, and
 * `systemctl enable --now` returns once the process itself said READY=1 (Type=notify).
 */
class SystemdUnitsIT {
    private static final String CONTAINER = "fulcrum-systemd-it";
    private static final Duration T = Duration.ofSeconds(60);

    @BeforeAll
    static void bootSystemdAndInstallThePackages() {
        Podman.base();
        Podman.run(T, "rm", "--force", "--time", "0", CONTAINER);
        Podman.ok(
                T,
                "run",
                "--detach",
                "--name",
                CONTAINER,
                "--privileged",
                "--network",
                "none",
                "--systemd",
                "always",
                Podman.BASE,
                "/sbin/init");
        Commands.eventually("systemd in the container is up", Duration.ofSeconds(90), Duration.ofSeconds(1), () -> {
            String state = exec("systemctl", "is-system-running").output().trim();
            return state.equals("running") || state.equals("degraded");
        });
        for (String name : List.of("fulcrum-agent", "fulcrum-control-plane")) {
            Podman.ok(T, "cp", DebianPackagesIT.deb(name).toString(), CONTAINER + ":/tmp/" + name + ".deb");
        }
        // apt resolves the Depends from what is installed (the base has a Java 17 runtime; no network here)
        execOk(
                "env",
                "DEBIAN_FRONTEND=noninteractive",
                "apt-get",
                "install",
                "-y",
                "/tmp/fulcrum-agent.deb",
                "/tmp/fulcrum-control-plane.deb");
    }

    @AfterAll
    static void removeTheContainer() {
        Podman.run(T, "rm", "--force", "--time", "0", CONTAINER);
    }

    private static Commands.Result exec(String... command) {
        List<String> args = new ArrayList<>(List.of("exec", CONTAINER));
        args.addAll(List.of(command));
        return Podman.run(Duration.ofMinutes(5), args.toArray(String[]::new));
    }

    private static String execOk(String... command) {
        Commands.Result r = exec(command);
        if (r.exit() != 0) {
            throw new AssertionError("`" + String.join(" ", command) + "` exited " + r.exit() + ":\n" + r.output()
                    + "\n--- journal ---\n"
                    + exec("journalctl", "--no-pager", "-n", "80").output());
        }
        return r.output();
    }

    @Test
    void systemdAnalyzeVerifyPrintsNothingForTheInstalledUnits() {
        assertThat(execOk(
                        "systemd-analyze",
                        "verify",
                        "/lib/systemd/system/fulcrum-agent.service",
                        "/lib/systemd/system/fulcrum-control-plane.service"))
                .isEmpty();
    }

    @Test
    void theControlPlaneRunsAsItsSystemUserAndIsReadyWhenSystemctlReturns() {
        assertThat(execOk("getent", "passwd", "fulcrum")).contains("/var/lib/fulcrum/control-plane");
        // Type=notify: `enable --now` returns only after READY=1, so the REST API answers at once
        execOk("systemctl", "enable", "--now", "fulcrum-control-plane");
        assertThat(execOk("systemctl", "is-active", "fulcrum-control-plane").trim())
                .isEqualTo("active");
        assertThat(execOk("curl", "-fsS", "http://127.0.0.1:8080/q/health/ready"))
                .contains("UP");
        assertThat(execOk("systemctl", "show", "-p", "StatusText", "fulcrum-control-plane"))
                .contains("REST API");
        assertThat(execOk(
                        "ps",
                        "-o",
                        "user=",
                        "-p",
                        execOk("systemctl", "show", "-p", "MainPID", "--value", "fulcrum-control-plane")
                                .trim()))
                .contains("fulcrum");
        assertThat(execOk("sh", "-c", "test -s /var/lib/fulcrum/control-plane/admin-token && echo token"))
                .contains("token");
    }

    @Test
    void theAgentStartsWithItsPackagedConfigurationAndSaysItIsReady() throws InterruptedException {
        execOk("systemctl", "enable", "--now", "fulcrum-agent");
        assertThat(execOk("systemctl", "is-active", "fulcrum-agent").trim()).isEqualTo("active");
        assertThat(execOk("systemctl", "show", "-p", "StatusText", "fulcrum-agent"))
                .contains("state from /etc/fulcrum/state.yaml");
        // still running a few rounds later (--interval 5 s): no crash, no restart loop
        Thread.sleep(6000);
        assertThat(execOk("systemctl", "is-active", "fulcrum-agent").trim()).isEqualTo("active");
        assertThat(execOk("systemctl", "show", "-p", "NRestarts", "--value", "fulcrum-agent")
                        .trim())
                .isEqualTo("0");
    }
}
