package io.fulcrum.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path dir;

    @Test
    void aSecretFileIsReadableByItsOwnerOnlyAndReplacedWhole() throws Exception {
        Path f = dir.resolve("sub/token");
        PrivateFiles.write(f, "one\n");
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        PrivateFiles.write(f, "two\n");
        assertThat(f).hasContent("two");
        assertThat(PrivateFiles.ownerOnly(f)).isTrue();
        try (var s = Files.list(f.getParent())) {
            assertThat(s).containsExactly(f); // no temporary file left behind
        }
    }

    @Test
    void aStateDirectoryIsCreatedOrTightenedToItsOwnerOnly() throws Exception {
        Path fresh = dir.resolve("a/data");
        assertThat(PrivateFiles.directory(fresh)).isFalse();
        assertThat(Files.getPosixFilePermissions(fresh)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(PrivateFiles.directory(open)).isTrue();
        assertThat(Files.getPosixFilePermissions(open)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(PrivateFiles.directory(open)).isFalse();
    }

    @Test
    void aFileOthersCanReadIsNotOwnerOnly() throws Exception {
        Path f = Files.writeString(dir.resolve("open"), "x");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(PrivateFiles.ownerOnly(f)).isFalse();
    }
}
