package io.fulcrum.scripts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which scripts may run. Needs root, as the tests run in CI: scripts must be owned by root. */
class ScriptPolicyTest {
    @TempDir
    Path tmp;

    Path dir;
    ScriptPolicy policy;

    @BeforeEach
    void setUp() throws Exception {
        assertThat(System.getProperty("user.name"))
                .as("ScriptPolicyTest makes files owned by root and by others: it must run as root")
                .isEqualTo("root");
        dir = Files.createDirectory(tmp.resolve("scripts"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
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
        assertThat(policy.resolve(dir.resolve("ok.sh").toString()))
                .isEqualTo(dir.resolve("ok.sh").toAbsolutePath());
        assertThat(policy.resolve("ok.sh")).isEqualTo(dir.resolve("ok.sh"));
    }

    @Test
    void theDirectoryMayBeConfiguredThroughASymbolicLink() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("link"), dir);
        assertThat(ScriptPolicy.allowing(link, true)
                        .resolve(link.resolve("ok.sh").toString()))
                .isEqualTo(dir.resolve("ok.sh"));
    }

    @Test
    void pathsOutsideTheDirectoryAreRefused() {
        assertThatThrownBy(() -> policy.resolve(tmp.resolve("outside.sh").toString()))
                .hasMessageContaining("is outside the allowed script directory");
        assertThatThrownBy(() -> policy.resolve("/bin/sh"))
                .hasMessageContaining("is outside the allowed script directory");
        assertThatThrownBy(() -> policy.resolve(dir + "/../outside.sh")).hasMessageContaining("must not contain '..'");
    }

    @Test
    void aSymbolicLinkLeadingOutOfTheDirectoryIsRefused() throws Exception {
        Files.createSymbolicLink(dir.resolve("escape.sh"), tmp.resolve("outside.sh"));
        assertThatThrownBy(() -> policy.resolve("escape.sh"))
                .hasMessageContaining("leads outside the allowed script directory");
    }

    @Test
    void unusableFilesAreRefused() throws Exception {
        script(dir.resolve("noexec.sh"), "rw-r--r--");
        script(dir.resolve("writable.sh"), "rwxrwxr-x");
        script(dir.resolve("private.sh"), "rwx------");
        Files.createDirectory(dir.resolve("sub"));
        assertThatThrownBy(() -> policy.resolve("missing.sh")).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> policy.resolve("noexec.sh")).hasMessageContaining("is not executable");
        assertThatThrownBy(() -> policy.resolve("writable.sh")).hasMessageContaining("is writable by its group");
        assertThatThrownBy(() -> policy.resolve("private.sh"))
                .hasMessageContaining("not readable and executable by the unprivileged user");
        assertThatThrownBy(() -> policy.resolve("sub")).hasMessageContaining("is not a regular file");
        assertThatThrownBy(() -> policy.resolve("")).hasMessageContaining("is empty");
    }

    static Path directory(Path p, String mode) throws Exception {
        Files.createDirectories(p);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    @Test
    void aScriptOwnedByAnotherUserIsRefusedNamingIt() throws Exception {
        Path p = script(dir.resolve("theirs.sh"), "rwxr-xr-x");
        Files.setAttribute(p, "unix:uid", 65534);
        assertThatThrownBy(() -> policy.resolve("theirs.sh"))
                .hasMessage("'theirs.sh' is refused: " + p + " is owned by uid 65534, not root: "
                        + "a script and the directories from " + dir
                        + " down to it must be owned by root and writable by root only");
    }

    @Test
    void aScriptWritableByOthersIsRefused() throws Exception {
        Path p = script(dir.resolve("open.sh"), "rwxr-xrwx");
        assertThatThrownBy(() -> policy.resolve("open.sh"))
                .hasMessageStartingWith("'open.sh' is refused: " + p + " is writable by others (rwxr-xrwx)");
    }

    @Test
    void theAllowedDirectoryMustBeWritableByRootOnly() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxr-x"));
        assertThatThrownBy(() -> policy.resolve("ok.sh"))
                .hasMessageStartingWith(
                        "'ok.sh' is refused: directory " + dir + " is writable by its group (rwxrwxr-x)");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setAttribute(dir, "unix:uid", 65534);
        assertThatThrownBy(() -> policy.resolve("ok.sh"))
                .hasMessageStartingWith("'ok.sh' is refused: directory " + dir + " is owned by uid 65534, not root");
    }

    @Test
    void everyDirectoryOnTheWayDownMustBeWritableByRootOnly() throws Exception {
        script(directory(dir.resolve("good/deeper"), "rwxr-xr-x").resolve("ok.sh"), "rwxr-xr-x");
        assertThat(policy.resolve("good/deeper/ok.sh")).isEqualTo(dir.resolve("good/deeper/ok.sh"));

        Path open = directory(dir.resolve("open"), "rwxr-xrwx");
        script(directory(open.resolve("deeper"), "rwxr-xr-x").resolve("ok.sh"), "rwxr-xr-x");
        assertThatThrownBy(() -> policy.resolve("open/deeper/ok.sh"))
                .hasMessageStartingWith(
                        "'open/deeper/ok.sh' is refused: directory " + open + " is writable by others (rwxr-xrwx)");

        Path theirs = directory(dir.resolve("theirs"), "rwxr-xr-x");
        Files.setAttribute(theirs, "unix:uid", 1000);
        script(theirs.resolve("ok.sh"), "rwxr-xr-x");
        assertThatThrownBy(() -> policy.resolve(theirs.resolve("ok.sh").toString()))
                .hasMessageContaining("is refused: directory " + theirs + " is owned by uid 1000, not root");
    }

    @Test
    void aSymbolicLinkIsJudgedByTheDirectoriesItLeadsThrough() throws Exception {
        Path open = directory(dir.resolve("open"), "rwxrwxrwx");
        script(open.resolve("real.sh"), "rwxr-xr-x");
        Files.createSymbolicLink(dir.resolve("link.sh"), open.resolve("real.sh"));
        assertThatThrownBy(() -> policy.resolve("link.sh"))
                .hasMessageStartingWith("'link.sh' is refused: directory " + open + " is writable by group and others");
        // a link to a directory: the directories of its target count too
        Files.createSymbolicLink(dir.resolve("via"), open);
        assertThatThrownBy(() -> policy.resolve("via/real.sh"))
                .hasMessageStartingWith("'via/real.sh' is refused: directory " + open);
    }

    @Test
    void theUnprivilegedUserMustBeAbleToEnterEveryDirectory() throws Exception {
        Path closed = directory(dir.resolve("closed"), "rwxr-x---");
        script(closed.resolve("ok.sh"), "rwxr-xr-x");
        assertThatThrownBy(() -> policy.resolve("closed/ok.sh"))
                .hasMessage("'closed/ok.sh' is refused: the unprivileged user the checks run as cannot enter directory "
                        + closed + " (rwxr-x---, needs o+x)");
        assertThat(ScriptPolicy.allowing(dir, false).resolve("closed/ok.sh")).isEqualTo(closed.resolve("ok.sh"));
    }

    @Test
    void withoutAnAllowedDirectoryNoScriptRuns() {
        assertThat(ScriptPolicy.none().enabled()).isFalse();
        assertThatThrownBy(
                        () -> ScriptPolicy.none().resolve(dir.resolve("ok.sh").toString()))
                .hasMessageContaining("scripts are not allowed");
    }
}
