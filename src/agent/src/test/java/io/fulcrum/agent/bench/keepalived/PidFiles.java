package io.fulcrum.agent.bench.keepalived;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Reading a pid file a process writes once it has started (keepalived's checkers.pid). */
final class PidFiles {
    private PidFiles() {}

    /** Reads a pid file, waiting up to {@code seconds} for it to appear. */
    static long read(Path file, int seconds) throws IOException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            if (Files.exists(file)) {
                String s = Files.readString(file).trim();
                if (!s.isEmpty()) return Long.parseLong(s);
            }
            if (System.nanoTime() > until) throw new IOException("no pid in " + file + " after " + seconds + " s");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
