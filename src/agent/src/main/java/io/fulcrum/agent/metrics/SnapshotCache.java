package io.fulcrum.agent.metrics;

import static java.lang.System.Logger.Level.WARNING;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What scrapes are served from: the last rendered scrape. Reading the kernel's counters is a dump (about
 * 0.2 s at 10,000 services with 10 destinations each, on the agent loop's thread) and rendering them a
 * second, so a scrape does not wait for either: it gets the last one, and one older than {@code maxAge} (on
 * the injected clock) starts one new read for the scrapes after it. Only the very first scrape waits, for at
 * most {@code firstWait}. Without scrapes, no reads: an agent nobody scrapes dumps nothing for metrics.
 *
 * @param <T> what is cached (a rendered scrape; a status snapshot in tests)
 */
public final class SnapshotCache<T> implements Supplier<T> {
    private static final System.Logger LOG = System.getLogger(SnapshotCache.class.getName());

    /** How old the counters a scrape sees may be: the next scrape after that sees fresh ones. */
    public static final Duration MAX_AGE = Duration.ofSeconds(5);

    private record Taken<T>(T value, long at) {}

    private final Supplier<CompletableFuture<T>> source;
    private final LongSupplier nanos;
    private final Duration maxAge;
    private final Duration firstWait;
    private final AtomicReference<Taken<T>> latest = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<T>> reading = new AtomicReference<>();

    public SnapshotCache(
            Supplier<CompletableFuture<T>> source, LongSupplier nanos, Duration maxAge, Duration firstWait) {
        this.source = source;
        this.nanos = nanos;
        this.maxAge = maxAge;
        this.firstWait = firstWait;
    }

    /** The last value (starting a new read when it is older than the maximum age); null when none came yet. */
    @Override
    public T get() {
        Taken<T> t = latest.get();
        if (t != null && nanos.getAsLong() - t.at() < maxAge.toNanos()) return t.value();
        CompletableFuture<T> read = read();
        if (t != null) return t.value();
        try {
            return read.get(firstWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(WARNING, "metrics: no status from the agent loop yet: " + e);
        }
        Taken<T> now = latest.get();
        return now == null ? null : now.value();
    }

    /** The read under way, or a new one. */
    private CompletableFuture<T> read() {
        while (true) {
            CompletableFuture<T> r = reading.get();
            if (r != null) return r;
            CompletableFuture<T> mine = new CompletableFuture<>();
            if (!reading.compareAndSet(null, mine)) continue;
            CompletableFuture<T> from;
            try {
                from = source.get();
            } catch (RuntimeException e) {
                from = CompletableFuture.failedFuture(e);
            }
            from.whenComplete((v, e) -> {
                if (v != null) latest.set(new Taken<>(v, nanos.getAsLong()));
                reading.set(null);
                if (e != null) mine.completeExceptionally(e);
                else mine.complete(v);
            });
            return mine;
        }
    }
}
