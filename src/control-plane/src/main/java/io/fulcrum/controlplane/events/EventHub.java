package io.fulcrum.controlplane.events;

import io.fulcrum.runtime.Threads;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one event source of the control plane: every producer publishes here (revisions, agents, VRRP,
 * health, counters), every watcher subscribes here (REST's server-sent events, gRPC Watch). Publishing
 * numbers the event, keeps it in the ring for Last-Event-ID and offers it to every watcher's bounded
 * queue, all under one lock, so every watcher sees one order. The writing to the transports is done by
 * its writer threads, not by the publisher. Its timer thread sends keep-alives and drops watchers that
 * fell behind and do not take their resync.
 */
@ApplicationScoped
public class EventHub {
    /** Per watcher, docs/events.md. */
    public static final int QUEUE = 1_024;
    /** Events kept for Last-Event-ID. */
    public static final int RING = 10_000;
    /** A comment line this often on an idle stream. */
    public static final long KEEP_ALIVE_SECONDS = 15;
    /** A watcher that fell behind and has not taken its resync this long after is disconnected. */
    public static final long ABORT_AFTER_SECONDS = 10;
    /** Threads writing queued events to the transports (each watcher is written by one at a time). */
    static final int WRITERS = 2;
    /**
     * A watcher's events are gathered this long before they are written (one message for all of them):
     * the price of one message per event is paid per watcher, and at a thousand events a second it is
     * what delays them (docs/events.md, the events bench in docs/performance.md).
     */
    static final long GATHER_MILLIS = 5;

    private final EventRing ring = new EventRing(RING);
    private final Set<Subscription> watchers = ConcurrentHashMap.newKeySet();
    private final AtomicLong latestRevision = new AtomicLong();
    private final Object lock = new Object();
    private long sequence;
    private ScheduledExecutorService timer;
    /** Times the gatherings (apart from {@link #timer}, whose keep-alives and aborts may wait for a writer). */
    private ScheduledExecutorService gatherer;
    /** Until {@link #start} (a hub made by a test), a watcher is written by the thread that queued to it. */
    private volatile ExecutorService writers;
    /** Where drains go to wait for their gathering, then to {@link #writers}; null until {@link #start}. */
    private volatile Gathering gathering;

    void start(@Observes StartupEvent e) {
        writers = Threads.pool("event-hub-writer", WRITERS);
        gatherer = Threads.scheduler("event-hub-gatherer");
        gathering = new Gathering(
                GATHER_MILLIS, (millis, task) -> gatherer.schedule(task, millis, TimeUnit.MILLISECONDS), writers);
        timer = Threads.scheduler("event-hub-timer");
        timer.scheduleWithFixedDelay(this::keepAlive, KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
    }

    /** Ends every watcher's stream and stops the timer and the writers; called by {@code StopOrder}. */
    public void close() {
        for (Subscription w : watchers) w.shutdown();
        watchers.clear();
        if (timer != null) Threads.shutdown(timer, 1_000);
        if (gatherer != null) Threads.shutdown(gatherer, 1_000);
        if (writers != null) Threads.shutdown(writers, 1_000);
    }

    /**
     * Runs a watcher's drain on a writer thread after its gathering (inline before start; dropped once
     * stopping).
     */
    private void write(Runnable drain) {
        Gathering g = gathering;
        if (g == null) {
            drain.run();
            return;
        }
        try {
            g.execute(drain);
        } catch (RejectedExecutionException e) {
            // the hub is closing: its watchers' streams are being ended
        }
    }

    /** Numbers {@code e}, keeps it, and offers it to every watcher; the event as numbered. */
    public Sequenced publish(LiveEvent e) {
        synchronized (lock) {
            Sequenced s = new Sequenced(++sequence, e);
            ring.add(s);
            if (e instanceof LiveEvent.Revision r) latestRevision.accumulateAndGet(r.revision(), Math::max);
            for (Subscription w : watchers) {
                w.offer(s);
                if (w.fellBehindAndPending()) abortLater(w);
            }
            return s;
        }
    }

    /** The newest revision published (or announced as the starting point). */
    public long latestRevision() {
        return latestRevision.get();
    }

    /** The revision this replica starts from: revisions up to it are history, not events. */
    void startsAt(long revision) {
        latestRevision.accumulateAndGet(revision, Math::max);
    }

    /** What a watcher asks for; lastEventId null for none. */
    public record Request(Set<EventType> types, Long lastEventId) {}

    /**
     * A new watcher. With a Last-Event-ID it gets the held events after it, or a resync when they are
     * no longer held, and then every event from now on; those are queued while it is held: call
     * {@link Subscription#start} (with a replay, or none) to start writing.
     */
    public Subscription subscribe(Request req, Subscription.Sink sink, List<Sequenced> preface) {
        synchronized (lock) {
            Subscription[] self = new Subscription[1];
            Subscription w = new Subscription(
                    req.types(), QUEUE, latestRevision::get, () -> watchers.remove(self[0]), this::write);
            self[0] = w;
            w.attach(sink);
            if (req.lastEventId() != null) {
                Optional<List<Sequenced>> held = ring.after(req.lastEventId());
                if (held.isPresent()) preface.addAll(held.get());
                else
                    preface.add(Sequenced.unnumbered(
                            new LiveEvent.Resync(LiveEvent.Resync.UNKNOWN_ID, latestRevision.get())));
            }
            watchers.add(w);
            return w;
        }
    }

    /** The watchers now following. */
    public int watchers() {
        return watchers.size();
    }

    /** The events queued for all watchers together (what the hub holds beyond its ring). */
    public int queued() {
        int n = 0;
        for (Subscription w : watchers) n += w.queued();
        return n;
    }

    private void keepAlive() {
        for (Subscription w : watchers) w.keepAlive();
    }

    private void abortLater(Subscription w) {
        if (timer != null) timer.schedule(w::abortIfStuck, ABORT_AFTER_SECONDS, TimeUnit.SECONDS);
        else w.abortIfStuck();
    }
}
