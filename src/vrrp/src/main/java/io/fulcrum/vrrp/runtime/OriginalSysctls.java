package io.fulcrum.vrrp.runtime;

import io.fulcrum.runtime.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The original values of the sysctls the host changed for its virtual MACs, grouped by why they were
 * changed (an owner: a parent interface, or the namespace-wide settings), kept in a file so that a run
 * after a kill -9 restores the true originals rather than taking the modified values for them. Each
 * original is written (atomically: a temporary file renamed over it) before its sysctl is changed; the
 * file is removed once nothing is left to restore. Without a file (null) it keeps them in memory only.
 *
 * <p>The file has one line per setting: {@code OWNER <tab> PATH <tab> ORIGINAL}, PATH under
 * {@code /proc/sys/net}.
 */
final class OriginalSysctls {
    static final String FILE = "vrrp-original-sysctls";

    private final Path file;
    /** owner -> (path under /proc/sys/net -> original value), in the order they were changed. */
    private final Map<String, Map<String, String>> originals = new LinkedHashMap<>();

    OriginalSysctls(Path file) {
        this.file = file;
        if (file != null && Files.exists(file)) load();
    }

    /** In the state directory {@code dir}; null: in memory only. */
    static OriginalSysctls in(Path dir) {
        return new OriginalSysctls(dir == null ? null : dir.resolve(FILE));
    }

    private void load() {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) continue;
                String[] f = line.split("\t", -1);
                if (f.length != 3) throw new IllegalStateException("not OWNER<tab>PATH<tab>VALUE: " + line);
                originals.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[1], f[2]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Whether {@code owner} has saved the original of {@code path}. */
    boolean has(String owner, String path) {
        Map<String, String> o = originals.get(owner);
        return o != null && o.containsKey(path);
    }

    boolean has(String owner) {
        return originals.containsKey(owner);
    }

    /** Records {@code path}'s original for {@code owner}, on disk before the caller changes it. */
    void save(String owner, String path, String original) {
        originals.computeIfAbsent(owner, k -> new LinkedHashMap<>()).put(path, original);
        write();
    }

    /** Forgets {@code owner}'s originals and returns them (path -> value, in the order saved) for the caller to restore. */
    Map<String, String> take(String owner) {
        Map<String, String> o = originals.remove(owner);
        if (o == null) return Map.of();
        write();
        return o;
    }

    List<String> owners() {
        return new ArrayList<>(originals.keySet());
    }

    private void write() {
        if (file == null) return;
        try {
            if (originals.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            StringBuilder b = new StringBuilder();
            originals.forEach((owner, settings) -> settings.forEach((path, value) -> b.append(owner)
                    .append('\t')
                    .append(path)
                    .append('\t')
                    .append(value)
                    .append('\n')));
            PrivateFiles.write(file, b.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
