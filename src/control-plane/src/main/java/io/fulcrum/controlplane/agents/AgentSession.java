package io.fulcrum.controlplane.agents;

import io.fulcrum.api.agent.v1.AgentMessage;
import io.fulcrum.api.agent.v1.ControlMessage;
import io.fulcrum.api.agent.v1.DesiredState;
import io.fulcrum.api.agent.v1.Hello;
import io.fulcrum.controlplane.auth.AuthThrottle;
import io.fulcrum.controlplane.grpc.RemoteAddress;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.lang.System.Logger.Level;
import java.sql.SQLException;

/**
 * One agent's stream. The first message must be a Hello with a valid enrollment token of the
 * director it names; until then the agent gets nothing. Desired state is sent only from the hub's
 * push thread, in revision order; ACK, NACK and status come in on gRPC's threads.
 */
final class AgentSession implements StreamObserver<AgentMessage> {
    private static final System.Logger LOG = System.getLogger(AgentSession.class.getName());

    private final AgentHub hub;
    private final ServerCallStreamObserver<ControlMessage> out;
    private volatile String director;
    private volatile String tokenHash;
    private volatile boolean closed;
    private Hello hello;
    /** What this agent holds, as far as this session has sent (push thread only). */
    final Snapshots.Held held = new Snapshots.Held();
    /** The model {@link #held} was last advanced to (push thread only). */
    DesiredModel sentModel;

    /**
     * Set when a message was due while the transport could take no more (a slow or stuck agent):
     * instead of queueing deltas without bound, the agent gets its whole state once it drains.
     */
    private volatile boolean behind;

    /** The revision of the last desired state sent on this stream (0: none yet); an ACK must name one up to it. */
    private volatile long sentRevision;

    AgentSession(AgentHub hub, ServerCallStreamObserver<ControlMessage> out) {
        this.hub = hub;
        this.out = out;
        out.setOnCancelHandler(() -> end(null));
        out.setOnReadyHandler(() -> {
            if (behind && director != null) hub.catchUp(this);
        });
    }

    String director() {
        return director;
    }

    String tokenHash() {
        return tokenHash;
    }

    Hello hello() {
        return hello;
    }

    long sentRevision() {
        return sentRevision;
    }

    @Override
    public void onNext(AgentMessage m) {
        if (closed) return;
        if (director == null) {
            if (!m.hasHello()) {
                fail(Status.INVALID_ARGUMENT.withDescription("the first message must be a hello"));
                return;
            }
            hello(m.getHello());
            return;
        }
        switch (m.getBodyCase()) {
            case ACK -> hub.acked(this, m.getAck().getRevision());
            case NACK -> hub.nacked(this, m.getNack());
            case STATUS -> hub.status(this, m.getStatus());
            case HELLO -> fail(Status.INVALID_ARGUMENT.withDescription("hello was already said on this stream"));
            default -> fail(Status.INVALID_ARGUMENT.withDescription("an empty message"));
        }
    }

    private void hello(Hello h) {
        if (h.getDirector().isEmpty() || h.getToken().isEmpty()) {
            fail(Status.UNAUTHENTICATED.withDescription("hello needs the director's name and its enrollment token"));
            return;
        }
        String source = RemoteAddress.current();
        try {
            hub.throttle().check(source);
        } catch (AuthThrottle.Refused r) {
            fail(Status.RESOURCE_EXHAUSTED.withDescription(r.getMessage()));
            return;
        }
        String enrolled;
        try {
            enrolled = hub.enrolledDirector(h.getToken()).orElse(null);
        } catch (SQLException e) {
            fail(Status.UNAVAILABLE.withDescription("the control plane cannot reach its database; try again"));
            return;
        }
        if (enrolled == null) {
            hub.throttle().failed(source);
            LOG.log(
                    Level.INFO,
                    "agent for director '%s' refused: unknown or revoked enrollment token".formatted(h.getDirector()));
            fail(Status.UNAUTHENTICATED.withDescription("the enrollment token is not valid (unknown or revoked)"));
            return;
        }
        if (!enrolled.equals(h.getDirector())) {
            LOG.log(
                    Level.INFO,
                    "agent for director '%s' refused: its token enrolls director '%s'"
                            .formatted(h.getDirector(), enrolled));
            fail(Status.PERMISSION_DENIED.withDescription("this enrollment token is for another director"));
            return;
        }
        this.hello = h;
        this.tokenHash = EnrollmentTokens.hexHash(h.getToken());
        this.director = enrolled;
        hub.open(this);
    }

    /** Sends a desired state (push thread); a delta the transport cannot take now is replaced by a full state later. */
    void send(DesiredState d) {
        synchronized (out) {
            if (closed) return;
            if (!d.getFull() && (behind || !out.isReady())) {
                behind = true;
                // it may have drained between the check and the flag: the ready handler saw no flag
                if (out.isReady()) hub.catchUp(this);
                return;
            }
            // before the send: the agent's ACK may come back before onNext returns
            sentRevision = Math.max(sentRevision, d.getRevision());
            try {
                out.onNext(ControlMessage.newBuilder().setDesired(d).build());
            } catch (RuntimeException e) {
                end(null);
            }
        }
    }

    /**
     * Sends the whole state: resources, or "unchanged" when the agent said (in its hello) that it
     * holds exactly it and {@code mayBeUnchanged}.
     */
    void sendFull(long revision, boolean mayBeUnchanged) {
        behind = false;
        boolean unchanged = mayBeUnchanged && hello.getAppliedDigest().equals(held.digest());
        DesiredState.Builder d = DesiredState.newBuilder()
                .setRevision(revision)
                .setFull(true)
                .setDigest(held.digest())
                .setUnchanged(unchanged);
        if (!unchanged) d.addAllPut(held.resources().values());
        send(d.build());
    }

    /** Ends the stream with an error status (when not already ended). */
    void fail(Status s) {
        synchronized (out) {
            if (closed) return;
            closed = true;
            try {
                out.onError(s.asRuntimeException());
            } catch (RuntimeException ignored) {
                // the call is already gone
            }
        }
        hub.closed(this);
    }

    @Override
    public void onError(Throwable t) {
        end(null);
    }

    @Override
    public void onCompleted() {
        end(Status.OK);
    }

    private void end(Status s) {
        synchronized (out) {
            if (closed) return;
            closed = true;
            if (s != null) {
                try {
                    out.onCompleted();
                } catch (RuntimeException ignored) {
                    // the call is already gone
                }
            }
        }
        hub.closed(this);
    }

    boolean isClosed() {
        return closed;
    }

    boolean isBehind() {
        return behind;
    }
}
