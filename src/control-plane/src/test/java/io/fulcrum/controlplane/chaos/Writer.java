package io.fulcrum.controlplane.chaos;

import io.fulcrum.runtime.Threads;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * REST writes at a steady rate: each creates a real server of its own ({@code w<N>} in one of the
 * virtual servers, round robin), first on replica N mod 2; a try that gets no answer, a timeout or a 5xx
 * is made again on the other replica (PUT is idempotent), until {@link #GIVE_UP} after the first. Each
 * write's outcome is recorded; the highest acknowledged revision is kept for the convergence checks.
 */
final class Writer implements AutoCloseable {
    static final Duration GIVE_UP = Duration.ofSeconds(30);
    /** Writes in flight at most; a tick that finds them all busy is skipped (and counted). */
    static final int IN_FLIGHT = 8;

    private final List<Rest> replicas;
    private final List<String> virtualServers;
    private final double perSecond;
    private final LongSupplier clock;
    private final ScheduledExecutorService ticks = Threads.scheduler("chaos-writer-ticks");
    private final ExecutorService pool = Threads.pool("chaos-writer", IN_FLIGHT);
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicLong highest = new AtomicLong();
    private final List<History.Write> outcomes = new ArrayList<>();
    private final List<WriteStalls.Timing> timings = new ArrayList<>();
    private final List<Long> skippedAt = new ArrayList<>();

    /** @param clock milliseconds since the run's start */
    Writer(List<Rest> replicas, List<String> virtualServers, double perSecond, LongSupplier clock) {
        this.replicas = List.copyOf(replicas);
        this.virtualServers = List.copyOf(virtualServers);
        this.perSecond = perSecond;
        this.clock = clock;
    }

    void start() {
        long period = Math.max(1, (long) (1_000_000 / perSecond));
        ticks.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.MICROSECONDS);
    }

    /** The highest revision a write was acknowledged with so far. */
    long highestAcknowledged() {
        return highest.get();
    }

    int skipped() {
        return skipped.get();
    }

    /** Stops issuing writes and waits (bounded) for those in flight; then {@link #outcomes()} is complete. */
    void stop() throws InterruptedException {
        ticks.shutdownNow();
        ticks.awaitTermination(5, TimeUnit.SECONDS);
        if (slots.tryAcquire(IN_FLIGHT, GIVE_UP.toSeconds() + 10, TimeUnit.SECONDS)) slots.release(IN_FLIGHT);
    }

    synchronized List<History.Write> outcomes() {
        return List.copyOf(outcomes);
    }

    /** Each write's start, time to its answer and tries (for {@link WriteStalls}). */
    synchronized List<WriteStalls.Timing> timings() {
        return List.copyOf(timings);
    }

    /** When ticks were skipped because every writer was busy. */
    synchronized List<Long> skippedAt() {
        return List.copyOf(skippedAt);
    }

    private void tick() {
        if (!slots.tryAcquire()) {
            skipped.incrementAndGet();
            synchronized (this) {
                skippedAt.add(clock.getAsLong());
            }
            return;
        }
        int n = next.getAndIncrement();
        try {
            pool.execute(() -> {
                try {
                    long started = clock.getAsLong();
                    int[] tries = {0};
                    History.Write w = write(n, tries);
                    record(w, new WriteStalls.Timing(started, clock.getAsLong() - started, tries[0], w.acknowledged()));
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException e) { // the pool is stopping
            slots.release();
        }
    }

    /** {@code tries[0]} counts the tries made. */
    private History.Write write(int n, int[] tries) {
        String vs = virtualServers.get(n % virtualServers.size());
        String name = "w" + n;
        String resource = vs + "/" + name;
        String body = "{\"name\":\"" + name + "\",\"address\":\"10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "."
                + (n & 255) + "\",\"port\":8080,\"weight\":" + (1 + n % 100) + "}";
        long giveUp = clock.getAsLong() + GIVE_UP.toMillis();
        String last = "not tried";
        for (int attempt = 0; clock.getAsLong() < giveUp; attempt++) {
            Rest r = replicas.get((n + attempt) % replicas.size());
            tries[0]++;
            try {
                Rest.Answer a = r.put("/api/v1/virtual-servers/" + vs + "/real-servers/" + name, body);
                if (a.ok()) {
                    highest.accumulateAndGet(a.revision(), Math::max);
                    return History.Write.acknowledged(resource, a.revision());
                }
                last = "HTTP " + a.status() + " from :" + r.port();
                if (a.status() / 100 == 4) return History.Write.failed(resource, last + ": " + a.body());
            } catch (HttpTimeoutException e) {
                last = "no answer within the timeout from :" + r.port();
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + " from :" + r.port();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return History.Write.failed(resource, "interrupted");
            }
            try {
                Thread.sleep(attempt % replicas.size() == replicas.size() - 1 ? 500 : 50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return History.Write.failed(resource, "interrupted");
            }
        }
        return History.Write.failed(resource, last);
    }

    private synchronized void record(History.Write w, WriteStalls.Timing t) {
        outcomes.add(w);
        timings.add(t);
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        Threads.shutdown(pool, 2_000);
    }
}
