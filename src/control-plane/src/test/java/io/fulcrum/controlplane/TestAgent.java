package io.fulcrum.controlplane;

import io.fulcrum.api.agent.v1.Ack;
import io.fulcrum.api.agent.v1.AgentMessage;
import io.fulcrum.api.agent.v1.AgentServiceGrpc;
import io.fulcrum.api.agent.v1.ControlMessage;
import io.fulcrum.api.agent.v1.DesiredState;
import io.fulcrum.api.agent.v1.Hello;
import io.fulcrum.api.agent.v1.Nack;
import io.fulcrum.api.agent.v1.Resource;
import io.fulcrum.api.agent.v1.Status;
import io.fulcrum.wire.agent.DesiredStates;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A scripted agent on the real gRPC port: it says hello, then records what the control plane sends. */
final class TestAgent implements AutoCloseable {
    final ManagedChannel channel;
    final LinkedBlockingQueue<DesiredState> received = new LinkedBlockingQueue<>();
    final CompletableFuture<io.grpc.Status> ended = new CompletableFuture<>();
    SortedMap<DesiredStates.Key, Resource> state = new TreeMap<>();
    private StreamObserver<AgentMessage> out;

    private TestAgent(ManagedChannel channel) {
        this.channel = channel;
    }

    /** Over TLS, trusting the control plane's certificate (null: plaintext). */
    static TestAgent connect(int port, Path certificate) throws Exception {
        NettyChannelBuilder b = NettyChannelBuilder.forAddress("localhost", port);
        if (certificate == null) b.usePlaintext();
        else
            b.sslContext(GrpcSslContexts.forClient()
                    .trustManager(certificate.toFile())
                    .build());
        return new TestAgent(b.build());
    }

    TestAgent hello(String director, String token, long appliedRevision, String digest) {
        out = AgentServiceGrpc.newStub(channel).connect(new StreamObserver<>() {
            @Override
            public void onNext(ControlMessage m) {
                received.add(m.getDesired());
            }

            @Override
            public void onError(Throwable t) {
                ended.complete(io.grpc.Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                ended.complete(io.grpc.Status.OK);
            }
        });
        Hello.Builder h = Hello.newBuilder()
                .setDirector(director)
                .setSoftwareVersion("test")
                .setAppliedRevision(appliedRevision);
        if (token != null) h.setToken(token);
        if (digest != null) h.setAppliedDigest(digest);
        out.onNext(AgentMessage.newBuilder().setHello(h).build());
        return this;
    }

    /** The next desired state, applied to {@link #state}; its digest must match what we now hold. */
    DesiredState next() throws InterruptedException {
        DesiredState d = received.poll(20, TimeUnit.SECONDS);
        if (d == null)
            throw new AssertionError(
                    "no desired state within 20 s" + (ended.isDone() ? "; the stream ended: " + ended.join() : ""));
        state = DesiredStates.apply(state, d);
        if (!DesiredStates.digest(state).equals(d.getDigest()))
            throw new AssertionError("digest mismatch at revision " + d.getRevision());
        return d;
    }

    /** Nothing more arrives within {@code d}. */
    boolean quietFor(Duration d) throws InterruptedException {
        return received.poll(d.toMillis(), TimeUnit.MILLISECONDS) == null;
    }

    void ack(long revision) {
        out.onNext(AgentMessage.newBuilder()
                .setAck(Ack.newBuilder().setRevision(revision))
                .build());
    }

    void nack(Nack n) {
        out.onNext(AgentMessage.newBuilder().setNack(n).build());
    }

    void status(Status s) {
        out.onNext(AgentMessage.newBuilder().setStatus(s).build());
    }

    io.grpc.Status awaitEnd() throws Exception {
        return ended.get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (out != null && !ended.isDone()) {
            try {
                out.onCompleted();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
