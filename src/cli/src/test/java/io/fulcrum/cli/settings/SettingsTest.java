package io.fulcrum.cli.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path dir;

    @Test
    void theEnvironmentOverridesTheSavedLoginVariableByVariable() throws IOException {
        Path tokenFile = Files.writeString(dir.resolve("t"), "  from-file \nsecond line\n");
        SavedLogin saved = new SavedLogin("http://saved:1", "saved-token", null, Path.of("/saved/ca.pem"));
        assertThat(Settings.resolve(Map.of(), saved))
                .isEqualTo(new Settings("http://saved:1", "saved-token", Path.of("/saved/ca.pem")));
        assertThat(Settings.resolve(
                        Map.of("FULCRUM_URL", "http://env:2", "FULCRUM_TOKEN_FILE", tokenFile.toString()), saved))
                .isEqualTo(new Settings("http://env:2", "from-file", Path.of("/saved/ca.pem")));
        assertThat(Settings.resolve(
                        Map.of(
                                "FULCRUM_TOKEN",
                                "env-token",
                                "FULCRUM_TOKEN_FILE",
                                tokenFile.toString(),
                                "FULCRUM_CA",
                                "/e.pem"),
                        saved))
                .isEqualTo(new Settings("http://saved:1", "env-token", Path.of("/e.pem")));
    }

    @Test
    void aSavedTokenFileIsReadOnUse() throws IOException {
        Path tokenFile = Files.writeString(dir.resolve("t"), "rotated\n");
        assertThat(Settings.resolve(Map.of(), new SavedLogin("http://cp", null, tokenFile, null))
                        .token())
                .isEqualTo("rotated");
    }

    @Test
    void withoutAUrlItSaysWhatToSet() {
        assertThatThrownBy(() -> Settings.resolve(Map.of("FULCRUM_TOKEN", "x"), SavedLogin.NONE))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.hint()).contains("FULCRUM_URL"));
    }

    @Test
    void anUnreadableTokenFileSaysWhichOne() {
        assertThatThrownBy(() -> Settings.resolve(
                        Map.of(
                                "FULCRUM_URL",
                                "http://cp",
                                "FULCRUM_TOKEN_FILE",
                                dir.resolve("none").toString()),
                        SavedLogin.NONE))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("cannot read the token file " + dir.resolve("none") + " (FULCRUM_TOKEN_FILE)");
    }

    @Test
    void theTokenIsNeverInTheirText() {
        assertThat(new Settings("http://cp", "s3cret", null).toString()).doesNotContain("s3cret");
        assertThat(new SavedLogin("http://cp", "s3cret", null, null).toString()).doesNotContain("s3cret");
    }

    @Test
    void theSavedLoginRoundTripsAndLivesUnderXdgConfigHome() throws IOException {
        assertThat(SavedLogin.file(Map.of(), dir)).isEqualTo(dir.resolve(".config/fulcrum/cli.yaml"));
        assertThat(SavedLogin.file(Map.of("XDG_CONFIG_HOME", "/x"), dir)).isEqualTo(Path.of("/x/fulcrum/cli.yaml"));
        Path file = dir.resolve("a/b/cli.yaml");
        SavedLogin login = new SavedLogin("http://cp:8080", null, Path.of("/t"), Path.of("/ca.pem"));
        login.write(file);
        login.write(file); // replaces it
        assertThat(SavedLogin.read(file)).isEqualTo(login);
        assertThat(SavedLogin.read(dir.resolve("none"))).isEqualTo(SavedLogin.NONE);
    }

    @Test
    void aBrokenSavedLoginSaysToLogInAgain() throws IOException {
        Path file = Files.writeString(dir.resolve("cli.yaml"), "- just\n- a list\n");
        assertThatThrownBy(() -> SavedLogin.read(file))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.hint()).contains("run `fulcrum ctl login` again"));
    }
}
