package io.fulcrum.controlplane;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Files of the tests' own: directories under target/ emptied before a run. */
public final class TestFiles {
    private TestFiles() {}

    /** Deletes {@code p} and everything under it; nothing when it does not exist. */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
