package io.fulcrum.controlplane;

import static io.fulcrum.controlplane.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.fulcrum.api.agent.v1.DesiredState;
import io.fulcrum.api.agent.v1.Kind;
import io.fulcrum.api.agent.v1.Nack;
import io.fulcrum.api.agent.v1.ObjectError;
import io.fulcrum.api.agent.v1.RealServerHealth;
import io.fulcrum.api.agent.v1.ResourceKey;
import io.fulcrum.api.agent.v1.Status;
import io.fulcrum.api.agent.v1.VrrpStatus;
import io.fulcrum.api.v1.AgentAction;
import io.fulcrum.api.v1.Event;
import io.fulcrum.api.v1.EventType;
import io.fulcrum.api.v1.EventsGrpc;
import io.fulcrum.api.v1.Health;
import io.fulcrum.api.v1.VrrpState;
import io.fulcrum.api.v1.WatchRequest;
import io.fulcrum.api.v1.WatchResponse;
import io.fulcrum.controlplane.events.EventHub;
import io.fulcrum.controlplane.events.LiveEvent;
import io.fulcrum.controlplane.events.Sequenced;
import io.fulcrum.controlplane.grpc.GrpcServer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event source (GET /api/v1/events and fulcrum.v1.Events/Watch) against the in-process control plane:
 * REST writes and a scripted agent on the real gRPC stream produce the events, in order, on both.
 */
@QuarkusTest
class EventsIT {
    @TestHTTPResource("/")
    URI root;

    @Inject
    GrpcServer grpc;

    @Inject
    EventHub hub;

    private ManagedChannel channel;

