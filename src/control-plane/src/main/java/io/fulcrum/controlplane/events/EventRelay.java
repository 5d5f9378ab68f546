package io.fulcrum.controlplane.events;

import io.fulcrum.controlplane.service.revision.RevisionFeed;
import io.fulcrum.runtime.Threads;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Shares the events produced on this replica (agents, VRRP, health, counters: the agent's stream is
 * connected to one replica only) with the other replicas on the same database, and publishes theirs
 * here. Sending is PostgreSQL {@code NOTIFY} on {@link RevisionFeed#EVENT_CHANNEL} from the
 * {@code event-relay} thread, the events queued within {@link #GATHER_MILLIS} of each other in
 * one statement, behind a bounded queue: when the database is unreachable or the queue is
 * full, events are dropped, counted and logged once (the other replicas then miss them). Receiving comes
 * from {@link RevisionFeed}'s {@code LISTEN}: each payload carries its replica's id, a replica ignores
 * its own, and an event arrives once per notification, so it is published here exactly once.
 */
@ApplicationScoped
public class EventRelay {
    private static final System.Logger LOG = System.getLogger(EventRelay.class.getName());
    /** Events waiting to be sent. */
    static final int QUEUE = 1_024;
    /**
     * How long the first event queued waits for others before they are sent together (the ACKs of the
     * directors a change reached come back within a few milliseconds of each other).
     */
    static final long GATHER_MILLIS = 5;

    @Inject
    DataSource dataSource;

    @Inject
    EventHub hub;

    /**
     * Parameter 1: the channel, 2: the payloads; notifies each, in the array's order (a function scan
     * yields an array's elements in order, and the aggregate takes the rows as they come).
     */
    private static final String NOTIFY = "SELECT count(pg_notify(?, p)) FROM unnest(?) AS p";

    /** This process's id in the payloads it sends. */
    private final String replica =
            HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    /** How this replica's own payloads start: ignored on receipt without being read further. */
    private final String own = replica + ":";

    private final RelayChunks.Assembler assembler = new RelayChunks.Assembler();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean warned = new AtomicBoolean();
    /** Events waiting to be sent. */
    private final ArrayBlockingQueue<LiveEvent> queue = new ArrayBlockingQueue<>(QUEUE);
    /** Whether a drain of {@link #queue} is due on the sender. */
    private final AtomicBoolean draining = new AtomicBoolean();

    private ScheduledExecutorService sender;

    void start(@Observes StartupEvent e) {
        sender = Threads.scheduler("event-relay");
    }

    /** Stops the sender, after the events already queued if they go within a second; by {@code StopOrder}. */
    public void close() {
        if (sender != null) Threads.shutdown(sender, 1_000);
    }

    /** Sends {@code e}, just published here, to the other replicas; never waits. */
    public void send(LiveEvent e) {
        ScheduledExecutorService s = sender;
        if (s == null) return;
        if (!queue.offer(e)) {
            drop("its queue is full");
            return;
        }
        if (draining.compareAndSet(false, true)) {
            try {
                s.schedule(this::drain, GATHER_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // stopping: what is queued now is not sent
            }
        }
    }

    /** Events not relayed since this process started (database unreachable, queue full, too big). */
    public long dropped() {
        return dropped.get();
    }

    /** A notification on the event channel: another replica's event is published here. */
    void received(@Observes RevisionFeed.Relayed r) {
        if (r.payload().startsWith(own)) return;
        try {
            RelayChunks.Piece p = RelayChunks.parse(r.payload());
            if (p.replica().equals(replica)) return;
            String json = assembler.accept(p);
            if (json != null) hub.publish(EventJson.event(json));
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "ignored a relayed event that could not be read: " + ex.getMessage());
        }
    }

    /**
     * Sends every event queued, in one statement: the events that came together (the ACKs of every
     * director a change went to) cost one round trip, not one each.
     */
    private void drain() {
        draining.set(false); // an event queued from now on gets a drain of its own
        List<LiveEvent> events = new ArrayList<>();
        queue.drainTo(events);
        if (events.isEmpty()) return;
        List<String> payloads = new ArrayList<>();
        for (LiveEvent e : events) {
            List<String> pieces = RelayChunks.split(
                    replica, messages.incrementAndGet(), EventJson.data(e).toString(), RelayChunks.PAYLOAD_BYTES);
            if (pieces.isEmpty()) drop("a " + e.type().wire + " event is too big");
            payloads.addAll(pieces);
        }
        if (payloads.isEmpty()) return;
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement(NOTIFY)) {
            // one statement, so one transaction: every piece of every event delivered together and in order
            st.setString(1, RevisionFeed.EVENT_CHANNEL);
            st.setArray(2, c.createArrayOf("text", payloads.toArray()));
            st.executeQuery().close();
            if (warned.compareAndSet(true, false))
                LOG.log(
                        Level.INFO,
                        "relaying events to the other replicas again (%d dropped so far)".formatted(dropped.get()));
        } catch (SQLException | RuntimeException ex) {
            for (int i = 0; i < events.size(); i++) drop("PostgreSQL is unreachable (" + ex.getMessage() + ")");
        }
    }

    /** Counts a dropped event; logs the first of a run of drops. */
    private void drop(String why) {
        dropped.incrementAndGet();
        if (warned.compareAndSet(false, true))
            LOG.log(Level.WARNING, "events are not relayed to the other replicas: " + why + "; they miss them");
    }
}
