package io.fulcrum.controlplane.bench;

import io.fulcrum.api.v1.Event;
import io.fulcrum.api.v1.EventType;
import io.fulcrum.api.v1.EventsGrpc;
import io.fulcrum.api.v1.WatchRequest;
import io.fulcrum.api.v1.WatchResponse;
import io.fulcrum.controlplane.EmbeddedPostgresResource;
import io.fulcrum.controlplane.events.EventHub;
import io.fulcrum.controlplane.events.LiveEvent;
import io.fulcrum.controlplane.grpc.GrpcServer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Delivery latency of the event source (issue 14's goal: 100 clients, 1,000 changes/s, p99 <= 100 ms):
 * 50 SSE clients and 50 gRPC Watch clients (a connection each) follow while agent events are published into the hub at
 * 1,000/s for 10 s; each client measures publish -> received (the event's "at", same clock). Not a test
 * of the suite; run by hand or by {@code bin/fulcrum bench events}:
 *
 *   ./mvnw -B -o -pl src/control-plane -am verify -Dtest=none -Dit.test=EventsBench \
 *       -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false
 */
@QuarkusTest
class EventsBench {
    static final int SSE = Integer.getInteger("bench.sse", 50);
    static final int WATCH = Integer.getInteger("bench.watch", 50);
    static final int RATE = Integer.getInteger("bench.rate", 1_000);
    static final int SECONDS = Integer.getInteger("bench.seconds", 10);

    @TestHTTPResource("/")
    URI root;

    @Inject
    GrpcServer grpc;

    @Inject
    EventHub hub;

    @Test
    void hundredClientsFollowAThousandChangesASecond() throws Exception {
        int total = RATE * SECONDS;
        long[][] latencies = new long[SSE + WATCH][total];
        AtomicInteger[] counts = new AtomicInteger[SSE + WATCH];
        CountDownLatch done = new CountDownLatch(SSE + WATCH);
        List<InputStream> bodies = new ArrayList<>();
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int before = hub.watchers();
        for (int c = 0; c < SSE; c++) {
            int client = c;
            counts[c] = new AtomicInteger();
            HttpResponse<InputStream> r = http.send(
                    HttpRequest.newBuilder(root.resolve("/api/v1/events?types=agent"))
                            .header("Authorization", "Bearer " + EmbeddedPostgresResource.ADMIN_TOKEN)
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            bodies.add(r.body());
            Thread t = new Thread(
                    () -> {
                        try (BufferedReader in =
                                new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                            for (String l; (l = in.readLine()) != null; ) {
                                if (!l.startsWith("data: ") || !l.contains("\"director\":\"bench\"")) continue;
                                int at = l.indexOf("\"at\":\"") + 6;
                                record(latencies[client], counts[client], l.substring(at, l.indexOf('"', at)));
                                if (counts[client].get() == total) break;
                            }
                        } catch (Exception e) {
                            // closed at the end
                        }
                        done.countDown();
                    },
                    "bench-sse-" + c);
            t.setDaemon(true);
            t.start();
        }
        // one connection per client, as separate watchers have (one HTTP/2 connection for all would
        // share one flow-control window and one event loop)
        List<ManagedChannel> channels = new ArrayList<>();
        AtomicLong messages = new AtomicLong();
        Metadata auth = new Metadata();
        auth.put(
                Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + EmbeddedPostgresResource.ADMIN_TOKEN);
        for (int c = SSE; c < SSE + WATCH; c++) {
            int client = c;
            counts[c] = new AtomicInteger();
            ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", grpc.port())
                    .sslContext(GrpcSslContexts.forClient()
                            .trustManager(grpc.tls().certificate().toFile())
                            .build())
                    .build();
            channels.add(channel);
            EventsGrpc.newStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth))
                    .watch(
                            WatchRequest.newBuilder()
                                    .addTypes(EventType.EVENT_TYPE_AGENT)
                                    .build(),
                            new StreamObserver<WatchResponse>() {
                                @Override
                                public void onNext(WatchResponse r) {
                                    // a message carries several events: each counts, from its own "at"
                                    long now = nanosNow();
                                    for (Event e : r.getEventsList()) {
                                        if (!e.getAgent().getDirector().equals("bench")) continue;
                                        int i = counts[client].getAndIncrement();
                                        if (i < total)
                                            latencies[client][i] =
                                                    now - e.getAgent().getAtUnixMillis() * 1_000_000;
                                        if (i + 1 == total) done.countDown();
                                    }
                                    messages.incrementAndGet();
                                }

                                @Override
                                public void onError(Throwable t) {
                                    done.countDown();
                                }

                                @Override
                                public void onCompleted() {
                                    done.countDown();
                                }
                            });
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (hub.watchers() < before + SSE + WATCH && System.currentTimeMillis() < deadline) Thread.sleep(10);
        System.out.printf("watchers: %d%n", hub.watchers() - before);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * 1_000_000_000L / RATE;
            while (System.nanoTime() < due) Thread.onSpinWait();
            hub.publish(new LiveEvent.Agent("bench", LiveEvent.AgentAction.ACK, i, "bench", Instant.now(), null));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        boolean all = done.await(60, TimeUnit.SECONDS);
        for (InputStream b : bodies) b.close();
        for (ManagedChannel channel : channels) channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        report("SSE", latencies, counts, 0, SSE, total);
        report("gRPC Watch", latencies, counts, SSE, SSE + WATCH, total);
        System.out.printf(
                "gRPC Watch messages: %d (events per message: %.1f)%n",
                messages.get(), watchEvents(counts, total) / (double) Math.max(1, messages.get()));
        System.out.printf(
                "published %d events in %.1f s (%.0f/s) to %d clients; all delivered: %s%n",
                total, seconds, total / seconds, SSE + WATCH, all);
    }

    /** The bench events the Watch clients received. */
    private static long watchEvents(AtomicInteger[] counts, int total) {
        long n = 0;
        for (int c = SSE; c < SSE + WATCH; c++) n += Math.min(counts[c].get(), total);
        return n;
    }

    /** Nanoseconds since the epoch, on the clock Instant.now() reads. */
    private static long nanosNow() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static void record(long[] into, AtomicInteger count, String at) {
        Instant sent = Instant.parse(at);
        long latency = nanosNow() - (sent.getEpochSecond() * 1_000_000_000L + sent.getNano());
        int i = count.getAndIncrement();
        if (i < into.length) into[i] = latency;
    }

    private static void report(String what, long[][] latencies, AtomicInteger[] counts, int from, int to, int total) {
        List<Long> all = new ArrayList<>();
        long received = 0;
        for (int c = from; c < to; c++) {
            int n = Math.min(counts[c].get(), total);
            received += n;
            for (int i = 0; i < n; i++) all.add(latencies[c][i]);
        }
        long[] sorted = all.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            System.out.printf("%s: nothing received%n", what);
            return;
        }
        System.out.printf(
                "%s: %d clients, %d of %d events received; delivery p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                what,
                to - from,
                received,
                (long) total * (to - from),
                sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }
}
