package io.fulcrum.controlplane.events;

import io.fulcrum.controlplane.service.revision.RevisionFeed;
import io.fulcrum.controlplane.store.AuditRow;
import io.fulcrum.controlplane.store.RevisionStore;
import io.fulcrum.runtime.Threads;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Revision events, from the audit trail: when the revision feed announces a commit (of any replica on
 * the database), the audit records after the last one published become events, in revision order; a
 * watcher's {@code since} replays them from the same table. Token changes are no events.
 */
@ApplicationScoped
public class RevisionEvents {
    private static final System.Logger LOG = System.getLogger(RevisionEvents.class.getName());
    /** Audit records read at a time. */
    static final int PAGE = 500;
    /** A {@code since} further back than this many revisions gets a resync instead of the rest. */
    public static final int REPLAY_MAX = EventHub.RING;

    public static final String TOO_FAR_BACK = "since is too far back";

    private static final Set<String> MODEL = Set.of("director", "vrrp-group", "virtual-server", "real-server");

    @Inject
    RevisionStore store;

    @Inject
    EventHub hub;

    private final AtomicBoolean queued = new AtomicBoolean();
    private ExecutorService reader;
    /** The last revision published (reader thread only); -1 before the start revision was read. */
    private long published = -1;

    void start(@Observes StartupEvent e) {
        reader = Threads.single("revision-events");
        announced(null);
    }

    /** Stops the reader; called by {@code StopOrder}. */
    public void close() {
        if (reader != null) Threads.shutdown(reader, 1_000);
    }

    void announced(@Observes RevisionFeed.Announced a) {
        if (reader != null && queued.compareAndSet(false, true)) reader.execute(this::publishNew);
    }

    private void publishNew() {
        queued.set(false);
        try {
            if (published < 0) {
                published = store.committed();
                hub.startsAt(published);
            }
            while (true) {
                List<AuditRow> rows = store.auditAfter(published, PAGE);
                for (AuditRow r : rows) {
                    published = r.revision;
                    LiveEvent.Revision e = event(r);
                    if (e != null) hub.publish(e);
                }
                if (rows.size() < PAGE) return;
            }
        } catch (SQLException | RuntimeException ex) {
            LOG.log(
                    Level.WARNING,
                    "could not read the audit trail for revision events (%s); at the next announcement"
                            .formatted(ex.getMessage()));
        }
    }

    /**
     * The revision events after {@code since}, oldest first, unnumbered; ending in a resync when there
     * are more than {@link #REPLAY_MAX}.
     */
    public List<Sequenced> replay(long since) throws SQLException {
        List<Sequenced> out = new ArrayList<>();
        long after = since;
        int read = 0;
        while (true) {
            List<AuditRow> rows = store.auditAfter(after, PAGE);
            for (AuditRow r : rows) {
                after = r.revision;
                LiveEvent.Revision e = event(r);
                if (e != null) out.add(Sequenced.unnumbered(e));
            }
            read += rows.size();
            if (rows.size() < PAGE) return out;
            if (read >= REPLAY_MAX) {
                out.add(Sequenced.unnumbered(new LiveEvent.Resync(TOO_FAR_BACK, hub.latestRevision())));
                return out;
            }
        }
    }

    /** The event of one audit record; null for records that are not about the model (tokens). */
    static LiveEvent.Revision event(AuditRow r) {
        if (!MODEL.contains(r.kind)) return null;
        String name = r.resource;
        String realServer = null;
        if (r.kind.equals("real-server")) {
            int slash = r.resource.indexOf('/');
            name = r.resource.substring(0, slash);
            realServer = r.resource.substring(slash + 1);
        }
        return new LiveEvent.Revision(
                r.revision,
                r.at.toInstant(),
                List.of(new LiveEvent.Change(r.kind, name, realServer, r.action, r.actor)));
    }
}
