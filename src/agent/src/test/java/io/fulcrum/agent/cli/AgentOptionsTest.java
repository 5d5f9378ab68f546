package io.fulcrum.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.agent.controlplane.ControlPlaneTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's command line and --config file: what they set, and how bad values are refused (exit 2, no stack trace). */
class AgentOptionsTest {
    static final String TOKEN = "enroll-Vq9LpZkW3e7hQm2x";

    @TempDir
    Path dir;

    Path tokenFile() throws IOException {
        return Files.writeString(dir.resolve("token"), "  " + TOKEN + "\n");
    }

    Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    record Run(int status, String output) {}

    static Run run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = AgentMain.run(args, ps, ps);
        return new Run(status, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theControlPlaneOptionsAreRead() throws IOException {
        AgentMain.Options o = AgentMain.Options.parse(new String[] {
            "agent",
            "--name",
            "lb1",
            "--control-plane",
            "https://cp.example:9443",
            "--token-file",
            tokenFile().toString(),
            "--server-name",
            "localhost",
            "--status-interval",
            "30",
            "--state-dir",
            dir.toString()
        });

        assertThat(o.controlPlane).isEqualTo(new ControlPlaneTarget("cp.example", 9443, true));
        assertThat(o.token).isEqualTo(TOKEN);
        assertThat(o.serverName).isEqualTo("localhost");
        assertThat(o.statusInterval).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.file).isNull();
    }

