package io.fulcrum.controlplane.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens a watch the same way for REST and gRPC: subscribe (live events queue from that moment), read
 * what the watcher asked to see first (the held events after its Last-Event-ID, or the revisions after
 * its since from the audit trail), then start writing: the replay, then the live events, none twice.
 */
@ApplicationScoped
public class Watches {
    @Inject
    EventHub hub;

    @Inject
    RevisionEvents revisions;

    /** A started watch; fails (with nothing subscribed) when the audit trail cannot be read. */
    public Subscription open(EventQuery q, Subscription.Sink sink) throws SQLException {
        List<Sequenced> preface = new ArrayList<>();
        Subscription s = hub.subscribe(new EventHub.Request(q.types(), q.lastEventId()), sink, preface);
        if (q.since() != null) {
            try {
                preface.addAll(revisions.replay(q.since()));
            } catch (SQLException | RuntimeException e) {
                s.cancel();
                throw e;
            }
        }
        s.start(preface);
        return s;
    }
}
