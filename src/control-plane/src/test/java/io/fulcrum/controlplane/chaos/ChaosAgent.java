package io.fulcrum.controlplane.chaos;

import io.fulcrum.api.agent.v1.Ack;
import io.fulcrum.api.agent.v1.AgentMessage;
import io.fulcrum.api.agent.v1.AgentServiceGrpc;
import io.fulcrum.api.agent.v1.ControlMessage;
import io.fulcrum.api.agent.v1.DesiredState;
import io.fulcrum.api.agent.v1.Hello;
import io.fulcrum.api.agent.v1.Kind;
import io.fulcrum.api.agent.v1.Nack;
import io.fulcrum.api.agent.v1.ObjectError;
import io.fulcrum.api.agent.v1.Resource;
import io.fulcrum.api.agent.v1.ResourceKey;
import io.fulcrum.controlplane.HeldState;
import io.fulcrum.model.ValidationException;
import io.fulcrum.runtime.Threads;
import io.fulcrum.wire.agent.DesiredDocuments;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A simulated director agent: a real gRPC client over TLS (through the harness's proxies) that follows
 * the agent protocol as the agent's ControlPlaneClient does. Hello with the revision and digest it holds;
 * every desired state applied to what it holds (a full snapshot replaces it, "unchanged" keeps it, a
 * delta puts and removes), the digest checked (a mismatch drops the stream so that the next one starts
 * with a full snapshot), a full snapshot validated as a whole document (DesiredStates.document), then
 * ACKed. The kernel is not programmed, and per delta the digest is updated incrementally rather than
 * recomputed, so that many agents on one machine measure the control plane. Reconnects with the agent's
 * backoff (full jitter, 0.5 s doubling to 30 s, reset after a snapshot), alternating between the
 * replicas. {@link #kill} drops everything but what the agent saves to disk (its applied state), as
 * kill -9 would; {@link #restart} starts it again from that.
 */
final class ChaosAgent implements AutoCloseable {
    /** The real agent's: keepalive ping every 30 s, dead after 10 s more (ControlPlaneTarget). */
    record Settings(Duration keepAliveTime, Duration keepAliveTimeout, Duration backoffInitial, Duration backoffMax) {
        static final Settings AGENT = new Settings(
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    private record Ended(io.grpc.Status status) {}

    private final String name;
    private final String token;
    private final List<Integer> ports;
    private final Path ca;
    private final Settings settings;
    private final Random random;
    private final LongSupplier clock;
    private final Object lock = new Object();
    private final ManagedChannel[] channels;
    private Thread thread;
    private volatile boolean closed;
    private volatile boolean killed;
    private volatile boolean snapshotOnce;

    // what the agent saves (survives kill): the agent thread writes, readers synchronize on lock
    private final HeldState held = new HeldState();
    private boolean dirty;
    private volatile long appliedRevision;
    private String appliedDigest = "";
    private long lastChangeAt;
    // the run's record of it
    private final Set<Long> applied = new HashSet<>();
    private final Map<String, Long> firstHeld = new HashMap<>();
    private int mismatches;
    private int refusals;
    private int wentBack;

    /** @param clock milliseconds since the run's start */
    ChaosAgent(
            String name, String token, List<Integer> ports, Path ca, Settings settings, long seed, LongSupplier clock) {
        this.name = name;
        this.token = token;
        this.ports = List.copyOf(ports);
        this.ca = ca;
        this.settings = settings;
        this.random = new Random(seed);
        this.clock = clock;
        this.channels = new ManagedChannel[ports.size()];
    }

    String name() {
        return name;
    }

    synchronized void start() {
        thread = Threads.start("chaos-agent-" + name, this::run);
    }

    /** The revision it has applied (0: none yet). */
    long appliedRevision() {
        return appliedRevision;
    }

    /** Running (not killed) and it has had a snapshot since it started. */
    boolean ready() {
        return !killed && snapshotOnce;
    }

    /** kill -9: its streams and connections gone at once; what it saved (its applied state) kept. */
    void kill() throws InterruptedException {
        Thread t;
        synchronized (this) {
            killed = true;
            t = thread;
            thread = null;
        }
        if (t != null) {
            t.interrupt();
            t.join(5_000);
        }
        shutdownChannels();
    }

    /** Starts it again, from the state it saved. */
    void restart() {
        synchronized (this) {
            killed = false;
            snapshotOnce = false;
        }
        start();
    }

    History.Agent history() {
        synchronized (lock) {
            return new History.Agent(
                    name,
                    Set.copyOf(applied),
                    Map.copyOf(firstHeld),
                    appliedRevision,
                    appliedDigest,
                    lastChangeAt,
                    mismatches,
                    refusals,
                    wentBack);
        }
    }

    private void run() {
        long ceiling = settings.backoffInitial().toMillis();
        int attempt = random.nextInt(ports.size());
        while (!closed && !killed) {
            boolean good;
            try {
                good = session(ports.size() == 1 ? 0 : attempt++ % ports.size());
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                good = false;
            }
            if (closed || killed) return;
            if (good) ceiling = settings.backoffInitial().toMillis();
            long delay = (long) (random.nextDouble() * ceiling);
            ceiling = Math.min(settings.backoffMax().toMillis(), ceiling * 2);
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One stream, hello to end; true when it delivered a snapshot. */
    private boolean session(int replica) throws IOException, InterruptedException {
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        ClientCallStreamObserver<AgentMessage>[] call = callHolder();
        AgentServiceGrpc.newStub(channel(replica)).connect(new ClientResponseObserver<AgentMessage, ControlMessage>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<AgentMessage> requests) {
                call[0] = requests;
            }

            @Override
            public void onNext(ControlMessage m) {
                queue.add(m);
            }

            @Override
            public void onError(Throwable t) {
                queue.add(new Ended(io.grpc.Status.fromThrowable(t)));
            }

            @Override
            public void onCompleted() {
                queue.add(new Ended(io.grpc.Status.OK));
            }
        });
        Hello.Builder hello = Hello.newBuilder()
                .setDirector(name)
                .setToken(token)
                .setSoftwareVersion("chaos")
                .addCapabilities("digest");
        synchronized (lock) {
            hello.setAppliedRevision(appliedRevision).setAppliedDigest(dirty ? "" : appliedDigest);
        }
        boolean delivered = false;
        try {
            call[0].onNext(AgentMessage.newBuilder().setHello(hello).build());
            while (!closed && !killed) {
                Object m = queue.poll(200, TimeUnit.MILLISECONDS);
                if (m instanceof Ended) return delivered;
                if (m instanceof ControlMessage c && c.hasDesired()) {
                    DesiredState d = c.getDesired();
                    if (!handle(d, call[0])) {
                        call[0].cancel("the agent drops this stream to get a full snapshot", null);
                        return delivered;
                    }
                    if (d.getFull()) {
                        delivered = true;
                        snapshotOnce = true;
                    }
                }
            }
            call[0].cancel(killed ? "killed" : "closing", null);
            return delivered;
        } catch (RuntimeException e) {
            call[0].cancel("the agent failed: " + e, e);
            return delivered;
        }
    }

    @SuppressWarnings("unchecked")
    private static ClientCallStreamObserver<AgentMessage>[] callHolder() {
        return (ClientCallStreamObserver<AgentMessage>[]) new ClientCallStreamObserver<?>[1];
    }

    /** Applies one desired state as the agent does; false when the stream is to be dropped. */
    private boolean handle(DesiredState d, ClientCallStreamObserver<AgentMessage> call) {
        long revision = d.getRevision();
        String hex;
        synchronized (lock) {
            hex = held.apply(d);
            for (Resource r : d.getPutList()) {
                ResourceKey key = r.getKey();
                if (key.getKind() == Kind.REAL_SERVER)
                    firstHeld.putIfAbsent(key.getVirtualServer() + "/" + key.getName(), revision);
            }
            if (!hex.equals(d.getDigest())) {
                mismatches++;
                dirty = true;
                return false;
            }
            dirty = false;
            if (d.getFull()) {
                try {
                    DesiredDocuments.document(held.resources(), revision);
                } catch (ValidationException e) {
                    refusals++;
                    call.onNext(AgentMessage.newBuilder()
                            .setNack(Nack.newBuilder()
                                    .setRevision(revision)
                                    .addErrors(ObjectError.newBuilder().setMessage(e.getMessage())))
                            .build());
                    return true;
                }
            }
            if (revision < appliedRevision) wentBack++;
            if (!hex.equals(appliedDigest)) lastChangeAt = clock.getAsLong();
            appliedDigest = hex;
            applied.add(revision);
            appliedRevision = revision;
        }
        call.onNext(AgentMessage.newBuilder()
                .setAck(Ack.newBuilder().setRevision(revision))
                .build());
        return true;
    }

    private synchronized ManagedChannel channel(int replica) throws IOException {
        if (channels[replica] == null)
            channels[replica] = NettyChannelBuilder.forAddress("localhost", ports.get(replica))
                    .sslContext(GrpcSslContexts.forClient()
                            .trustManager(ca.toFile())
                            .build())
                    .maxInboundMessageSize(64 << 20)
                    .keepAliveTime(settings.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
                    .keepAliveTimeout(settings.keepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .build();
        return channels[replica];
    }

    private void shutdownChannels() throws InterruptedException {
        ManagedChannel[] all;
        synchronized (this) {
            all = channels.clone();
            Arrays.fill(channels, null);
        }
        for (ManagedChannel c : all) if (c != null) c.shutdownNow();
        for (ManagedChannel c : all) if (c != null) c.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        kill();
    }
}
