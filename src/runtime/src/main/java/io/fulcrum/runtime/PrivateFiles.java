package io.fulcrum.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold secrets (tokens, passwords, keys): created readable by their owner only from the
 * first byte (not written and then restricted, which leaves a window), and replaced atomically.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {}

    /** Writes {@code text} to {@code file} (mode 0600), replacing it atomically when it exists. */
    public static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (POSIX) Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        else Files.createFile(tmp);
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Makes {@code dir} a directory only its owner can enter (0700): created so, or an existing one
     * with group and others' permissions removed. Returns whether an existing one had to be changed.
     */
    public static boolean directory(Path dir) throws IOException {
        if (!POSIX) {
            Files.createDirectories(dir);
            return false;
        }
        if (!Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            return false;
        }
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(dir);
        if (p.equals(OWNER_ONLY_DIR)) return false;
        Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
        return true;
    }

    /** Whether {@code file} is readable by its owner only (always true where POSIX modes do not exist). */
    public static boolean ownerOnly(Path file) throws IOException {
        if (!POSIX) return true;
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        return !p.contains(PosixFilePermission.GROUP_READ)
                && !p.contains(PosixFilePermission.OTHERS_READ)
                && !p.contains(PosixFilePermission.GROUP_WRITE)
                && !p.contains(PosixFilePermission.OTHERS_WRITE);
    }
}
