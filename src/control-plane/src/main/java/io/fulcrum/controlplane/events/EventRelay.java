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
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Shares the events produced on this replica (agents, VRRP, health, counters: the agent's stream is
 * connected to one replica only) with the other replicas on the same database, and publishes theirs
 * here. Sending is PostgreSQL {@code NOTIFY} on {@link RevisionFeed#EVENT_CHANNEL} from the
 * {@code event-relay} thread, behind a bounded queue: when the database is unreachable or the queue is
 * full, events are dropped, counted and logged once (the other replicas then miss them). Receiving comes
 * from {@link RevisionFeed}'s {@code LISTEN}: each payload carries its replica's id, a replica ignores
 * its own, and an event arrives once per notification, so it is published here exactly once.
 */
@ApplicationScoped
public class EventRelay {
    private static final System.Logger LOG = System.getLogger(EventRelay.class.getName());
    /** Events waiting to be sent. */
    static final int QUEUE = 1_024;

    @Inject
    DataSource dataSource;

    @Inject
    EventHub hub;

    /** This process's id in the payloads it sends. */
    private final String replica =
            HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());

    private final RelayChunks.Assembler assembler = new RelayChunks.Assembler();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean warned = new AtomicBoolean();
    private ThreadPoolExecutor sender;

    void start(@Observes StartupEvent e) {
        sender = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE),
                Threads.factory("event-relay", true),
                (task, executor) -> {
                    if (!executor.isShutdown()) drop("its queue is full");
                });
    }

    /** Stops the sender, after the events already queued if they go within a second; by {@code StopOrder}. */
    public void close() {
        if (sender != null) Threads.shutdown(sender, 1_000);
    }

    /** Sends {@code e}, just published here, to the other replicas; never waits. */
    public void send(LiveEvent e) {
        ThreadPoolExecutor s = sender;
        if (s != null) s.execute(() -> notify(e));
    }

    /** Events not relayed since this process started (database unreachable, queue full, too big). */
    public long dropped() {
        return dropped.get();
    }

    /** A notification on the event channel: another replica's event is published here. */
    void received(@Observes RevisionFeed.Relayed r) {
        try {
            RelayChunks.Piece p = RelayChunks.parse(r.payload());
            if (p.replica().equals(replica)) return;
            String json = assembler.accept(p);
            if (json != null) hub.publish(EventJson.event(json));
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "ignored a relayed event that could not be read: " + ex.getMessage());
        }
    }

    private void notify(LiveEvent e) {
        List<String> payloads = RelayChunks.split(
                replica, messages.incrementAndGet(), EventJson.data(e).toString(), RelayChunks.PAYLOAD_BYTES);
        if (payloads.isEmpty()) {
            drop("a " + e.type().wire + " event is too big");
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            // the pieces of one event in one transaction: delivered together and in order
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(payloads.size() == 1);
            boolean sent = false;
            try {
                for (String p : payloads) {
                    st.setString(1, RevisionFeed.EVENT_CHANNEL);
                    st.setString(2, p);
                    st.executeQuery().close();
                }
                if (payloads.size() > 1) c.commit();
                sent = true;
            } finally {
                if (!sent && payloads.size() > 1) c.rollback();
                c.setAutoCommit(auto);
            }
            if (warned.compareAndSet(true, false))
                LOG.log(
                        Level.INFO,
                        "relaying events to the other replicas again (%d dropped so far)".formatted(dropped.get()));
        } catch (SQLException | RuntimeException ex) {
            drop("PostgreSQL is unreachable (" + ex.getMessage() + ")");
        }
    }

    /** Counts a dropped event; logs the first of a run of drops. */
    private void drop(String why) {
        dropped.incrementAndGet();
        if (warned.compareAndSet(false, true))
            LOG.log(Level.WARNING, "events are not relayed to the other replicas: " + why + "; they miss them");
    }
}
