package io.fulcrum.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWatcherTest {
    @TempDir
    Path dir;

    @Test
    void aFileIsReportedOnceWhenItAppearsAndAgainOnlyWhenItsTimeOrSizeChanges() throws IOException {
        Path f = dir.resolve("state.yaml");
        FileWatcher w = new FileWatcher(f);
        assertThat(w.changed()).as("missing").isFalse();
        Files.writeString(f, "a");
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(w.changed()).isTrue();
        assertThat(w.changed()).isFalse();
        Files.writeString(f, "bb"); // size
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(w.changed()).isTrue();
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2026-01-01T00:00:01Z"))); // time
        assertThat(w.changed()).isTrue();
        Files.delete(f);
        assertThat(w.changed()).as("deleted").isFalse();
    }

    @Test
    void aFileMarkedSeenIsReportedOnlyAfterItChanges() throws IOException {
        Path f = dir.resolve("state.yaml");
        Files.writeString(f, "a");
        FileWatcher w = new FileWatcher(f).markSeen();
        assertThat(w.changed()).isFalse();
        Files.writeString(f, "changed");
        assertThat(w.changed()).isTrue();
    }

    @Test
    void startedItRunsTheHandlerOnItsOwnNamedThreadUntilClosed() throws Exception {
        Path f = dir.resolve("state.yaml");
        Files.writeString(f, "a");
        Semaphore changes = new Semaphore(0);
        String[] thread = new String[1];
        try (FileWatcher w = new FileWatcher(f).markSeen().start("test-watch", Duration.ofMillis(10), () -> {
            thread[0] = Thread.currentThread().getName();
            changes.release();
        })) {
            Files.writeString(f, "changed");
            assertThat(changes.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
            assertThat(thread[0]).isEqualTo("test-watch");
        }
        Files.writeString(f, "changed again, closed");
        assertThat(changes.tryAcquire(200, TimeUnit.MILLISECONDS)).isFalse();
    }
}
