package io.fulcrum.controlplane.agents;

import io.fulcrum.runtime.Threads;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The revisions the agents ACKed, written to the database in batches: a change reaches every
 * director that serves it at about the same time, and their ACKs come back within milliseconds of
 * each other; each one written alone would cost a statement and a round trip per agent. The first
 * ACK after a write waits {@link #GATHER_MILLIS} for the others (REST shows an ACK that much later), then one statement writes every
 * director's newest ACK ({@code DirectorStatusStore.acked(Map)}), on this class's own thread.
 */
final class AppliedRevisions {
    /** How long the first ACK of a batch waits for the others. */
    static final long GATHER_MILLIS = 5;

    private final long gatherMillis;
    private final Consumer<Map<String, Long>> write;
    private final ScheduledExecutorService writer;
    /** Director -> the newest revision it ACKed since the last write (guarded by this). */
    private Map<String, Long> pending = new HashMap<>();

    /** {@code write}: writes a batch (director -> revision); on the thread {@code name}. */
    AppliedRevisions(String name, Consumer<Map<String, Long>> write) {
        this(name, GATHER_MILLIS, write);
    }

    AppliedRevisions(String name, long gatherMillis, Consumer<Map<String, Long>> write) {
        this.gatherMillis = gatherMillis;
        this.write = write;
        this.writer = Threads.scheduler(name);
    }

    /** {@code director} applied {@code revision}: written within {@link #GATHER_MILLIS} and a statement. */
    void acked(String director, long revision) {
        synchronized (this) {
            boolean first = pending.isEmpty();
            pending.merge(director, revision, Math::max);
            if (!first) return;
        }
        try {
            writer.schedule(this::flush, gatherMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            flush(); // closing: written now, on the caller's thread
        }
    }

    /** Writes what is pending. */
    void flush() {
        Map<String, Long> batch;
        synchronized (this) {
            if (pending.isEmpty()) return;
            batch = pending;
            pending = new HashMap<>();
        }
        write.accept(batch);
    }

    /** Stops the thread and writes what is still pending. */
    void close() {
        Threads.shutdown(writer, 1_000);
        flush();
    }
}
