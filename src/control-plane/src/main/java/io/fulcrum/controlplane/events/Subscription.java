package io.fulcrum.controlplane.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * One watcher: its type filter and its bounded queue in front of a {@link Sink} (an SSE response, a
 * gRPC stream). Events are written only while the sink says it can take more, so a watcher that does
 * not read fills this queue, not the transport's buffers. When the queue is full the watcher has fallen
 * behind: the queue is dropped for one resync, the sink ends once that is written, and nothing more is
 * queued, so memory stays bounded whatever the watcher does.
 *
 * <p>The publisher only queues ({@link #offer} never calls the sink): writing is handed to the hub's
 * writer threads, one writer per watcher at a time ({@code writing}), and the sink is written outside
 * this object's lock, so a slow transport never holds up the publisher or the other watchers.
 */
public final class Subscription {
    /**
     * At most this many events go to the sink in one write: all that is queued, up to this. A writer
     * that keeps up writes one event at a time; one that fell behind (a slow transport, a busy machine)
     * catches up in a few writes, one gRPC message or one SSE chunk each, rather than one per event.
     */
    static final int BATCH = 256;

    /** Where a watcher's events go. Called by one thread at a time, from any thread; never blocks. */
    public interface Sink {
        /** True when the transport can take a write now (none in flight, or gRPC's isReady). */
        boolean ready();

        /** The next events, in order, written as one (one SSE chunk, one gRPC message per 256 KiB). */
        void write(List<Sequenced> batch);

        /** A sign of life while there is nothing to send (SSE's comment line). */
        void keepAlive();

        /** Ends the stream in order (after a resync). */
        void end();

        /** Drops the connection: the watcher did not even take its resync. */
        void abort();
    }

    private final Set<EventType> types;
    private final int capacity;
    private final LongSupplier latestRevision;
    private final Runnable onEnd;
    private final Executor writer;
    private final ArrayDeque<Sequenced> queue = new ArrayDeque<>();
    private Sink sink;
    /** Replayed events still queued (at the front): the queue holds them on top of its capacity. */
    private int replayLeft;
    /** Live events queue up but are not written until {@link #start} puts the replay before them. */
    private boolean held = true;

    private boolean overflowed;
    private boolean ended;
    /** A thread is calling the sink: the only one that may, until it clears this (and notifies). */
    private boolean writing;
    /** A drain is handed to the writer and has not begun. */
    private boolean scheduled;
    /** The sink said it could take no more: the transport calls {@link #drain} when it can. */
    private boolean blocked;

    /**
     * @param latestRevision the newest revision known, which a resync names
     * @param onEnd called once when this watcher needs no more events (the hub forgets it)
     * @param writer where the queued events are written from (the hub's writer threads)
     */
    Subscription(Set<EventType> types, int capacity, LongSupplier latestRevision, Runnable onEnd, Executor writer) {
        this.types = Set.copyOf(types);
        this.capacity = capacity;
        this.latestRevision = latestRevision;
        this.onEnd = onEnd;
        this.writer = writer;
    }

    /** The highest revision the replay held (-1: none); later copies of those are dropped. */
    private long replayed = -1;

    synchronized void attach(Sink sink) {
        this.sink = sink;
    }

    boolean wants(EventType t) {
        return t == EventType.RESYNC || types.contains(t);
    }

    /**
     * Starts writing: {@code replay} first, then the live events queued meanwhile, less the revisions
     * the replay already holds (a revision committed while the replay was read comes once).
     */
    public void start(List<Sequenced> replay) {
        synchronized (this) {
            if (!held) throw new IllegalStateException("already started");
            held = false;
            if (!ended && !overflowed) {
                for (Sequenced s : replay)
                    if (s.event() instanceof LiveEvent.Revision r) replayed = Math.max(replayed, r.revision());
                ArrayDeque<Sequenced> live = new ArrayDeque<>(queue);
                queue.clear();
                for (Sequenced s : replay) if (wants(s.event().type())) queue.add(s);
                replayLeft = queue.size();
                for (Sequenced s : live)
                    if (!(s.event() instanceof LiveEvent.Revision r && r.revision() <= replayed)) queue.add(s);
            }
        }
        drain(); // outside the lock, as every write: the publisher's offers meanwhile only queue
    }

    /**
     * A published event (the hub calls this in publish order). A revision the replay held is dropped
     * here too: the revision reader may publish it after {@link #start}, its NOTIFY having come while
     * the replay was read from the audit trail.
     */
    void offer(Sequenced e) {
        synchronized (this) {
            if (ended || overflowed || !wants(e.event().type())) return;
            if (e.event() instanceof LiveEvent.Revision r && r.revision() <= replayed) return;
            if (queue.size() >= capacity + replayLeft) fellBehind();
            else queue.add(e);
            if (held || writing || scheduled || blocked) return;
            scheduled = true;
        }
        writer.execute(this::drain);
    }

    private void fellBehind() {
        overflowed = true;
        queue.clear();
        replayLeft = 0;
        queue.add(Sequenced.unnumbered(new LiveEvent.Resync(LiveEvent.Resync.FELL_BEHIND, latestRevision.getAsLong())));
        onEnd.run();
    }

    /**
     * Writes what the sink can take now; the transport calls this again when it can take more. Only
     * one thread writes at a time; the writer looks at the queue again after every write, so a call
     * while another thread writes has nothing to do.
     */
    public void drain() {
        synchronized (this) {
            scheduled = false;
            blocked = false;
            if (writing || ended || held || sink == null) return;
            writing = true;
        }
        boolean holding = true; // this thread is the writer until it stops writing under the lock
        try {
            while (true) {
                List<Sequenced> batch;
                boolean end = false;
                synchronized (this) {
                    if (!ended && !queue.isEmpty() && sink.ready()) {
                        batch = new ArrayList<>(Math.min(queue.size(), BATCH));
                        while (batch.size() < BATCH && !queue.isEmpty()) batch.add(queue.poll());
                        replayLeft = Math.max(0, replayLeft - batch.size());
                    } else if (!ended && overflowed && queue.isEmpty() && sink.ready()) {
                        batch = List.of();
                        ended = end = true;
                    } else {
                        // in the same hold as the last look at the queue, so that no offer is missed
                        blocked = !ended && !queue.isEmpty();
                        stopWriting();
                        holding = false;
                        return;
                    }
                }
                if (end) sink.end();
                else sink.write(batch);
            }
        } catch (RuntimeException e) {
            cancel(); // the transport is gone
        } finally {
            if (holding) {
                synchronized (this) {
                    stopWriting();
                }
            }
        }
    }

    /** Under the lock: this thread is done with the sink. */
    private void stopWriting() {
        writing = false;
        notifyAll();
    }

    /** Under the lock: waits until no other thread writes, then holds the sink for this one. */
    private void awaitSink() {
        boolean interrupted = false;
        while (writing) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** The keep-alive tick: a sign of life when nothing is waiting. */
    synchronized void keepAlive() {
        if (writing || ended || held || sink == null || !queue.isEmpty()) return;
        try {
            if (sink.ready()) sink.keepAlive();
        } catch (RuntimeException e) {
            cancel();
        }
    }

    /** The overflow's deadline passed: a watcher that has not taken its resync by now is dropped. */
    synchronized void abortIfStuck() {
        awaitSink();
        if (!overflowed || ended) return;
        ended = true;
        queue.clear();
        if (sink != null) sink.abort();
    }

    /** The control plane stops: the stream ends in order, with what was queued dropped. */
    synchronized void shutdown() {
        awaitSink();
        if (ended) return;
        ended = true;
        queue.clear();
        if (sink != null) {
            try {
                sink.end();
            } catch (RuntimeException e) {
                // the transport is already gone
            }
        }
    }

    /** The watcher went away (or its transport failed): nothing more is queued or written. */
    public synchronized void cancel() {
        boolean wasLive = !ended && !overflowed;
        ended = true;
        queue.clear();
        if (wasLive) onEnd.run();
    }

    synchronized boolean fellBehindAndPending() {
        return overflowed && !ended;
    }

    /** Events waiting for the sink. */
    public synchronized int queued() {
        return queue.size();
    }

    public synchronized boolean ended() {
        return ended;
    }
}
