package io.fulcrum.health.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Which scripts this director runs for misc checks: only regular files inside one directory named by
 * the director's own local configuration, never by the control plane. A script path from the
 * desired state is refused when it leaves that directory by name ({@code ..}, another absolute
 * path) or through a symbolic link, or when the file is not executable; when the checks run as an
 * unprivileged user the file must be readable and executable by others and writable only by its
 * owner (no one else can change what the director runs).
 */
public final class ScriptPolicy {
    private final Path dir;       // real path, or null: no scripts
    private final Path named;     // the directory as configured (it may be a symbolic link to dir)
    private final boolean unprivileged;

    private ScriptPolicy(Path dir, Path named, boolean unprivileged) {
        this.dir = dir;
        this.named = named;
        this.unprivileged = unprivileged;
    }

    /** No misc checks on this director. */
    public static ScriptPolicy none() { return new ScriptPolicy(null, null, false); }

    /**
     * Scripts from {@code dir}; {@code unprivileged}: they will run as an unprivileged user (the
     * director runs as root), so they must be usable by that user.
     */
    public static ScriptPolicy allowing(Path dir, boolean unprivileged) {
        try {
            return new ScriptPolicy(dir.toRealPath(), dir.toAbsolutePath().normalize(), unprivileged);
        } catch (IOException e) {
            throw new IllegalArgumentException("allowed script directory " + dir + " is not usable: " + e.getMessage(), e);
        }
    }

    public boolean enabled() { return dir != null; }

    public Path directory() { return dir; }

    public boolean unprivileged() { return unprivileged; }

    /** The script {@code name} refers to, or an {@link IllegalArgumentException} saying why it is refused. */
    public Path resolve(String name) {
        if (dir == null) throw new IllegalArgumentException("scripts are not allowed on this director (no allowed script directory is configured)");
        if (name == null || name.isBlank()) throw new IllegalArgumentException("is empty");
        if (name.indexOf('\0') >= 0) throw new IllegalArgumentException("contains a NUL character");
        Path given = Path.of(name);
        for (Path part : given) {
            if (part.toString().equals("..")) throw new IllegalArgumentException("'" + name + "' must not contain '..'");
        }
        Path p = given.isAbsolute() ? given.normalize() : dir.resolve(given).normalize();
        if (p.startsWith(named) && !named.equals(dir)) p = dir.resolve(named.relativize(p));
        if (!p.startsWith(dir)) throw new IllegalArgumentException("'" + name + "' is outside the allowed script directory " + dir);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) throw new IllegalArgumentException("'" + name + "' does not exist");
        Path real;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + name + "' cannot be resolved: " + e.getMessage());
        }
        if (!real.startsWith(dir)) throw new IllegalArgumentException("'" + name + "' leads outside the allowed script directory " + dir + " (through a symbolic link, to " + real + ")");
        if (!Files.isRegularFile(real)) throw new IllegalArgumentException("'" + name + "' is not a regular file");
        if (!Files.isReadable(real)) throw new IllegalArgumentException("'" + name + "' is not readable");
        if (!Files.isExecutable(real)) throw new IllegalArgumentException("'" + name + "' is not executable");
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(real);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("'" + name + "': cannot read its permissions: " + e.getMessage());
        }
        if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IllegalArgumentException("'" + name + "' is writable by group or others");
        }
        if (unprivileged && !(perms.contains(PosixFilePermission.OTHERS_READ) && perms.contains(PosixFilePermission.OTHERS_EXECUTE))) {
            throw new IllegalArgumentException("'" + name + "' is not readable and executable by the unprivileged user the checks run as (needs o+rx)");
        }
        return real;
    }
}
