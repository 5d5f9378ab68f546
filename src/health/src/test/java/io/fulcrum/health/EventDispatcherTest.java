package io.fulcrum.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.runtime.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The listener queue: order, bounds, dropping with a rate-limited warning; drains run when the test says. */
class EventDispatcherTest {
    final Queue<Runnable> drains = new ArrayDeque<>(); // the listener thread, run by hand
    final AtomicLong nanos = new AtomicLong();
    final List<String> warnings = new CopyOnWriteArrayList<>();
    final LogCapture log = LogCapture.of(Level.WARNING, warnings::add, EventDispatcher.class);
    final List<HealthEvent> seen = new ArrayList<>();
    final EventDispatcher d = new EventDispatcher(drains::add, 3, nanos::get);

    {
        d.addListener(seen::add);
    }

    @AfterEach
    void stopCapturing() {
        log.close();
    }

    static HealthEvent event(int n) {
        return new HealthEvent.SorryServerChanged(Instant.EPOCH.plusSeconds(n), "vs" + n, true, null, 0);
    }

    void runDrains() {
        for (Runnable r; (r = drains.poll()) != null; ) r.run();
    }

    @Test
    void eventsReachTheListenersOnTheListenerThreadInOrder() {
        d.offer(event(1));
        d.offer(event(2));
        assertThat(seen).as("nothing is delivered on the offering thread").isEmpty();
        assertThat(drains).as("one drain for both").hasSize(1);
        runDrains();
        d.offer(event(3));
        runDrains();
        assertThat(seen).containsExactly(event(1), event(2), event(3));
    }

    @Test
    void aFullQueueDropsNewEventsCountsThemAndWarnsOncePerMinute() {
        for (int i = 1; i <= 5; i++) d.offer(event(i));
        assertThat(d.dropped()).isEqualTo(2);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0))
                .as("warned at the first drop")
                .contains("the queue of 3 events is full", "1 event(s) dropped, 1 since the start");

        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        d.offer(event(6));
        assertThat(warnings).as("at most one warning a minute").hasSize(1);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        d.offer(event(7));
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(1)).contains("3 event(s) dropped in the last 1 minute(s)", "4 since the start");

        runDrains();
        assertThat(seen).as("the first three, in order").containsExactly(event(1), event(2), event(3));
        d.offer(event(8));
        runDrains();
        assertThat(seen).endsWith(event(8));
        assertThat(d.dropped()).isEqualTo(4);
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheOthersOrLaterEvents() {
        EventDispatcher e = new EventDispatcher(Runnable::run, 10, nanos::get);
        List<HealthEvent> got = new ArrayList<>();
        e.addListener(ev -> {
            throw new IllegalStateException("broken listener");
        });
        e.addListener(got::add);
        e.offer(event(1));
        e.offer(event(2));
        assertThat(got).containsExactly(event(1), event(2));
    }

    @Test
    void aBlockedListenerNeverBlocksTheOfferingThread() throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        EventDispatcher e = new EventDispatcher(thread, 2, nanos::get);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<HealthEvent> got = new CopyOnWriteArrayList<>();
        e.addListener(ev -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            got.add(ev);
        });
        try {
            e.offer(event(1));
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            // the listener holds event 1; 2 and 3 wait in the queue, 4 and 5 do not fit
            for (int i = 2; i <= 5; i++) e.offer(event(i));
            assertThat(e.dropped()).isEqualTo(2);
            release.countDown();
        } finally {
            release.countDown();
            thread.shutdown();
            assertThat(thread.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(got).containsExactly(event(1), event(2), event(3));
    }
}
