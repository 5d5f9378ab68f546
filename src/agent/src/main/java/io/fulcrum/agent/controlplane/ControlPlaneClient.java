package io.fulcrum.agent.controlplane;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import io.fulcrum.agent.run.AgentLoop;
import io.fulcrum.agent.run.LoopListener;
import io.fulcrum.agent.run.Outcome;
import io.fulcrum.agent.run.StatusSnapshot;
import io.fulcrum.agent.run.Touched;
import io.fulcrum.api.agent.v1.AgentMessage;
import io.fulcrum.api.agent.v1.AgentServiceGrpc;
import io.fulcrum.api.agent.v1.ControlMessage;
import io.fulcrum.api.agent.v1.DesiredState;
import io.fulcrum.api.agent.v1.Event;
import io.fulcrum.api.agent.v1.ObjectError;
import io.fulcrum.health.HealthEvent;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.ValidationException;
import io.fulcrum.runtime.Threads;
import io.fulcrum.vrrp.machine.State;
import io.fulcrum.wire.agent.DesiredDocuments;
import io.fulcrum.wire.agent.DesiredStates;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The agent's side of the control-plane connection (fulcrum.agent.v1 AgentService.Connect), on a
 * thread of its own. At start it applies the desired state it saved last (so the rules are in force
 * with the control plane down), then keeps one stream open, reconnecting with {@link Backoff}:
 * <ol>
 *   <li>Hello: the director, its enrollment token, the revision and digest it has applied;</li>
 *   <li>each DesiredState (a full snapshot, then deltas) is applied to what this stream received,
 *       its digest checked (a mismatch drops the stream: the next one starts with a full snapshot),
 *       turned into a document and offered to the {@link AgentLoop}: ACK when the kernel holds it
 *       (and it is saved), NACK naming the failing objects when it is refused or the kernel refuses it
 *       (the previous state stays in force; what was received stays the base of the next delta);</li>
 *   <li>a full status after the first answer and every status interval; an event at once for every
 *       health change and VRRP transition.</li>
 * </ol>
 * The token is sent in the hello and nowhere else: never logged, never printed.
 */
public final class ControlPlaneClient implements AutoCloseable {
    /**
     * @param target         how the control plane is named in the log
     * @param statusInterval between two full statuses
     * @param answerTimeout  the longest the client waits for the loop to apply a state or read a status
     */
    public record Settings(
            String director, String softwareVersion, String target, Duration statusInterval, Duration answerTimeout) {
        public static Settings of(String director, String softwareVersion, String target, Duration statusInterval) {
            return new Settings(director, softwareVersion, target, statusInterval, Duration.ofMinutes(5));
        }
    }

    private record Ended(Status status) {}

    private static final Object STOP = new Object();
    /** Events per message when the backlog is sent. */
    static final int BACKLOG_BATCH = 100;
    /**
     * A health or VRRP change is sent at once as an event, and the full status that shows it follows
     * soon after instead of at the status interval, so that watchers (the dashboard, `ctl watch`) see
     * the new state within a fraction of a second; a burst of changes shares one status, and such early
     * statuses go at most every {@code EARLY_STATUS_SPACING}.
     */
    static final long EARLY_STATUS_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    static final long EARLY_STATUS_SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private static final System.Logger LOG = System.getLogger(ControlPlaneClient.class.getName());

    private final ManagedChannel channel;
    private final AgentServiceGrpc.AgentServiceStub stub;
    private final Settings settings;
    private final String token;
    private final AgentLoop loop;
    private final AppliedStateStore store;
    private final Backoff backoff;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch restored = new CountDownLatch(1);
    private final LoopListener events = new LoopListener() {
        @Override
        public void health(HealthEvent e) {
            event(StatusMessages.event(e));
        }

        @Override
        public void vrrp(Instant at, String group, State from, State to, String reason) {
            event(StatusMessages.vrrpEvent(at, group, from, to, reason));
        }

        @Override
        public void notice(Instant at, String kind, String subject, String message) {
            event(StatusMessages.notice(at, kind, subject, message));
        }
    };
    private volatile boolean closed;
    /** Guards the switch between {@link #inbox} and {@link #backlog}: an event goes to exactly one. */
    private final Object eventLock = new Object();
    /** The open stream's inbox (events are queued there), or null. */
    private volatile BlockingQueue<Object> inbox;
    /** The events raised while no stream was open, sent when the next one opens. */
    private final EventBacklog backlog = new EventBacklog(EventBacklog.CAPACITY);