    @Test
    void theControlPlaneUrlTakesTlsByDefaultAndPlaintextOnlyWithHttp() {
        assertThat(ControlPlaneTarget.parse("cp:9443")).isEqualTo(new ControlPlaneTarget("cp", 9443, true));
        assertThat(ControlPlaneTarget.parse("https://10.0.2.2:7000/"))
                .isEqualTo(new ControlPlaneTarget("10.0.2.2", 7000, true));
        assertThat(ControlPlaneTarget.parse("http://127.0.0.1:9443"))
                .isEqualTo(new ControlPlaneTarget("127.0.0.1", 9443, false));
        assertThat(ControlPlaneTarget.parse("https://[2001:db8::1]:9443"))
                .isEqualTo(new ControlPlaneTarget("2001:db8::1", 9443, true));
        assertThat(ControlPlaneTarget.parse("cp.example")).isEqualTo(new ControlPlaneTarget("cp.example", 9443, true));
        assertThat(ControlPlaneTarget.parse("https://[2001:db8::1]:9443")).hasToString("https://[2001:db8::1]:9443");
        for (String bad : new String[] {
            "ftp://cp:21", "https://cp:0", "cp:99999", "https://cp:9443/agents", "", "https://[nope]:1", "cp:port"
        }) {
            assertThatThrownBy(() -> ControlPlaneTarget.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aConfigFileGivesTheSameKeysAndTheCommandLineWins() throws IOException {
        Path config = file("agent.conf", """
                # the director agent
                name = lb1
                control-plane = https://cp:9443
                token-file = %s
                status-interval = 20
                interval = 3
                purge-foreign = true

                state-dir = %s
                """.formatted(tokenFile(), dir));

        AgentMain.Options o = AgentMain.Options.parse(
                new String[] {"agent", "--config", config.toString(), "--interval", "7", "--name", "lb2"});

        assertThat(o.name).isEqualTo("lb2");
        assertThat(o.interval).isEqualTo(Duration.ofSeconds(7));
        assertThat(o.statusInterval).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.purgeForeign).isTrue();
        assertThat(o.stateDir).isEqualTo(dir);
        assertThat(o.controlPlane.host()).isEqualTo("cp");
        assertThat(o.token).isEqualTo(TOKEN);
    }

    @Test
    void stateAndControlPlaneAreMutuallyExclusiveWhereverTheyComeFrom() throws IOException {
        Path config = file("agent.conf", "control-plane = cp:9443\ntoken-file = " + tokenFile() + "\n");

        Run r = run("agent", "--name", "lb1", "--config", config.toString(), "--state", "lb.yaml");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.output()).contains("--state and --control-plane are mutually exclusive");

        Run both = run(
                "agent",
                "--name",
                "lb1",
                "--state",
                "lb.yaml",
                "--control-plane",
                "cp:9443",
                "--token-file",
                tokenFile().toString());
        assertThat(both.status()).isEqualTo(2);

        Run neither = run("agent", "--name", "lb1");
        assertThat(neither.status()).isEqualTo(2);
        assertThat(neither.output()).contains("agent needs --state FILE or --control-plane URL");
    }

    @Test
    void badValuesAreUsageErrorsThatSayWhatIsWrong() throws IOException {
        String token = tokenFile().toString();
        assertThat(run("agent", "--name", "lb1", "--control-plane", "ftp://cp", "--token-file", token))
                .satisfies(r -> assertThat(r.status()).isEqualTo(2))
                .extracting(Run::output)
                .asString()
                .contains("--control-plane 'ftp://cp' is not https://HOST:PORT");
        assertThat(run("agent", "--name", "lb1", "--control-plane", "cp:9443").output())
                .contains("--control-plane needs --token-file");
        assertThat(run(
                                "agent",
                                "--name",
                                "lb1",
                                "--control-plane",
                                "cp:9443",
                                "--token-file",
                                dir.resolve("missing").toString())
                        .output())
                .contains("--token-file " + dir.resolve("missing") + ": cannot read it");
        assertThat(run(
                                "agent",
                                "--name",
                                "lb1",
                                "--control-plane",
                                "cp:9443",
                                "--token-file",
                                file("empty", " \n").toString())
                        .output())
                .contains("is empty");
        assertThat(run(
                                "agent",
                                "--name",
                                "lb1",
                                "--control-plane",
                                "cp:9443",
                                "--token-file",
                                token,
                                "--status-interval",
                                "0")
                        .output())
                .contains("--status-interval takes whole seconds, at least 1: 0");
        assertThat(run("agent", "--name", "lb1", "--state", "lb.yaml", "--ca", token)
                        .output())
                .contains("--ca is for --control-plane");
        assertThat(run(
                                "agent",
                                "--name",
                                "lb1",
                                "--control-plane",
                                "http://127.0.0.1:9443",
                                "--token-file",
                                token,
                                "--ca",
                                token)
                        .output())
                .contains("--ca is for TLS; http://127.0.0.1:9443 is plaintext");
        assertThat(run("agent", "--name", "lb1", "--control-plane", "cp:9443", "--token-file", token, "--ca", token)
                        .output())
                .contains("--ca " + token + " is not a PEM certificate");
        assertThat(run("agent", "--name", "lb 1", "--state", "lb.yaml").output())
                .contains("--name 'lb 1' is not a director name");
    }

    @Test
    void aBadScriptsDirectoryIsAUsageError() throws IOException {
        Run r = run(
                "agent",
                "--name",
                "lb1",
                "--state",
                file("lb.yaml", "apiVersion: fulcrum/v1\n").toString(),
                "--scripts",
                dir.resolve("no-such-dir").toString());

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.output())
                .contains("--scripts " + dir.resolve("no-such-dir") + " is not a directory")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void aBadConfigFileIsAUsageErrorNamingItsLine() throws IOException {
        assertThat(run(
                                "agent",
                                "--config",
                                file("a.conf", "name = lb1\nstate: lb.yaml\n").toString())
                        .output())
                .contains("a.conf line 2: expected 'key = value'");
        assertThat(run(
                                "agent",
                                "--config",
                                file("b.conf", "name = lb1\nrole = real-server\n")
                                        .toString())
                        .output())
                .contains("b.conf line 2: unknown key 'role'");
        assertThat(run(
                                "agent",
                                "--config",
                                file("c.conf", "name = lb1\nname = lb2\n").toString())
                        .output())
                .contains("c.conf line 2: 'name' is given twice");
        assertThat(run("agent", "--config", file("d.conf", "interval = soon\n").toString())
                        .output())
                .contains("d.conf line 1: interval takes whole seconds");
        assertThat(run("agent", "--config", dir.resolve("none.conf").toString()).output())
                .contains("--config " + dir.resolve("none.conf") + ": cannot read it");
        assertThat(run("ipvs", "list", "--config", "x").output()).contains("--config is for 'agent'");
    }

    @Test
    void theTokenIsNeverPrinted() throws IOException {
        Path twoTokens = file("two", TOKEN + " " + TOKEN + "\n");
        Run r = run("agent", "--name", "lb1", "--control-plane", "cp:9443", "--token-file", twoTokens.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.output()).contains("holds more than one token").doesNotContain(TOKEN);

        Path config = file(
                "e.conf",
                "token-file = " + tokenFile() + "\ncontrol-plane = cp:9443\nname = lb1\nca = " + tokenFile() + "\n");
        assertThat(run("agent", "--config", config.toString()).output())
                .contains("is not a PEM certificate")
                .doesNotContain(TOKEN);
    }
}
