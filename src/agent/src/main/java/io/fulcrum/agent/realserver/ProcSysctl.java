package io.fulcrum.agent.realserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link Sysctl} on the files under {@code /proc/sys} of the caller's network namespace: the key's dots
 * become slashes, as {@code sysctl} does (so device names with dots are not supported).
 */
public final class ProcSysctl implements Sysctl {
    private final Path root;

    public ProcSysctl() {
        this(Path.of("/proc/sys"));
    }

    /** A sysctl tree rooted elsewhere (tests use a temporary directory). */
    public ProcSysctl(Path root) {
        this.root = root;
    }

    Path path(String key) {
        if (key.isEmpty() || key.startsWith(".") || key.endsWith(".") || key.contains("..") || key.contains("/")) {
            throw new IllegalArgumentException("not a sysctl key: '" + key + "'");
        }
        return root.resolve(key.replace('.', '/'));
    }

    @Override
    public String read(String key) {
        try {
            return Files.readString(path(key), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("sysctl " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(String key, String value) {
        try {
            // one write(2) of the whole value, as procfs expects
            Files.writeString(path(key), value + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("sysctl " + key + "=" + value + ": " + e.getMessage(), e);
        }
    }
}
