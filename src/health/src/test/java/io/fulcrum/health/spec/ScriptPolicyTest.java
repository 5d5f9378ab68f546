package io.fulcrum.health.spec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptPolicyTest {
    @TempDir Path tmp;
    Path dir;
    ScriptPolicy policy;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createDirectory(tmp.resolve("scripts"));
        script(dir.resolve("ok.sh"), "rwxr-xr-x");
        script(tmp.resolve("outside.sh"), "rwxr-xr-x");
        policy = ScriptPolicy.allowing(dir, true);
    }

    static Path script(Path p, String mode) throws Exception {
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    @Test
    void aScriptOfTheAllowedDirectoryIsAcceptedByAbsoluteOrRelativeName() {
        assertThat(policy.resolve(dir.resolve("ok.sh").toString())).isEqualTo(dir.resolve("ok.sh").toAbsolutePath());
        assertThat(policy.resolve("ok.sh")).isEqualTo(dir.resolve("ok.sh"));
    }

    @Test
    void theDirectoryMayBeConfiguredThroughASymbolicLink() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("link"), dir);
        assertThat(ScriptPolicy.allowing(link, true).resolve(link.resolve("ok.sh").toString())).isEqualTo(dir.resolve("ok.sh"));
    }

    @Test
    void pathsOutsideTheDirectoryAreRefused() {
        assertThatThrownBy(() -> policy.resolve(tmp.resolve("outside.sh").toString())).hasMessageContaining("is outside the allowed script directory");
        assertThatThrownBy(() -> policy.resolve("/bin/sh")).hasMessageContaining("is outside the allowed script directory");
        assertThatThrownBy(() -> policy.resolve(dir + "/../outside.sh")).hasMessageContaining("must not contain '..'");
    }

    @Test
    void aSymbolicLinkLeadingOutOfTheDirectoryIsRefused() throws Exception {
        Files.createSymbolicLink(dir.resolve("escape.sh"), tmp.resolve("outside.sh"));
        assertThatThrownBy(() -> policy.resolve("escape.sh")).hasMessageContaining("leads outside the allowed script directory");
    }

    @Test
    void unusableFilesAreRefused() throws Exception {
        script(dir.resolve("noexec.sh"), "rw-r--r--");
        script(dir.resolve("writable.sh"), "rwxrwxr-x");
        script(dir.resolve("private.sh"), "rwx------");
        Files.createDirectory(dir.resolve("sub"));
        assertThatThrownBy(() -> policy.resolve("missing.sh")).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> policy.resolve("noexec.sh")).hasMessageContaining("is not executable");
        assertThatThrownBy(() -> policy.resolve("writable.sh")).hasMessageContaining("is writable by group or others");
        assertThatThrownBy(() -> policy.resolve("private.sh")).hasMessageContaining("not readable and executable by the unprivileged user");
        assertThatThrownBy(() -> policy.resolve("sub")).hasMessageContaining("is not a regular file");
        assertThatThrownBy(() -> policy.resolve("")).hasMessageContaining("is empty");
    }

    @Test
    void withoutAnAllowedDirectoryNoScriptRuns() {
        assertThat(ScriptPolicy.none().enabled()).isFalse();
        assertThatThrownBy(() -> ScriptPolicy.none().resolve(dir.resolve("ok.sh").toString())).hasMessageContaining("scripts are not allowed");
    }
}
