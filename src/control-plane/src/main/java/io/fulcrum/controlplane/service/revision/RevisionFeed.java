package io.fulcrum.controlplane.service.revision;

import io.fulcrum.controlplane.service.read.ReadCache;
import io.fulcrum.runtime.Threads;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Listens on PostgreSQL channel {@value #CHANNEL}, where every write transaction announces its
 * revision at commit, so that every replica sharing the database learns of every commit. It keeps
 * the read cache current and fires {@link Announced}, on which agents' pushes hang. On the same
 * connection it listens on {@value #EVENT_CHANNEL}, where replicas relay the live events of the agents
 * connected to them ({@code events.EventRelay}), and fires each payload as {@link Relayed}.
 */
@ApplicationScoped
public class RevisionFeed {
    /** The channel; the commit statements ({@code store.RevisionStore}, {@code store.RealServerStore}) name it literally. */
    public static final String CHANNEL = "fulcrum_revision";
    /** The channel of relayed live events ({@code events.EventRelay} sends and reads the payloads). */
    public static final String EVENT_CHANNEL = "fulcrum_event";

    private static final System.Logger LOG = System.getLogger(RevisionFeed.class.getName());

    @Inject
    DataSource dataSource;

    @Inject
    ReadCache cache;

    @Inject
    Event<Announced> announced;

    @Inject
    Event<Relayed> relayed;

    /** A revision was committed (on any replica), or commits may have been missed (revision 0). */
    public record Announced(long revision) {}

    /** A notification on {@link #EVENT_CHANNEL} (from any replica, this one's too), fired on the feed's thread. */
    public record Relayed(String payload) {}

    private final AtomicLong latest = new AtomicLong();
    private volatile boolean running;
    private Thread thread;

    /** The newest revision this replica has heard of. */
    public long latest() {
        return latest.get();
    }

    void start(@Observes StartupEvent e) {
        running = true;
        thread = Threads.start("revision-feed", this::listen);
    }

    /** Stops listening and waits (briefly) for the thread to end; called by {@code StopOrder}. */
    public void close() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(2_000);
        }
    }

    private void listen() {
        while (running) {
            try (Connection c = dataSource.getConnection();
                    Statement st = c.createStatement()) {
                c.setAutoCommit(true);
                st.execute("LISTEN fulcrum_revision"); // CHANNEL
                st.execute("LISTEN fulcrum_event"); // EVENT_CHANNEL
                cache.invalidate(); // commits may have been missed while not listening
                announced.fire(new Announced(0));
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    var notes = pg.getNotifications(1000);
                    if (notes == null || notes.length == 0) continue;
                    boolean committed = false;
                    for (var n : notes) {
                        if (n.getName().equals(EVENT_CHANNEL)) {
                            relayed.fire(new Relayed(n.getParameter()));
                        } else {
                            latest.accumulateAndGet(Long.parseLong(n.getParameter()), Math::max);
                            committed = true;
                        }
                    }
                    if (!committed) continue;
                    cache.invalidate();
                    announced.fire(new Announced(latest.get()));
                }
            } catch (Exception ex) {
                if (!running) return;
                LOG.log(
                        Level.WARNING,
                        "revision feed lost its database connection (%s); reconnecting".formatted(ex.getMessage()));
                cache.invalidate();
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }
}
