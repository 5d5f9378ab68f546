package io.fulcrum.controlplane.agents;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.api.agent.v1.DesiredState;
import io.fulcrum.api.agent.v1.Event;
import io.fulcrum.api.agent.v1.Nack;
import io.fulcrum.api.agent.v1.Status;
import io.fulcrum.controlplane.auth.AuthThrottle;
import io.fulcrum.controlplane.events.AgentEvents;
import io.fulcrum.controlplane.metrics.Metrics;
import io.fulcrum.controlplane.service.revision.RevisionFeed;
import io.fulcrum.controlplane.store.DirectorStatusStore;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.runtime.Threads;
import io.fulcrum.wire.agent.DesiredStates;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The agents connected to this replica. One push thread refreshes the {@link DesiredStateCache}
 * when a revision is announced (by any replica, through {@code RevisionFeed}) and sends each agent
 * what changed for its director, so every agent sees revisions in commit order and none is skipped:
 * a newly connected agent gets its full state at the cache's revision, then every later change.
 */
@ApplicationScoped
public class AgentHub {
    private static final System.Logger LOG = System.getLogger(AgentHub.class.getName());
    /** How often this replica marks its agents as seen; REST treats 3 missed marks as disconnected. */
    static final long SEEN_EVERY_SECONDS = 10;
    /** Events kept per director in its status. */
    static final int EVENTS_KEPT = 100;

    @Inject
    Metrics metrics;

    @Inject
    DesiredStateCache cache;

    @Inject
    EnrollmentTokens tokens;

    @Inject
    DirectorStatusStore store;

    @Inject
    AuthThrottle throttle;

    @Inject
    AgentEvents published;

    private final Map<String, AgentSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, ArrayNode> events = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private ScheduledExecutorService push;
    private AppliedRevisions applied;

    void start(@Observes StartupEvent e) {
        applied = new AppliedRevisions("agent-hub-acks", store::acked);
        push = Threads.scheduler("agent-hub-push");
        push.scheduleWithFixedDelay(
                () -> store.seen(sessions.keySet()), SEEN_EVERY_SECONDS, SEEN_EVERY_SECONDS, TimeUnit.SECONDS);
        revisionAnnounced();
    }

    /**
     * Stops the push thread, ends every agent's stream (UNAVAILABLE: agents reconnect) and writes the
     * ACKs not yet written; called by {@code StopOrder}.
     */
    public void close() {
        if (push != null) push.shutdownNow();
        for (AgentSession s : List.copyOf(sessions.values())) {
            s.fail(io.grpc.Status.UNAVAILABLE.withDescription("the control plane is shutting down"));
        }
        if (push != null) Threads.shutdown(push, 1_000);
        if (applied != null) applied.close();
    }

    void announced(@Observes RevisionFeed.Announced a) {
        revisionAnnounced();
    }

    /** A new revision was committed somewhere: refresh and push, once for any number of announcements. */
    public void revisionAnnounced() {
        if (push != null && refreshQueued.compareAndSet(false, true)) push.execute(this::refreshAndPush);
    }

    /** The number of agents connected to this replica. */
    public int connected() {
        return sessions.size();
    }

    /** The model every session in {@link #sessions} was last advanced to (push thread only). */
    private DesiredModel pushed;