    /** What was received and what is in force, kept one resource at a time (the client's thread changes it). */
    private final ReceivedState state = new ReceivedState();

    private Thread thread;

    /** @param token the director's enrollment token (kept in this object only, sent in the hello) */
    public ControlPlaneClient(
            ManagedChannel channel,
            Settings settings,
            String token,
            AgentLoop loop,
            AppliedStateStore store,
            Backoff backoff) {
        this.channel = channel;
        this.stub = AgentServiceGrpc.newStub(channel);
        this.settings = settings;
        this.token = token;
        this.loop = loop;
        this.store = store;
        this.backoff = backoff;
    }

    /** Starts the client's thread: the saved state first, then the stream. */
    public synchronized void start() {
        if (thread != null) throw new IllegalStateException("already started");
        loop.addListener(events);
        thread = Threads.start("control-plane", this::run);
    }

    /** The state in force from the control plane (or the saved one): what the next hello reports (a copy). */
    public AppliedState applied() {
        synchronized (state) {
            return state.applied();
        }
    }

    /** Waits until the saved state (if any) was offered to the loop and answered; true when it was. */
    public boolean awaitRestored(Duration d) throws InterruptedException {
        return restored.await(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends the stream (half-close) and the thread, and shuts the channel down. */
    @Override
    public void close() {
        closed = true;
        closing.countDown();
        BlockingQueue<Object> q = inbox;
        if (q != null) q.add(STOP);
        Thread t;
        synchronized (this) {
            t = thread;
        }
        loop.removeListener(events);
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(2_000);
                if (t.isAlive()) {
                    t.interrupt();
                    t.join(2_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            restore();
            while (!closed) {
                boolean good = new Session().run();
                if (closed) break;
                if (good) backoff.reset();
                Duration d = backoff.next();
                LOG.log(INFO, "control plane: connecting again in " + d.toMillis() + " ms");
                if (closing.await(d.toNanos(), TimeUnit.NANOSECONDS)) break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(ERROR, "control plane: the client stopped on a failure: " + e, e);
        } finally {
            restored.countDown();
        }
    }

    /** Applies the saved state, if any and usable; a corrupt file is reported and ignored. */
    private void restore() throws InterruptedException {
        try {
            Optional<AppliedState> saved;
            try {
                saved = store.load();
            } catch (AppliedStateStore.CorruptStateException e) {
                LOG.log(
                        WARNING,
                        "the saved desired state is ignored: " + e.getMessage() + "; waiting for the control plane");
                return;
            }
            if (saved.isEmpty()) {
                LOG.log(INFO, "no saved desired state (" + store.file() + "); waiting for the control plane");
                return;
            }
            AppliedState s = saved.get();
            ConfigDocument doc;
            synchronized (state) {
                state.reset(s);
                try {
                    doc = state.document(s.revision());
                } catch (ValidationException e) {
                    state.reset(AppliedState.NONE);
                    LOG.log(
                            WARNING,
                            "the saved desired state " + store.file() + " (revision " + s.revision() + ") is ignored: "
                                    + e.getMessage() + "; waiting for the control plane");
                    return;
                }
            }
            Outcome o =
                    answer(loop.offer(doc, "saved revision " + s.revision() + " (" + store.file() + ")", Touched.ALL));
            if (o instanceof Outcome.Applied) {
                LOG.log(INFO, "saved revision " + s.revision() + " is in force");
            } else {
                synchronized (state) {
                    state.reset(AppliedState.NONE);
                }
                if (o != null)
                    LOG.log(
                            WARNING,
                            "saved revision " + s.revision() + " did not apply; waiting for the control plane");
            }
        } finally {
            restored.countDown();
        }
    }

    private void event(Event e) {
        synchronized (eventLock) {
            BlockingQueue<Object> q = inbox;
            if (q != null) q.add(e);
            else backlog.add(e);
        }
    }

    /** The loop's answer, or null when it did not come (the agent is stopping, or the loop is stuck: reported). */
    private <T> T answer(CompletableFuture<T> f) throws InterruptedException {
        try {
            return f.get(settings.answerTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (CancellationException e) {
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CancellationException) return null;
            LOG.log(ERROR, "control plane: the agent's loop failed: " + e.getCause(), e.getCause());
            return null;
        } catch (TimeoutException e) {
            LOG.log(
                    ERROR,
                    "control plane: the agent's loop did not answer within "
                            + settings.answerTimeout().toSeconds() + " s");
            return null;
        }
    }

    /** One stream, from hello to its end. */
    private final class Session implements ClientResponseObserver<AgentMessage, ControlMessage> {
        private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private ClientCallStreamObserver<AgentMessage> call;
        private boolean deliveredSnapshot;
        private boolean answered;
        private boolean ended;
        /** Events this stream took (from the backlog or its queue) and has not sent: back to the backlog at its end. */
        private final List<Event> unsent = new ArrayList<>();

        @Override
        public void beforeStart(ClientCallStreamObserver<AgentMessage> requests) {
            call = requests;
        }

        @Override
        public void onNext(ControlMessage m) {
            queue.add(m);
        }

        @Override
        public void onError(Throwable t) {
            queue.add(new Ended(Status.fromThrowable(t)));
        }

        @Override
        public void onCompleted() {
            queue.add(new Ended(Status.OK));
        }

        /** True when the stream delivered a snapshot (the backoff starts again). */
        boolean run() throws InterruptedException {
            synchronized (eventLock) {
                inbox = queue;
                unsent.addAll(backlog.drain(Instant.now()));
            }
            try {
                long revision;
                String digest;
                synchronized (state) {
                    state.rollback(); // what the control plane will believe this agent holds: the state in force
                    revision = state.appliedRevision();
                    digest = state.appliedDigest();
                }
                stub.connect(this);
                if (!send(
                        StatusMessages.hello(settings.director(), token, settings.softwareVersion(), revision, digest)))
                    return false;
                long interval = settings.statusInterval().toNanos();
                long nextStatus = System.nanoTime() + interval;
                long lastStatus = System.nanoTime() - EARLY_STATUS_SPACING_NANOS;
                while (!closed) {
                    long wait = nextStatus - System.nanoTime();
                    Object m = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : null;
                    if (m == STOP || closed) {
                        if (!ended) call.onCompleted();
                        return deliveredSnapshot;
                    }
                    if (m instanceof Ended e) {
                        ended = true;
                        report(e.status());
                        return deliveredSnapshot;
                    }
                    if (m instanceof ControlMessage c && c.hasDesired()) {
                        if (!handle(c.getDesired())) {
                            call.cancel("the agent drops this stream to get a full snapshot", null);
                            return deliveredSnapshot;
                        }
                        if (!answered) {
                            answered = true;
                            nextStatus = System.nanoTime(); // the first status, now that the state is known
                            // the stream is known to work only now: a message sent on a stream that fails to open
                            // is lost without an error, so the events kept until now go after the first answer
                            if (!sendBacklog()) return deliveredSnapshot;
                        }
                    }
                    if (m instanceof Event e) {
                        if (!answered) unsent.add(e); // kept until the stream is known to work
                        else if (!send(StatusMessages.events(List.of(e)))) {
                            unsent.add(e);
                            return deliveredSnapshot;
                        } else if (e.getKind().equals("health") || e.getKind().equals("vrrp")) {
                            long now = System.nanoTime();
                            long soon =
                                    Math.max(now + EARLY_STATUS_DELAY_NANOS, lastStatus + EARLY_STATUS_SPACING_NANOS);
                            if (nextStatus - soon > 0) nextStatus = soon;
                        }
                    }
                    if (System.nanoTime() - nextStatus >= 0) {
                        StatusSnapshot s = answer(loop.status());
                        if (s != null && !send(StatusMessages.status(StatusMessages.status(s))))
                            return deliveredSnapshot;
                        lastStatus = System.nanoTime();
                        nextStatus = lastStatus + interval;
                    }
                }
                if (!ended) call.onCompleted();
                return deliveredSnapshot;
            } finally {
                synchronized (eventLock) {
                    inbox = null;
                    for (Object m : queue) if (m instanceof Event e) unsent.add(e);
                    queue.clear();
                    backlog.addFirst(unsent);
                }
            }
        }

        /**
         * Sends the events raised while disconnected (taken at the stream's start) and those raised before the
         * control plane's first answer, in batches; false when the stream broke.
         */
        private boolean sendBacklog() {
            if (unsent.isEmpty()) return true;
            int total = unsent.size();
            while (!unsent.isEmpty()) {
                List<Event> batch = new ArrayList<>(unsent.subList(0, Math.min(BACKLOG_BATCH, unsent.size())));
                if (!send(StatusMessages.events(batch))) return false;
                unsent.subList(0, batch.size()).clear();
            }
            LOG.log(INFO, "control plane: sent the " + total + " events raised while disconnected");
            return true;
        }

        /** Carries out one desired state; false when the stream is to be dropped. */
        private boolean handle(DesiredState d) throws InterruptedException {
            long revision = d.getRevision();
            String digest;
            Touched touched;
            ConfigDocument doc;
            synchronized (state) {
                try {
                    // what the control plane believes it sent: the base of its next delta (also after a NACK)
                    state.apply(d);
                } catch (ValidationException e) {
                    LOG.log(
                            WARNING,
                            "control plane: revision " + revision + " names a resource without a valid key ("
                                    + e.getMessage() + "); dropping the stream for a full snapshot");
                    send(StatusMessages.nack(
                            revision,
                            List.of(StatusMessages.error("", "a resource key is not valid: " + e.getMessage()))));
                    return false;
                }
                digest = state.digest();
                if (!digest.equals(d.getDigest())) {
                    LOG.log(
                            WARNING,
                            "control plane: revision " + revision + ": the state held here (digest " + brief(digest)
                                    + ") is not the control plane's (" + brief(d.getDigest())
                                    + "); dropping the stream for a full snapshot");
                    return false;
                }
                if (d.getFull()) deliveredSnapshot = true;
                try {
                    doc = state.document(revision);
                } catch (DesiredDocuments.Refused e) {
                    return nack(revision, StatusMessages.errors(e.problems()));
                }
                touched = state.touched();
            }
            String origin = "revision " + revision + " from the control plane";
            Outcome o = answer(loop.offer(doc, origin, touched));
            if (o == null)
                return closed
                        || nack(
                                revision,
                                List.of(StatusMessages.error(
                                        "", "the agent could not apply it (it is stopping or its loop is stuck)")));
            if (o instanceof Outcome.Applied) {
                synchronized (state) {
                    ReceivedState.Changes c = state.commit(revision);
                    try {
                        store.append(c.base(), revision, digest, c.put(), c.removed(), state::applied);
                    } catch (IOException | RuntimeException e) {
                        LOG.log(
                                WARNING,
                                "saving revision " + revision + " to " + store.file() + " failed: " + e.getMessage()
                                        + " (it is in force; a restart without the control plane would start from the previous saved state)");
                    }
                }
                LOG.log(INFO, "control plane: revision " + revision + " applied and acknowledged");
                return send(StatusMessages.ack(revision));
            }
            if (o instanceof Outcome.Refused r) return nack(revision, StatusMessages.refusals(r.errors()));
            Outcome.KernelFailed k = (Outcome.KernelFailed) o;
            return nack(revision, StatusMessages.kernelErrors(doc.servedBy(settings.director()), k.failures()));
        }

        private boolean nack(long revision, List<ObjectError> errors) {
            for (ObjectError e : errors) {
                String object = e.hasObject() ? DesiredStates.key(e.getObject()).toString() : "the desired state";
                LOG.log(
                        WARNING,
                        "control plane: revision " + revision + " refused: " + object
                                + (e.getField().isEmpty() ? "" : " " + e.getField()) + ": " + e.getMessage());
            }
            return send(StatusMessages.nack(revision, errors));
        }

        private boolean send(AgentMessage m) {
            if (ended) return false;
            try {
                call.onNext(m);
                return true;
            } catch (RuntimeException e) { // the call is gone; its end is in the queue
                return false;
            }
        }

        private void report(Status s) {
            if (s.isOk()) {
                LOG.log(INFO, "control plane: " + settings.target() + " ended the stream");
                return;
            }
            String why = s.getCode()
                    + (s.getDescription() != null ? ": " + s.getDescription() : "")
                    + (s.getCause() != null && s.getCause().getMessage() != null
                            ? " (" + s.getCause().getMessage() + ")"
                            : "");
            String what = switch (s.getCode()) {
                case UNAUTHENTICATED -> " refused this agent's enrollment token: ";
                case PERMISSION_DENIED -> " refused this agent (a token of another director?): ";
                default ->
                    deliveredSnapshot || answered ? " stream ended: " : " is unreachable or refused the stream: ";
            };
            LOG.log(WARNING, "control plane " + settings.target() + what + why);
        }
    }

    private static String brief(String digest) {
        return digest.length() > 12 ? digest.substring(0, 12) + "…" : digest;
    }
}
