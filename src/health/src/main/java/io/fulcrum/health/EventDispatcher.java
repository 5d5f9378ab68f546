package io.fulcrum.health;

import io.fulcrum.runtime.Threads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Hands health events to the listeners off the event loop: a bounded queue drained by one thread of
 * its own, so a slow listener delays later events, never a check. Listeners get every event in
 * order, one at a time. When the queue is full the new event is dropped and counted, with a warning
 * at most once per {@link #WARN_EVERY} (the agent also reads {@link HealthMonitor#view()} on its own
 * schedule, so it converges on the current state anyway).
 */
final class EventDispatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());
    /** Events waiting for the listeners; a burst of 10,000 real servers going down at once overflows it. */
    static final int CAPACITY = 4096;

    static final Duration WARN_EVERY = Duration.ofMinutes(1);

    private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();
    private final BlockingQueue<HealthEvent> queue;
    private final int capacity;
    private final Executor deliverer;
    private final ExecutorService ownThread; // null when the deliverer was given (tests)
    private final LongSupplier nanoTime;
    private final AtomicBoolean draining = new AtomicBoolean(); // a drain is queued or running: one at a time
    private final AtomicLong dropped = new AtomicLong();
    private final Object warnLock = new Object();
    private long lastWarning; // nanoTime of the last warning
    private long droppedAtLastWarning = -1; // -1: no warning yet

    /**
     * @param deliverer runs the drains (they deliver the events); any executor, also one that runs
     *                  them at once on the caller
     */
    EventDispatcher(Executor deliverer, int capacity, LongSupplier nanoTime) {
        this(deliverer, null, capacity, nanoTime);
    }

    private EventDispatcher(Executor deliverer, ExecutorService ownThread, int capacity, LongSupplier nanoTime) {
        this.deliverer = deliverer;
        this.ownThread = ownThread;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.nanoTime = nanoTime;
    }

    /** The production dispatcher: one daemon thread, {@link #CAPACITY} events. */
    static EventDispatcher onOwnThread() {
        ExecutorService t = Threads.single("fulcrum-health-events");
        return new EventDispatcher(t, t, CAPACITY, System::nanoTime);
    }

    /** Delivers events on the calling thread (tests on a fake clock: events arrive before the call returns). */
    static EventDispatcher direct() {
        return new EventDispatcher(Runnable::run, CAPACITY, System::nanoTime);
    }

    void addListener(HealthListener l) {
        listeners.add(l);
    }

    void removeListener(HealthListener l) {
        listeners.remove(l);
    }

    /** Events dropped because the queue was full, since the start. */
    long dropped() {
        return dropped.get();
    }

    /** Queues {@code e} for the listeners; never blocks. */
    void offer(HealthEvent e) {
        if (!queue.offer(e)) {
            overflow();
            return;
        }
        if (draining.compareAndSet(false, true)) {
            try {
                deliverer.execute(this::drain);
            } catch (RejectedExecutionException closed) {
                draining.set(false); // closed: the event stays undelivered
            }
        }
    }

    private void drain() {
        do {
            for (HealthEvent e; (e = queue.poll()) != null; ) deliver(e);
            draining.set(false);
            // an event offered after the last poll but before the flag was cleared found a drain running
        } while (!queue.isEmpty() && draining.compareAndSet(false, true));
    }

    private void deliver(HealthEvent e) {
        for (HealthListener l : listeners) {
            try {
                l.onEvent(e);
            } catch (RuntimeException ex) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "health listener failed on " + e.getClass().getSimpleName(),
                        ex);
            }
        }
    }

    private void overflow() {
        long total = dropped.incrementAndGet();
        synchronized (warnLock) {
            long now = nanoTime.getAsLong();
            if (droppedAtLastWarning >= 0 && now - lastWarning < WARN_EVERY.toNanos()) return;
            long since = droppedAtLastWarning < 0 ? total : total - droppedAtLastWarning;
            LOG.log(
                    System.Logger.Level.WARNING,
                    "health listeners are falling behind: the queue of " + capacity + " events is full; " + since
                            + " event(s) dropped"
                            + (droppedAtLastWarning < 0 ? "" : " in the last " + WARN_EVERY.toMinutes() + " minute(s)")
                            + ", " + total + " since the start (the current state is still read from the view)");
            lastWarning = now;
            droppedAtLastWarning = total;
        }
    }

    /**
     * Delivers what is queued, waiting up to {@code grace} for the listeners, then stops the thread
     * (interrupting a listener still busy). A dispatcher on a given executor has nothing to stop.
     */
    void close(Duration grace) {
        if (ownThread == null) return;
        ownThread.shutdown();
        try {
            if (ownThread.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS)) return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ownThread.shutdownNow();
        LOG.log(
                System.Logger.Level.WARNING,
                "health listeners did not take their last " + queue.size() + " event(s) within " + grace.toMillis()
                        + " ms of closing; they are dropped");
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(1));
    }
}