    /** Refreshes the cache and sends every agent what changed for it (push thread only). */
    private void refreshAndPush() {
        refreshQueued.set(false);
        DesiredStateCache.Refreshed r;
        try {
            r = cache.refresh();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "could not read the desired state (%s); retrying in 1 s".formatted(e.getMessage()));
            push.schedule(this::revisionAnnounced, 1, TimeUnit.SECONDS);
            return;
        }
        if (r.credentialsChanged()) recheckCredentials();
        if (!r.changed()) return;
        DesiredModel before = pushed;
        Snapshots.Hashes hashes = new Snapshots.Hashes(); // the directors of a change share its hashes
        // when only virtual servers changed, only the directors serving them (before or now) are visited
        Set<String> concerned = r.changedServers() != null && before != null
                ? Snapshots.serving(before, r.model(), r.changedServers())
                : null;
        for (AgentSession s : sessions.values()) {
            if (concerned != null && s.sentModel == before && !concerned.contains(s.director())) {
                s.sentModel = r.model(); // nothing changed for it
                continue;
            }
            pushTo(s, r, before, hashes);
        }
        pushed = r.model();
    }

    /** Sends what changed for the session's director, tagged with the model's revision. */
    private void pushTo(AgentSession s, DesiredStateCache.Refreshed r, DesiredModel before, Snapshots.Hashes hashes) {
        DesiredModel m = r.model();
        if (s.isClosed()) return;
        // only what changed since the model the session's state was advanced to, when that is the
        // previous one and no director or group changed; else the director's whole selection again
        Snapshots.Delta d = r.changedServers() != null && s.sentModel == before
                ? Snapshots.advanceServers(s.held, m, s.director(), r.changedServers(), hashes)
                : null;
        if (d == null) d = Snapshots.advance(s.held, m, Snapshots.select(m, s.director()), hashes);
        s.sentModel = m;
        if (d.isEmpty()) return;
        DesiredState.Builder b = DesiredState.newBuilder()
                .setRevision(m.revision())
                .setFull(false)
                .setDigest(s.held.digest());
        for (var e : d.put()) b.addPut(e.getValue());
        for (var k : d.remove()) b.addRemove(DesiredStates.wire(k));
        s.send(b.build());
    }

    /**
     * An agent said a valid hello. On the push thread: every agent is brought up to date first, then
     * this one gets its full state at that same model and joins; so it misses no revision and gets
     * none twice. It replaces any other stream of its director on this replica.
     */
    void open(AgentSession s) {
        store.connected(s.director(), s.hello().getSoftwareVersion());
        published.connected(
                s.director(), s.hello().getSoftwareVersion(), s.hello().getAppliedRevision());
        LOG.log(
                Level.INFO,
                "agent for director '%s' connected (version %s, applied revision %d)"
                        .formatted(
                                s.director(),
                                s.hello().getSoftwareVersion(),
                                s.hello().getAppliedRevision()));
        push.execute(() -> {
            refreshAndPush();
            DesiredModel m = pushed;
            if (m == null) {
                // never read the desired state: sending an empty one would empty the agent's kernel
                s.fail(io.grpc.Status.UNAVAILABLE.withDescription(
                        "the control plane cannot read its database; try again"));
                return;
            }
            Snapshots.advance(s.held, m, Snapshots.select(m, s.director()));
            s.sentModel = m;
            s.sendFull(m.revision(), true);
            if (s.isClosed()) return;
            AgentSession old = sessions.put(s.director(), s);
            if (old != null && old != s)
                old.fail(io.grpc.Status.ABORTED.withDescription(
                        "another agent connected as director '" + s.director() + "'"));
        });
    }

    /** A session that fell behind can take messages again: it gets its whole current state (push thread). */
    void catchUp(AgentSession s) {
        push.execute(() -> {
            if (s.isClosed() || !s.isBehind() || s.sentModel == null) return;
            LOG.log(
                    Level.INFO,
                    "agent for director '%s' was too slow to take every change; sending its whole state"
                            .formatted(s.director()));
            s.sendFull(s.sentModel.revision(), false);
        });
    }

    void closed(AgentSession s) {
        String d = s.director();
        // (a session that never joined, e.g. refused at once, leaves the director disconnected too)
        if (d != null && (sessions.remove(d, s) || !sessions.containsKey(d))) {
            store.disconnected(d);
            published.disconnected(d, s.hello() == null ? null : s.hello().getSoftwareVersion());
            LOG.log(Level.INFO, "agent for director '%s' disconnected".formatted(d));
        }
    }

    AuthThrottle throttle() {
        return throttle;
    }

    Optional<String> enrolledDirector(String secret) throws SQLException {
        return tokens.verify(secret);
    }

    void acked(AgentSession s, long revision) {
        try {
            AgentReports.ack(revision, s.sentRevision());
        } catch (AgentReports.Malformed m) {
            LOG.log(Level.WARNING, "director '%s': %s; ignored".formatted(s.director(), m.getMessage()));
            return;
        }
        applied.acked(s.director(), revision);
        published.acked(s.director(), s.hello().getSoftwareVersion(), revision);
    }

    void nacked(AgentSession s, Nack n) {
        ObjectNode o;
        try {
            o = AgentReports.nack(n, Instant.now());
        } catch (AgentReports.Malformed m) {
            LOG.log(Level.WARNING, "director '%s': %s; ignored".formatted(s.director(), m.getMessage()));
            return;
        }
        LOG.log(
                Level.WARNING,
                "director '%s' refused revision %d: %s".formatted(s.director(), n.getRevision(), o.get("errors")));
        store.nacked(s.director(), o.toString());
        metrics.nack(s.director());
        published.nacked(s.director(), s.hello().getSoftwareVersion(), n);
    }

    /** A status report: stored (a full one replaces the last), its events logged and kept; a malformed one is not. */
    void status(AgentSession s, Status st) {
        boolean stored = st.getFull() || st.getEventsCount() > 0;
        ObjectNode json = null;
        if (stored) {
            try {
                json = AgentReports.status(st);
            } catch (AgentReports.Malformed m) {
                LOG.log(Level.WARNING, "director '%s' sent %s; ignored".formatted(s.director(), m.getMessage()));
                return;
            }
        }
        published.status(s.director(), st);
        ArrayNode kept = events.computeIfAbsent(s.director(), k -> DocumentCodec.JSON.createArrayNode());
        synchronized (kept) {
            for (Event e : st.getEventsList()) {
                LOG.log(
                        Level.INFO,
                        "director '%s': %s %s: %s"
                                .formatted(s.director(), e.getKind(), e.getSubject(), e.getMessage()));
                kept.add(AgentReports.event(e));
                if (kept.size() > EVENTS_KEPT) kept.remove(0);
            }
        }
        if (!stored) return;
        synchronized (kept) {
            json.set("events", kept.deepCopy());
        }
        store.status(s.director(), json.toString());
    }

    /** Ends the streams whose enrollment token was revoked or whose director was deleted. */
    private void recheckCredentials() {
        if (sessions.isEmpty()) return;
        Set<String> valid;
        try {
            valid = tokens.stillValid(
                    sessions.values().stream().map(AgentSession::tokenHash).toList());
        } catch (Exception e) {
            LOG.log(Level.WARNING, "could not re-check the agents' enrollment tokens: %s".formatted(e.getMessage()));
            return;
        }
        for (AgentSession s : new ArrayList<>(sessions.values())) {
            if (!valid.contains(s.tokenHash())) {
                LOG.log(
                        Level.INFO,
                        "agent for director '%s' disconnected: its enrollment token was revoked"
                                .formatted(s.director()));
                s.fail(io.grpc.Status.UNAUTHENTICATED.withDescription("the enrollment token was revoked"));
            }
        }
    }
}
