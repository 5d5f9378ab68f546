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
 * the read cache current and fires {@link Announced}, on which agents' pushes hang.
 */
@ApplicationScoped
public class RevisionFeed {
    /** The channel; the commit statements ({@code store.RevisionStore}, {@code store.RealServerStore}) name it literally. */
    public static final String CHANNEL = "fulcrum_revision";

    private static final System.Logger LOG = System.getLogger(RevisionFeed.class.getName());

    @Inject
    DataSource dataSource;

    @Inject
    ReadCache cache;

    @Inject
    Event<Announced> announced;

    /** A revision was committed (on any replica), or commits may have been missed (revision 0). */
    public record Announced(long revision) {}

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
                cache.invalidate(); // commits may have been missed while not listening
                announced.fire(new Announced(0));
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    var notes = pg.getNotifications(1000);
                    if (notes == null || notes.length == 0) continue;
                    for (var n : notes) latest.accumulateAndGet(Long.parseLong(n.getParameter()), Math::max);
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
