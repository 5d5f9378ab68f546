package io.fulcrum.controlplane.chaos;

import io.fulcrum.controlplane.db.EmbeddedPostgres;
import io.fulcrum.runtime.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The run's PostgreSQL: the control plane's own embedded binaries started as a plain server (the
 * replicas reach it as an external database, FULCRUM_DB_URL), its postmaster killed with SIGKILL and
 * started again on the same port by the harness.
 */
final class Database implements AutoCloseable {
    private final Path dir;
    private final EmbeddedPostgres pg;

    Database(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        this.pg = EmbeddedPostgres.start(dir);
    }

    String url() {
        return pg.jdbcUrl();
    }

    String user() {
        return pg.user();
    }

    String password() {
        return pg.password();
    }

    /** kill -9 of the postmaster (from its postmaster.pid); waits until it is gone. */
    void kill() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("cluster").resolve("postmaster.pid"));
        long pid = Long.parseLong(lines.get(0).trim());
        ProcessHandle postmaster =
                ProcessHandle.of(pid).orElseThrow(() -> new IOException("no postmaster with pid " + pid));
        if (!Processes.send("KILL", pid, false)) throw new IOException("kill -9 " + pid + " failed");
        Processes.awaitExit(List.of(postmaster), Duration.ofSeconds(10));
    }

    /** Starts the killed server again on its port (retrying while its last backends still hold its memory). */
    void restart() throws IOException, InterruptedException {
        pg.restart(Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        pg.close();
    }
}
