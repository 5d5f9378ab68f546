package io.fulcrum.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.cli.CliRun;
import io.fulcrum.cli.FakeControlPlane;
import io.fulcrum.cli.settings.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginTest {
    @TempDir
    Path home;

    CliRun cli;
    Path saved;

    @BeforeEach
    void setUp() {
        cli = new CliRun(home);
        cli.env.clear();
        saved = home.resolve(".config/fulcrum/cli.yaml");
        cli.api.ok("/api/v1/revision", "{\"revision\":5}");
    }

    @Test
    void asksForTheTokenOnATerminalChecksItAndSavesItOwnerOnly() throws IOException {
        cli.terminal.terminal = true;
        cli.terminal.answer("s3cret-token");
        CliRun.Result r = cli.run("login", "--url", "http://cp:8080", "--no-color");
        assertThat(r.exit()).isZero();
        assertThat(cli.terminal.prompts).containsExactly("Token for http://cp:8080: ");
        assertThat(cli.connections).singleElement().satisfies(s -> {
            assertThat(s.url()).isEqualTo("http://cp:8080");
            assertThat(s.token()).isEqualTo("s3cret-token");
        });
        assertThat(r.out())
                .isEqualTo("Logged in to " + FakeControlPlane.WHERE + " (revision 5); saved to " + saved + ".\n");
        assertThat(r.out() + r.err()).doesNotContain("s3cret");
        assertThat(Files.readString(saved)).contains("url: \"http://cp:8080\"").contains("token: \"s3cret-token\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saved)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saved.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void theSavedLoginIsWhatLaterCommandsUseAndTheEnvironmentOverridesIt() {
        cli.terminal.stdin("ignored");
        cli.terminal.answer("tok-1");
        assertThat(cli.run("login", "--url", "http://cp:8080", "--token-stdin").exit())
                .isZero();
        cli.connections.clear();
        cli.run("status");
        assertThat(cli.connections).singleElement().satisfies(s -> {
            assertThat(s.url()).isEqualTo("http://cp:8080");
            assertThat(s.token()).isEqualTo("tok-1");
        });
        cli.connections.clear();
        cli.env.put(Settings.URL, "http://other:9090");
        cli.env.put(Settings.TOKEN, "tok-2");
        cli.run("status");
        assertThat(cli.connections).singleElement().satisfies(s -> {
            assertThat(s.url()).isEqualTo("http://other:9090");
            assertThat(s.token()).isEqualTo("tok-2");
        });
    }

    @Test
    void aTokenFileIsSavedByItsPathNotItsContent() throws IOException {
        Path tokenFile = Files.writeString(home.resolve("token"), "file-token\n");
        Path ca = home.resolve("ca.pem");
        CliRun.Result r = cli.run(
                "login", "--url", "https://cp:8443", "--token-file", tokenFile.toString(), "--ca", ca.toString());
        assertThat(r.exit()).isZero();
        assertThat(cli.connections.get(0).token()).isEqualTo("file-token");
        assertThat(cli.connections.get(0).ca()).isEqualTo(ca);
        assertThat(Files.readString(saved))
                .contains("tokenFile: \"" + tokenFile + "\"")
                .contains("ca: \"" + ca + "\"")
                .doesNotContain("file-token");
    }

    @Test
    void aRefusedTokenIsNotSaved() {
        CliRun fresh = new CliRun(home);
        fresh.api.on("GET", "/api/v1/revision", FakeControlPlane.problem(401, "Unauthorized", null));
        fresh.terminal.answer("bad");
        CliRun.Result r = fresh.run("login", "--url", "http://cp:8080", "--token-stdin");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("401 Unauthorized").contains("did not accept the token");
        assertThat(saved).doesNotExist();
    }

    @Test
    void withoutATerminalItNeedsTheTokenFromAFileOrStdin() {
        CliRun.Result r = cli.run("login", "--url", "http://cp:8080");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("hint: give --token-file FILE, or --token-stdin");
        assertThat(saved).doesNotExist();
    }

    @Test
    void withoutAnyConfigurationCommandsSayHowToConfigure() {
        CliRun.Result r = cli.run("status");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("error: no control plane is configured\n"
                        + "hint: set FULCRUM_URL (e.g. http://localhost:8080) and FULCRUM_TOKEN, or run"
                        + " `fulcrum ctl login --url URL`\n");
    }
}