    @BeforeEach
    void connect() throws Exception {
        Api.deleteAll();
        channel = NettyChannelBuilder.forAddress("localhost", grpc.port())
                .sslContext(GrpcSslContexts.forClient()
                        .trustManager(grpc.tls().certificate().toFile())
                        .build())
                .build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static final String WEB = """
            {"name":"ev-web","address":"192.168.70.1","port":80,"realServers":[{"name":"a","address":"192.168.70.11"}]}""";

    @Test
    void aRestWriteIsARevisionEventWithItsChange() throws Exception {
        try (SseClient sse = SseClient.open(root, "?types=revision", null)) {
            admin().body(WEB).post("/api/v1/virtual-servers").then().statusCode(201);
            long rev = Api.revision();
            SseClient.Received e = sse.next(r -> true);
            assertThat(e.type()).isEqualTo("revision");
            assertThat(Long.parseLong(e.id())).isPositive();
            assertThat(e.data().path("revision").asLong()).isEqualTo(rev);
            assertThat(e.data().path("changes").toString())
                    .isEqualTo("[{\"resource\":\"virtual-server\",\"name\":\"ev-web\",\"realServer\":null,"
                            + "\"action\":\"create\",\"by\":\"admin\"}]");
            admin().body("{\"name\":\"a\",\"address\":\"192.168.70.11\",\"weight\":5}")
                    .put("/api/v1/virtual-servers/ev-web/real-servers/a")
                    .then()
                    .statusCode(200);
            SseClient.Received rs = sse.next(r -> true);
            assertThat(rs.data().path("revision").asLong()).isEqualTo(rev + 1);
            assertThat(rs.data().path("changes").get(0).path("realServer").asText())
                    .isEqualTo("a");
            assertThat(rs.data().path("changes").get(0).path("action").asText()).isEqualTo("update");
        }
    }

    @Test
    void resumesWithLastEventIdAndReplaysSinceARevision() throws Exception {
        long r0 = Api.revision();
        String lastId;
        try (SseClient sse = SseClient.open(root, "?types=revision", null)) {
            admin().body(WEB).post("/api/v1/virtual-servers").then().statusCode(201);
            lastId = sse.next(r -> true).id();
        }
        // while no one follows
        admin().body("{\"name\":\"ev-lb\",\"managementAddress\":\"10.0.70.1\"}")
                .post("/api/v1/directors")
                .then()
                .statusCode(201);
        try (SseClient resumed = SseClient.open(root, "?types=revision", lastId)) {
            SseClient.Received e = resumed.next(r -> true);
            assertThat(Long.parseLong(e.id())).isGreaterThan(Long.parseLong(lastId));
            assertThat(e.data().path("changes").get(0).path("name").asText()).isEqualTo("ev-lb");
        }
        try (SseClient replay = SseClient.open(root, "?types=revision&since=" + r0, null)) {
            SseClient.Received first = replay.next(r -> true);
            assertThat(first.id()).isNull(); // replayed from the audit trail: not in the sequence
            assertThat(first.data().path("revision").asLong()).isEqualTo(r0 + 1);
            assertThat(replay.next(r -> true).data().path("revision").asLong()).isEqualTo(r0 + 2);
            // then live
            admin().delete("/api/v1/directors/ev-lb").then().statusCode(204);
            SseClient.Received live = replay.next(r -> true);
            assertThat(live.id()).isNotNull();
            assertThat(live.data().path("changes").get(0).path("action").asText())
                    .isEqualTo("delete");
        }
        try (SseClient unknown = SseClient.open(root, "", "999999999")) {
            SseClient.Received e = unknown.next(r -> true);
            assertThat(e.type()).isEqualTo("resync");
            assertThat(e.data().path("reason").asText()).isEqualTo("unknown Last-Event-ID");
            assertThat(e.data().path("revision").asLong()).isEqualTo(Api.revision());
        }
    }

    @Test
    void anAgentsLifeArrivesInOrderOnServerSentEventsAndOnGrpcWatch() throws Exception {
        admin().body("{\"name\":\"ev-lb\",\"managementAddress\":\"10.0.70.1\"}")
                .post("/api/v1/directors")
                .then()
                .statusCode(201);
        String token = admin().body("{\"description\":\"events\"}")
                .post("/api/v1/directors/ev-lb/enrollment-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
        int before = hub.watchers();
        Watch watch = new Watch(WatchRequest.newBuilder()
                .addTypes(EventType.EVENT_TYPE_AGENT)
                .addTypes(EventType.EVENT_TYPE_VRRP)
                .addTypes(EventType.EVENT_TYPE_HEALTH)
                .build());
        try (SseClient sse = SseClient.open(root, "?types=agent,vrrp,health", null)) {
            awaitWatchers(before + 2);
            try (TestAgent agent =
                    TestAgent.connect(grpc.port(), grpc.tls().certificate()).hello("ev-lb", token, 0, null)) {
                DesiredState full = agent.next();
                agent.ack(full.getRevision());
                agent.nack(Nack.newBuilder()
                        .setRevision(full.getRevision())
                        .addErrors(ObjectError.newBuilder()
                                .setObject(ResourceKey.newBuilder()
                                        .setKind(Kind.VIRTUAL_SERVER)
                                        .setName("ev-web"))
                                .setField("/port")
                                .setMessage("the kernel refused"))
                        .build());
                agent.status(status("BACKUP", "UP"));
                agent.status(status("MASTER", "DOWN"));

                Predicate<SseClient.Received> ours =
                        r -> r.data().path("director").asText().equals("ev-lb");
                SseClient.Received connected = sse.next(ours);
                assertThat(connected.data().path("event").asText()).isEqualTo("connected");
                assertThat(connected.data().path("agentVersion").asText()).isEqualTo("test");
                SseClient.Received ack = sse.next(ours);
                assertThat(ack.data().path("event").asText()).isEqualTo("ack");
                assertThat(ack.data().path("revision").asLong()).isEqualTo(full.getRevision());
                SseClient.Received nack = sse.next(ours);
                assertThat(nack.data().path("event").asText()).isEqualTo("nack");
                assertThat(nack.data().path("error").toString())
                        .isEqualTo("{\"detail\":\"the kernel refused\",\"resource\":\"virtual-server/ev-web\","
                                + "\"pointer\":\"/port\"}");
                SseClient.Received vrrp = sse.next(ours);
                assertThat(vrrp.type()).isEqualTo("vrrp");
                assertThat(vrrp.data().path("state").asText()).isEqualTo("MASTER");
                assertThat(vrrp.data().path("previous").asText()).isEqualTo("BACKUP");
                SseClient.Received health = sse.next(ours);
                assertThat(health.type()).isEqualTo("health");
                assertThat(health.data().path("realServer").asText()).isEqualTo("a");
                assertThat(health.data().path("health").asText()).isEqualTo("DOWN");
                assertThat(health.data().path("previous").asText()).isEqualTo("UP");
                assertThat(Stream.of(connected, ack, nack, vrrp, health)
                                .map(r -> Long.parseLong(r.id()))
                                .toList())
                        .isSorted();
            }
            SseClient.Received gone =
                    sse.next(r -> r.data().path("director").asText().equals("ev-lb"));
            assertThat(gone.data().path("event").asText()).isEqualTo("disconnected");
        }
        // the same, typed, on gRPC
        Predicate<Event> ours = e -> (e.hasAgent() && e.getAgent().getDirector().equals("ev-lb"))
                || (e.hasVrrp() && e.getVrrp().getDirector().equals("ev-lb"))
                || (e.hasHealth() && e.getHealth().getDirector().equals("ev-lb"));
        assertThat(watch.next(ours).getAgent().getAction()).isEqualTo(AgentAction.AGENT_ACTION_CONNECTED);
        assertThat(watch.next(ours).getAgent().getAction()).isEqualTo(AgentAction.AGENT_ACTION_ACK);
        Event nack = watch.next(ours);
        assertThat(nack.getAgent().getAction()).isEqualTo(AgentAction.AGENT_ACTION_NACK);
        assertThat(nack.getAgent().getError().getResource()).isEqualTo("virtual-server/ev-web");
        Event vrrp = watch.next(ours);
        assertThat(vrrp.getVrrp().getState()).isEqualTo(VrrpState.VRRP_STATE_MASTER);
        assertThat(vrrp.getVrrp().getPrevious()).isEqualTo(VrrpState.VRRP_STATE_BACKUP);
        Event health = watch.next(ours);
        assertThat(health.getHealth().getHealth()).isEqualTo(Health.HEALTH_DOWN);
        assertThat(health.getHealth().getPrevious()).isEqualTo(Health.HEALTH_UP);
        assertThat(watch.next(ours).getAgent().getAction()).isEqualTo(AgentAction.AGENT_ACTION_DISCONNECTED);
        watch.call.cancel("done", null);
    }

    private static Status status(String vrrp, String health) {
        return Status.newBuilder()
                .setFull(true)
                .setAtUnixMillis(System.currentTimeMillis())
                .addVrrp(VrrpStatus.newBuilder()
                        .setGroup("VI_EV")
                        .setState(VrrpState.valueOf("VRRP_STATE_" + vrrp))
                        .setPriority(100)
                        .setEffectivePriority(100))
                .addHealth(RealServerHealth.newBuilder()
                        .setVirtualServer("ev-web")
                        .setRealServer("a")
                        .setHealth(Health.valueOf("HEALTH_" + health))
                        .setReason("check")
                        .setSinceUnixMillis(System.currentTimeMillis()))
                .build();
    }

    @Test
    void aClientThatDoesNotReadGetsAResyncAndTheServerHoldsNoMoreThanItsQueue() throws Exception {
        int before = hub.watchers();
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress(root.getHost(), root.getPort()));
            OutputStream out = s.getOutputStream();
            out.write(
                    ("GET /api/v1/events?types=agent HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer "
                                    + EmbeddedPostgresResource.ADMIN_TOKEN + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitWatchers(before + 1);
            String big = "x".repeat(1024);
            int most = 0;
            for (int i = 0; i < 20_000; i++) {
                hub.publish(new LiveEvent.Agent("flood", LiveEvent.AgentAction.ACK, i, big, Instant.now(), null));
                most = Math.max(most, hub.queued());
            }
            assertThat(most).isLessThanOrEqualTo(EventHub.QUEUE + 1);
            assertThat(hub.watchers()).isEqualTo(before);
            // now it reads: what was in flight, then the resync, then the end of the stream
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(all).startsWith("HTTP/1.1 200");
            assertThat(all).contains("event: resync\ndata: {\"type\":\"resync\",\"reason\":\"client fell behind\"");
            int resync = all.indexOf("event: resync");
            assertThat(all.substring(resync)).doesNotContain("event: agent");
        }
    }

    @Test
    void aGrpcWatcherThatDoesNotReadGetsAResyncAndTheStreamEnds() throws Exception {
        int before = hub.watchers();
        Watch stalled = new Watch(
                WatchRequest.newBuilder().addTypes(EventType.EVENT_TYPE_AGENT).build(), 0);
        awaitWatchers(before + 1);
        String big = "x".repeat(1024);
        int most = 0;
        for (int i = 0; i < 20_000; i++) {
            hub.publish(new LiveEvent.Agent("flood", LiveEvent.AgentAction.ACK, i, big, Instant.now(), null));
            most = Math.max(most, hub.queued());
        }
        assertThat(most).isLessThanOrEqualTo(EventHub.QUEUE + 1);
        assertThat(hub.watchers()).isEqualTo(before);
        stalled.call.request(Integer.MAX_VALUE);
        Event resync = stalled.next(Event::hasResync);
        assertThat(resync.getResync().getReason()).isEqualTo("client fell behind");
        assertThat(stalled.ended.get(20, TimeUnit.SECONDS)).isNull();
        assertThat(stalled.received).as("nothing after the resync").isEmpty();
    }

    @Test
    void aGrpcWatcherGetsTheEventsWaitingForItInOneMessageInOrder() throws Exception {
        Sequenced first = null;
        for (int i = 0; i < 10; i++) {
            Sequenced s =
                    hub.publish(new LiveEvent.Agent("batched", LiveEvent.AgentAction.ACK, i, "v", Instant.now(), null));
            if (first == null) first = s;
        }
        // resuming before them: the ten held events are what waits for it when it starts
        Watch watch = new Watch(WatchRequest.newBuilder()
                .addTypes(EventType.EVENT_TYPE_AGENT)
                .setLastEventId(first.id() - 1)
                .build());
        WatchResponse message = watch.messages.poll(20, TimeUnit.SECONDS);
        assertThat(message).as("a Watch message within 20 s").isNotNull();
        assertThat(message.getEventsList())
                .filteredOn(e -> e.getAgent().getDirector().equals("batched"))
                .extracting(e -> e.getAgent().getRevision())
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(message.getEventsList()).extracting(Event::getId).isSorted().startsWith(first.id());
        watch.call.cancel("done", null);
    }

    @Test
    void fulcrumCtlWatchPrintsTheChangesAsTheyCommit(@TempDir Path home) throws Exception {
        CliRunner cli = new CliRunner(root, home);
        int before = hub.watchers();
        CompletableFuture<CliRunner.Result> human =
                CompletableFuture.supplyAsync(() -> cli.run("watch", "--types", "revision", "--count", "2"));
        CompletableFuture<CliRunner.Result> json = CompletableFuture.supplyAsync(
                () -> cli.run("watch", "--types", "revision", "--count", "1", "-o", "json"));
        awaitWatchers(before + 2);
        admin().body(WEB).post("/api/v1/virtual-servers").then().statusCode(201);
        long rev = Api.revision();
        admin().body("{\"name\":\"a\",\"address\":\"192.168.70.11\",\"weight\":5}")
                .put("/api/v1/virtual-servers/ev-web/real-servers/a")
                .then()
                .statusCode(200);
        CliRunner.Result h = human.get(20, TimeUnit.SECONDS);
        assertThat(h.exit()).as(h.err()).isZero();
        assertThat(h.out().replaceAll("(?m)^\\d\\d:\\d\\d:\\d\\d ", ""))
                .isEqualTo("revision " + rev + " create virtual-server ev-web by admin\n" + "revision " + (rev + 1)
                        + " update real-server ev-web/a by admin\n");
        CliRunner.Result j = json.get(20, TimeUnit.SECONDS);
        assertThat(j.exit()).as(j.err()).isZero();
        assertThat(j.out()).startsWith("{\"event\":\"revision\",\"data\":{\"type\":\"revision\",\"revision\":" + rev);
        // --since replays from the audit trail
        CliRunner.Result since = cli.run("watch", "--since", Long.toString(rev), "--types", "revision", "--count", "1");
        assertThat(since.out()).contains("revision " + (rev + 1) + " update real-server ev-web/a");
        // a bad type is the server's 400, as the CLI shows every problem
        CliRunner.Result bad = cli.run("watch", "--types", "bogus");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("'bogus' is not one of revision, agent, vrrp, health, counters");
    }

    @Test
    void badInputGetsSpecificErrors() {
        admin().get("/api/v1/events?since=abc")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("since"));
        admin().get("/api/v1/events?types=revision,bogus")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("types"))
                .body("errors[0].message", equalTo("'bogus' is not one of revision, agent, vrrp, health, counters"));
        Api.as("not-a-token")
                .get("/api/v1/events")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer realm=\"fulcrum\"");
        Api.anonymous().get("/api/v1/events").then().statusCode(401);
        StatusRuntimeException bad = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> EventsGrpc.newBlockingStub(channel)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth("not-a-token")))
                        .watch(WatchRequest.getDefaultInstance())
                        .hasNext());
        assertThat(bad.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAUTHENTICATED);
    }

    private static Metadata auth(String token) {
        Metadata m = new Metadata();
        m.put(ManagementGrpcIT.AUTHORIZATION, "Bearer " + token);
        return m;
    }

    private void awaitWatchers(int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (hub.watchers() < n && System.currentTimeMillis() < deadline) Thread.sleep(10);
        assertThat(hub.watchers()).isEqualTo(n);
    }

    /**
     * A Watch call whose events queue up for the test (and its messages, to see how they were batched);
     * initial demand as given (default: unlimited).
     */
    private final class Watch {
        final LinkedBlockingQueue<Event> received = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<WatchResponse> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        ClientCallStreamObserver<WatchRequest> call;

        Watch(WatchRequest req) {
            this(req, -1);
        }

        Watch(WatchRequest req, int initial) {
            EventsGrpc.newStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth(ManagementGrpcIT.ADMIN)))
                    .watch(req, new ClientResponseObserver<WatchRequest, WatchResponse>() {
                        @Override
                        public void beforeStart(ClientCallStreamObserver<WatchRequest> c) {
                            call = c;
                            if (initial >= 0) c.disableAutoRequestWithInitial(initial);
                        }

                        @Override
                        public void onNext(WatchResponse r) {
                            messages.add(r);
                            received.addAll(r.getEventsList());
                        }

                        @Override
                        public void onError(Throwable t) {
                            ended.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                            ended.complete(null);
                        }
                    });
        }

        Event next(Predicate<Event> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                Event e = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (e == null) throw new AssertionError("no matching Watch event within 20 s");
                if (wanted.test(e)) return e;
            }
        }
    }
}
