package io.fulcrum.scripts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which scripts this director runs (misc checks, VRRP track scripts, notify hooks): only regular files inside one directory named by
 * the director's own local configuration, never by the control plane. A script path from the
 * desired state is refused when it leaves that directory by name ({@code ..}, another absolute
 * path) or through a symbolic link, or when the file is not executable.
 *
 * <p>As keepalived's script security: the script and every directory from the allowed one down to it
 * must be owned by root and writable by no one else (no group or other write), so that only root can
 * change what the director runs. When the checks run as an unprivileged user, that user must be able
 * to reach and run the script (o+x on those directories, o+rx on the script). The checks are made
 * when a desired state is accepted and again before every run.
 */
public final class ScriptPolicy {
    private final Path dir; // real path, or null: no scripts
    private final Path named; // the directory as configured (it may be a symbolic link to dir)
    private final boolean unprivileged;

    private ScriptPolicy(Path dir, Path named, boolean unprivileged) {
        this.dir = dir;
        this.named = named;
        this.unprivileged = unprivileged;
    }

    /** No misc checks on this director. */
    public static ScriptPolicy none() {
        return new ScriptPolicy(null, null, false);
    }

    /**
     * Scripts from {@code dir}; {@code unprivileged}: they will run as an unprivileged user (the
     * director runs as root), so they must be usable by that user.
     */
    public static ScriptPolicy allowing(Path dir, boolean unprivileged) {
        try {
            return new ScriptPolicy(dir.toRealPath(), dir.toAbsolutePath().normalize(), unprivileged);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "allowed script directory " + dir + " is not usable: " + e.getMessage(), e);
        }
    }

    public boolean enabled() {
        return dir != null;
    }

    public Path directory() {
        return dir;
    }

    public boolean unprivileged() {
        return unprivileged;
    }

    /** The script {@code name} refers to, or an {@link IllegalArgumentException} saying why it is refused. */
    public Path resolve(String name) {
        if (dir == null)
            throw new IllegalArgumentException(
                    "scripts are not allowed on this director (no allowed script directory is configured)");
        if (name == null || name.isBlank()) throw new IllegalArgumentException("is empty");
        if (name.indexOf('\0') >= 0) throw new IllegalArgumentException("contains a NUL character");
        Path given = Path.of(name);
        for (Path part : given) {
            if (part.toString().equals(".."))
                throw new IllegalArgumentException("'" + name + "' must not contain '..'");
        }
        Path p = given.isAbsolute() ? given.normalize() : dir.resolve(given).normalize();
        if (p.startsWith(named) && !named.equals(dir)) p = dir.resolve(named.relativize(p));
        if (!p.startsWith(dir))
            throw new IllegalArgumentException("'" + name + "' is outside the allowed script directory " + dir);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS))
            throw new IllegalArgumentException("'" + name + "' does not exist");
        Path real;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + name + "' cannot be resolved: " + e.getMessage());
        }
        if (!real.startsWith(dir))
            throw new IllegalArgumentException("'" + name + "' leads outside the allowed script directory " + dir
                    + " (through a symbolic link, to " + real + ")");
        if (!Files.isRegularFile(real)) throw new IllegalArgumentException("'" + name + "' is not a regular file");
        if (!Files.isReadable(real)) throw new IllegalArgumentException("'" + name + "' is not readable");
        if (!Files.isExecutable(real)) throw new IllegalArgumentException("'" + name + "' is not executable");
        for (Path q : traversed(p, name)) requireRootOnly(q, name);
        Set<PosixFilePermission> perms = permissions(real, name);
        if (unprivileged
                && !(perms.contains(PosixFilePermission.OTHERS_READ)
                        && perms.contains(PosixFilePermission.OTHERS_EXECUTE))) {
            throw new IllegalArgumentException("'" + name
                    + "' is not readable and executable by the unprivileged user the checks run as (needs o+rx)");
        }
        return real;
    }

    /**
     * Every real directory the script is reached through, from the allowed directory down, then the
     * script: for each prefix of the given path (a symbolic link among them may lead elsewhere inside
     * the directory), the chain from the allowed directory to where that prefix really is.
     */
    private Set<Path> traversed(Path p, String name) {
        Set<Path> out = new LinkedHashSet<>();
        out.add(dir);
        Path prefix = dir;
        for (Path part : dir.relativize(p)) {
            prefix = prefix.resolve(part);
            Path real;
            try {
                real = prefix.toRealPath();
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "'" + name + "': " + prefix + " cannot be resolved: " + e.getMessage());
            }
            if (!real.startsWith(dir)) {
                throw new IllegalArgumentException("'" + name + "' leads outside the allowed script directory " + dir
                        + " (through a symbolic link, at " + prefix + ")");
            }
            Path q = dir;
            for (Path r : dir.relativize(real)) {
                q = q.resolve(r);
                out.add(q);
            }
        }
        return out;
    }

    /** {@code q} (a directory on the way to the script, or the script) is owned by root and writable by no one else. */
    private void requireRootOnly(Path q, String name) {
        int uid;
        try {
            uid = (Integer) Files.getAttribute(q, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "': cannot read the owner of " + q + ": " + e.getMessage());
        }
        Set<PosixFilePermission> perms = permissions(q, name);
        String what = Files.isDirectory(q, LinkOption.NOFOLLOW_LINKS) ? "directory " + q : q.toString();
        String rule = ": a script and the directories from " + dir
                + " down to it must be owned by root and writable by root only";
        if (uid != 0)
            throw new IllegalArgumentException(
                    "'" + name + "' is refused: " + what + " is owned by uid " + uid + ", not root" + rule);
        boolean group = perms.contains(PosixFilePermission.GROUP_WRITE);
        boolean others = perms.contains(PosixFilePermission.OTHERS_WRITE);
        if (group || others) {
            throw new IllegalArgumentException("'" + name + "' is refused: " + what + " is writable by "
                    + (group && others ? "group and others" : group ? "its group" : "others") + " ("
                    + PosixFilePermissions.toString(perms) + ")" + rule);
        }
        if (unprivileged
                && Files.isDirectory(q, LinkOption.NOFOLLOW_LINKS)
                && !perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
            throw new IllegalArgumentException(
                    "'" + name + "' is refused: the unprivileged user the checks run as cannot enter directory " + q
                            + " (" + PosixFilePermissions.toString(perms) + ", needs o+x)");
        }
    }

    private static Set<PosixFilePermission> permissions(Path q, String name) {
        try {
            return Files.getPosixFilePermissions(q, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(
                    "'" + name + "': cannot read the permissions of " + q + ": " + e.getMessage());
        }
    }
}
