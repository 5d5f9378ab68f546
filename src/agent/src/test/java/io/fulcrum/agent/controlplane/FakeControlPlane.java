package io.fulcrum.agent.controlplane;

import io.fulcrum.api.agent.v1.AgentMessage;
import io.fulcrum.api.agent.v1.AgentServiceGrpc;
import io.fulcrum.api.agent.v1.ControlMessage;
import io.fulcrum.api.agent.v1.DesiredState;
import io.fulcrum.api.agent.v1.Hello;
import io.fulcrum.api.agent.v1.Resource;
import io.fulcrum.wire.agent.DesiredStates;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A control plane the test scripts: an in-process AgentService whose streams the test takes one by
 * one, reading what the agent sent and sending desired states, or ending the stream, at will.
 */
final class FakeControlPlane extends AgentServiceGrpc.AgentServiceImplBase implements AutoCloseable {
    static final long WAIT_SECONDS = 10;

    private final BlockingQueue<Stream> streams = new LinkedBlockingQueue<>();
    private Server server;

    FakeControlPlane start(String name) throws IOException {
        server = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(this)
                .build()
                .start();
        return this;
    }

    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<ControlMessage> out) {
        Stream s = new Stream(out);
        streams.add(s);
        return s;
    }

    /** The next stream an agent opened. */
    Stream nextStream() throws InterruptedException {
        Stream s = streams.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (s == null) throw new AssertionError("the agent opened no stream within " + WAIT_SECONDS + " s");
        return s;
    }

    /** True when no stream has been opened (or every one was taken). */
    boolean noStream() {
        return streams.isEmpty();
    }

    @Override
    public void close() {
        if (server != null) server.shutdownNow();
    }

    /** One agent's stream. */
    static final class Stream implements StreamObserver<AgentMessage> {
        private final StreamObserver<ControlMessage> out;
        final BlockingQueue<AgentMessage> received = new LinkedBlockingQueue<>();
        final CountDownLatch ended = new CountDownLatch(1);

        Stream(StreamObserver<ControlMessage> out) {
            this.out = out;
        }

        @Override
        public void onNext(AgentMessage m) {
            received.add(m);
        }

        @Override
        public void onError(Throwable t) {
            ended.countDown();
        }

        @Override
        public void onCompleted() {
            ended.countDown();
        }

        synchronized void send(DesiredState d) {
            out.onNext(ControlMessage.newBuilder().setDesired(d).build());
        }

        synchronized void fail(Status s) {
            out.onError(s.asRuntimeException());
        }

        /** The next message of the agent of the given kind, skipping others (statuses, unless asked for). */
        AgentMessage next(AgentMessage.BodyCase kind) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (true) {
                AgentMessage m = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (m == null) throw new AssertionError("no " + kind + " from the agent within " + WAIT_SECONDS + " s");
                if (m.getBodyCase() == kind) return m;
                if (kind != AgentMessage.BodyCase.STATUS && m.getBodyCase() != AgentMessage.BodyCase.STATUS) {
                    throw new AssertionError("expected " + kind + ", got " + m.getBodyCase());
                }
            }
        }

        Hello hello() throws InterruptedException {
            return next(AgentMessage.BodyCase.HELLO).getHello();
        }

        /** The agent's answer to a desired state: an ACK or a NACK (statuses skipped). */
        AgentMessage answer() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (true) {
                AgentMessage m = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (m == null) throw new AssertionError("no ACK or NACK from the agent within " + WAIT_SECONDS + " s");
                if (m.hasAck() || m.hasNack()) return m;
            }
        }

        boolean awaitEnd() throws InterruptedException {
            return ended.await(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------ desired-state messages

    static DesiredState snapshot(long revision, SortedMap<DesiredStates.Key, Resource> state) {
        DesiredState.Builder d =
                DesiredState.newBuilder().setRevision(revision).setFull(true).setDigest(DesiredStates.digest(state));
        d.addAllPut(state.values());
        return d.build();
    }

    /** Only what changed from {@code before} to {@code after}. */
    static DesiredState delta(
            long revision,
            SortedMap<DesiredStates.Key, Resource> before,
            SortedMap<DesiredStates.Key, Resource> after) {
        DesiredState.Builder d =
                DesiredState.newBuilder().setRevision(revision).setFull(false).setDigest(DesiredStates.digest(after));
        for (Map.Entry<DesiredStates.Key, Resource> e : after.entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) d.addPut(e.getValue());
        }
        for (DesiredStates.Key k : before.keySet()) if (!after.containsKey(k)) d.addRemove(DesiredStates.wire(k));
        return d.build();
    }
}
