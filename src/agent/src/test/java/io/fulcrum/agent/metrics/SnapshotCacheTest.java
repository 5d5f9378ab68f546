package io.fulcrum.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.run.StatusSnapshot;
import io.fulcrum.health.HealthView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Scrapes never wait for the kernel's counters once one snapshot is there; a stale one starts one new read. */
class SnapshotCacheTest {
    long now;
    final List<CompletableFuture<StatusSnapshot>> reads = new ArrayList<>();
    final SnapshotCache<StatusSnapshot> cache = new SnapshotCache<>(
            () -> {
                CompletableFuture<StatusSnapshot> f = new CompletableFuture<>();
                reads.add(f);
                if (reads.size() == 1) f.complete(snapshot(1));
                return f;
            },
            () -> now,
            Duration.ofSeconds(5),
            Duration.ofSeconds(1));

    static StatusSnapshot snapshot(int second) {
        return new StatusSnapshot(
                Instant.ofEpochSecond(second),
                null,
                List.of(),
                List.of(),
                List.of(),
                HealthView.EMPTY,
                List.of(),
                null);
    }

    @Test
    void theFirstScrapeWaitsThenStaleSnapshotsAreServedWhileOneNewReadRuns() {
        assertThat(cache.get().at()).isEqualTo(Instant.ofEpochSecond(1));
        now += Duration.ofSeconds(4).toNanos();
        assertThat(cache.get().at()).isEqualTo(Instant.ofEpochSecond(1));
        assertThat(reads).hasSize(1);

        now += Duration.ofSeconds(1).toNanos(); // 5 s old: stale
        assertThat(cache.get().at()).isEqualTo(Instant.ofEpochSecond(1));
        assertThat(cache.get().at()).isEqualTo(Instant.ofEpochSecond(1));
        assertThat(reads).as("one read at a time").hasSize(2);

        reads.get(1).complete(snapshot(2));
        assertThat(cache.get().at()).isEqualTo(Instant.ofEpochSecond(2));
        assertThat(reads).hasSize(2);
    }
}
