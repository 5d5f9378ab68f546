package io.fulcrum.controlplane;

import static io.fulcrum.controlplane.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.fulcrum.api.agent.v1.AgentMessage;
import io.fulcrum.api.agent.v1.AgentServiceGrpc;
import io.fulcrum.api.agent.v1.ControlMessage;
import io.fulcrum.api.agent.v1.DesiredState;
import io.fulcrum.api.agent.v1.Event;
import io.fulcrum.api.agent.v1.Hello;
import io.fulcrum.api.agent.v1.Kind;
import io.fulcrum.api.agent.v1.Nack;
import io.fulcrum.api.agent.v1.ObjectError;
import io.fulcrum.api.agent.v1.Resource;
import io.fulcrum.api.agent.v1.ResourceKey;
import io.fulcrum.api.agent.v1.Status;
import io.fulcrum.api.agent.v1.VrrpStatus;
import io.fulcrum.api.v1.VrrpState;
import io.fulcrum.controlplane.grpc.GrpcServer;
import io.fulcrum.wire.agent.DesiredDocuments;
import io.fulcrum.wire.agent.DesiredStates;
import io.fulcrum.wire.agent.DesiredStates.Key;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent stream (fulcrum.agent.v1) against the in-process control plane, over TLS on its real port. */
@QuarkusTest
class AgentStreamIT {
    @Inject
    GrpcServer grpc;

    static final String VS_D2 = """
        {"name":"api","address":"192.168.20.1","port":443,"scheduler":"rr","forwarding":"nat","directors":["lb2"],
         "realServers":[{"name":"a","address":"10.20.0.1","port":8443}]}\
        """;

    @BeforeEach
    void seed() {
        Api.deleteAll();
        ResourceCrudIT.seed(); // lb1, lb2 in group VI_1 carrying virtual server web (rs1, rs2)
        admin().body(VS_D2).post("/api/v1/virtual-servers").then().statusCode(201);
        admin().body("{\"name\":\"lb3\",\"managementAddress\":\"10.0.0.3\"}")
                .post("/api/v1/directors")
                .then()
                .statusCode(201);
    }

    private String enroll(String director) {
        return admin().body("{\"description\":\"test\"}")
                .post("/api/v1/directors/" + director + "/enrollment-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
    }

    private TestAgent agent() throws Exception {
        return TestAgent.connect(grpc.port(), grpc.tls().certificate());
    }

    @Test
    void eachDirectorGetsExactlyTheStateOfTheVirtualServersItServes() throws Exception {
        String t1 = enroll("lb1"), t2 = enroll("lb2"), t3 = enroll("lb3");
        try (TestAgent lb1 = agent().hello("lb1", t1, 0, null);
                TestAgent lb2 = agent().hello("lb2", t2, 0, null);
                TestAgent lb3 = agent().hello("lb3", t3, 0, null)) {
            DesiredState s1 = lb1.next();
            assertThat(s1.getFull()).isTrue();
            assertThat(s1.getRevision()).isEqualTo(revision());
            assertThat(lb1.state.keySet())
                    .containsExactly(
                            Key.director("lb1"),
                            Key.director("lb2"),
                            Key.vrrpGroup("VI_1"),
                            Key.virtualServer("web"),
                            Key.realServer("web", "rs1"),
                            Key.realServer("web", "rs2"));
            lb2.next();
            assertThat(lb2.state.keySet())
                    .contains(Key.virtualServer("web"), Key.virtualServer("api"), Key.realServer("api", "a"));
            lb3.next();
            assertThat(lb3.state.keySet()).containsExactly(Key.director("lb3"));
            // the document the agent builds from it is valid and complete
            var doc = DesiredDocuments.document(lb2.state, revision());
            assertThat(doc.servedBy("lb2")).extracting(v -> v.name()).containsExactlyInAnyOrder("web", "api");
        }
    }

    @Test
    void aChangeIsPushedOnlyToTheDirectorsItConcernsAndOnlyWhatChanged() throws Exception {
        try (TestAgent lb1 = agent().hello("lb1", enroll("lb1"), 0, null);
                TestAgent lb3 = agent().hello("lb3", enroll("lb3"), 0, null)) {
            lb1.next();
            lb3.next();
            admin().body("{\"name\":\"rs2\",\"address\":\"192.168.10.12\",\"weight\":7}")
                    .put("/api/v1/virtual-servers/web/real-servers/rs2")
                    .then()
                    .statusCode(200);
            DesiredState d = lb1.next();
            assertThat(d.getFull()).isFalse();
            assertThat(d.getRevision()).isEqualTo(revision());
            assertThat(d.getPutList()).hasSize(1);
            assertThat(d.getPut(0).getKey())
                    .isEqualTo(ResourceKey.newBuilder()
                            .setKind(Kind.REAL_SERVER)
                            .setVirtualServer("web")
                            .setName("rs2")
                            .build());
            assertThat(d.getPut(0).getRealServer().getWeight()).isEqualTo(7);
            assertThat(d.getRemoveList()).isEmpty();
            assertThat(lb3.quietFor(Duration.ofMillis(500)))
                    .as("lb3 serves nothing of web")
                    .isTrue();
            // the same write again changes nothing an agent sees: nothing is sent
            admin().body("{\"name\":\"rs2\",\"address\":\"192.168.10.12\",\"weight\":7}")
                    .put("/api/v1/virtual-servers/web/real-servers/rs2")
                    .then()
                    .statusCode(200);
            assertThat(lb1.quietFor(Duration.ofMillis(500)))
                    .as("nothing changed for lb1")
                    .isTrue();

            admin().delete("/api/v1/virtual-servers/web/real-servers/rs1")
                    .then()
                    .statusCode(204);
            DesiredState removed = lb1.next();
            assertThat(removed.getPutList()).isEmpty();
            assertThat(removed.getRemoveList()).extracting(ResourceKey::getName).containsExactly("rs1");
        }
    }

    @Test
    void acksAndNacksShowThroughRestOnTheDirectorAndTheVirtualServer() throws Exception {
        try (TestAgent lb1 = agent().hello("lb1", enroll("lb1"), 0, null);
                TestAgent lb2 = agent().hello("lb2", enroll("lb2"), 0, null)) {
            long r1 = lb1.next().getRevision();
            lb2.next();
            lb1.ack(r1);
            lb2.ack(r1);
            // no appliedRevision until the ACK is recorded: a null is "not yet", not a failure
            await(() ->
                    admin().get("/api/v1/directors/lb1").jsonPath().get("status.appliedRevision") instanceof Number n
                            && n.longValue() == r1);
            admin().get("/api/v1/directors/lb1")
                    .then()
                    .statusCode(200)
                    .body("status.connected", equalTo(true))
                    .body("status.agentVersion", equalTo("test"));
            admin().get("/api/v1/virtual-servers/web/status")
                    .then()
                    .statusCode(200)
                    .body("directors", equalTo(2))
                    .body("applied", equalTo(2));

            admin().body("{\"name\":\"rs1\",\"address\":\"192.168.10.11\",\"weight\":3}")
                    .put("/api/v1/virtual-servers/web/real-servers/rs1");
            long r2 = lb1.next().getRevision();
            lb2.next();
            lb2.ack(r2);
            lb1.nack(Nack.newBuilder()
                    .setRevision(r2)
                    .addErrors(ObjectError.newBuilder()
                            .setObject(ResourceKey.newBuilder()
                                    .setKind(Kind.REAL_SERVER)
                                    .setVirtualServer("web")
                                    .setName("rs1"))
                            .setMessage("the kernel refused: Invalid argument"))
                    .build());
            await(() ->
                    admin().get("/api/v1/virtual-servers/web/status").jsonPath().getInt("applied") == 1
                            && admin().get("/api/v1/virtual-servers/web/status")
                                            .jsonPath()
                                            .get("lastError")
                                    != null);
            admin().get("/api/v1/virtual-servers/web/status")
                    .then()
                    .body("pending[0]", equalTo("lb1"))
                    .body("lastError.director", equalTo("lb1"))
                    .body("lastError.object", equalTo("real-server web/rs1"))
                    .body("lastError.message", equalTo("the kernel refused: Invalid argument"));
            admin().get("/api/v1/directors/lb1")
                    .then()
                    .body("status.lastNack.revision", equalTo((int) r2))
                    .body("status.lastNack.errors[0].object", equalTo("real-server web/rs1"));
            // the fleet at a glance, in one answer: the same rollout, only for what is incomplete
            admin().get("/api/v1/status")
                    .then()
                    .statusCode(200)
                    .body("directors.name", Matchers.contains("lb1", "lb2", "lb3"))
                    .body("directors.connected", Matchers.contains(true, true, false))
                    .body("directors[1].appliedRevision", equalTo((int) r2))
                    .body("vrrpGroups.name", Matchers.contains("VI_1"))
                    .body("vrrpGroups[0].vrid", equalTo(51))
                    .body("vrrpGroups[0].status.members.director", Matchers.contains("lb1", "lb2"))
                    .body("virtualServers.total", equalTo(2))
                    .body("virtualServers.incomplete.name", Matchers.contains("web"))
                    .body("virtualServers.incomplete[0].status.pending", Matchers.contains("lb1"))
                    .body("virtualServers.incomplete[0].status.lastError.director", equalTo("lb1"));

            // status and events reach REST
            lb1.status(Status.newBuilder()
                    .setFull(true)
                    .setAtUnixMillis(System.currentTimeMillis())
                    .addVrrp(VrrpStatus.newBuilder()
                            .setGroup("VI_1")
                            .setState(VrrpState.VRRP_STATE_MASTER)
                            .setPriority(150))
                    .addEvents(Event.newBuilder()
                            .setKind("vrrp")
                            .setSubject("VI_1")
                            .setMessage("BACKUP -> MASTER"))
                    .build());
            await(() -> admin().get("/api/v1/directors/lb1/status").jsonPath().get("report") != null);
            admin().get("/api/v1/directors/lb1/status")
                    .then()
                    .statusCode(200)
                    .body("report.vrrp[0].state", equalTo("MASTER"))
                    .body("report.events[0].message", equalTo("BACKUP -> MASTER"));
        }
    }

    /** An agent that reads nothing gets no unbounded queue of deltas: once it reads again, its whole state. */
    @Test
    void aSlowAgentGetsItsWholeStateWhenItDrainsInsteadOfAQueueOfDeltas() throws Exception {
        String token = enroll("lb2");
        var received = new LinkedBlockingQueue<DesiredState>();
        var requester = new AtomicReference<ClientCallStreamObserver<AgentMessage>>();
        try (TestAgent channelOnly = agent()) {
            var out = AgentServiceGrpc.newStub(channelOnly.channel)
                    .connect(new ClientResponseObserver<AgentMessage, ControlMessage>() {
                        @Override
                        public void beforeStart(ClientCallStreamObserver<AgentMessage> r) {
                            requester.set(r);
                            r.disableAutoRequestWithInitial(1); // takes the first snapshot, then reads nothing
                        }

                        @Override
                        public void onNext(ControlMessage m) {
                            received.add(m.getDesired());
                        }

                        @Override
                        public void onError(Throwable t) {}

                        @Override
                        public void onCompleted() {}
                    });
            out.onNext(AgentMessage.newBuilder()
                    .setHello(Hello.newBuilder().setDirector("lb2").setToken(token))
                    .build());
            assertThat(received.poll(20, TimeUnit.SECONDS).getFull()).isTrue();
            // large changes for lb2 while it reads nothing: more than the transport's buffers and
            // HTTP/2 flow-control window (1 MiB) hold
            for (int round = 0; round < 10; round++) {
                StringBuilder rs = new StringBuilder();
                for (int i = 0; i < 200; i++) {
                    rs.append(i == 0 ? "" : ",")
                            .append("{\"name\":\"r")
                            .append(i)
                            .append("\",\"address\":\"10.20.")
                            .append(i / 200)
                            .append('.')
                            .append(i % 200 + 1)
                            .append("\",\"port\":8443,\"weight\":")
                            .append(round + 1)
                            .append(",\"description\":\"")
                            .append("x".repeat(900))
                            .append("\"}");
                }
                admin().body(
                                "{\"name\":\"api\",\"address\":\"192.168.20.1\",\"port\":443,\"scheduler\":\"rr\",\"forwarding\":\"nat\","
                                        + "\"directors\":[\"lb2\"],\"realServers\":[" + rs + "]}")
                        .put("/api/v1/virtual-servers/api")
                        .then()
                        .statusCode(200);
            }
            long last = revision();
            Thread.sleep(1000);
            requester.get().request(Integer.MAX_VALUE); // reads again
            DesiredState m;
            SortedMap<Key, Resource> state = new TreeMap<>();
            int messages = 0;
            boolean full = false;
            do {
                m = received.poll(20, TimeUnit.SECONDS);
                assertThat(m).as("messages after draining").isNotNull();
                state = DesiredStates.apply(state, m);
                messages++;
                full |= m.getFull();
            } while (m.getRevision() < last);
            assertThat(full)
                    .as("the deltas it could not take became one full state")
                    .isTrue();
            assertThat(messages).as("fewer messages than the changes it missed").isLessThan(10);
            assertThat(DesiredStates.digest(state)).isEqualTo(m.getDigest());
            assertThat(state.get(Key.realServer("api", "r199")).getRealServer().getWeight())
                    .isEqualTo(10);
        }
    }

    @Test
    void twoConnectedMastersOfOneGroupAreFlaggedAsSplitBrain() throws Exception {
        try (TestAgent lb1 = agent().hello("lb1", enroll("lb1"), 0, null);
                TestAgent lb2 = agent().hello("lb2", enroll("lb2"), 0, null)) {
            lb1.next();
            lb2.next();
            lb1.status(vrrp("MASTER", 150));
            lb2.status(vrrp("BACKUP", 100));
            await(() -> "BACKUP"
                    .equals(admin().get("/api/v1/vrrp-groups/VI_1/status")
                            .jsonPath()
                            .getString("members[1].state")));
            admin().get("/api/v1/vrrp-groups/VI_1/status")
                    .then()
                    .statusCode(200)
                    .body("splitBrain", equalTo(false))
                    .body("members[0].director", equalTo("lb1"))
                    .body("members[0].state", equalTo("MASTER"))
                    .body("members[0].priority", equalTo(150))
                    .body("members[0].effectivePriority", equalTo(140))
                    .body("members[0].connected", equalTo(true));
            lb2.status(vrrp("MASTER", 100)); // e.g. the link between them is cut
            await(() ->
                    admin().get("/api/v1/vrrp-groups/VI_1/status").jsonPath().getBoolean("splitBrain"));
            lb2.status(vrrp("BACKUP", 100)); // healed
            await(() ->
                    !admin().get("/api/v1/vrrp-groups/VI_1/status").jsonPath().getBoolean("splitBrain"));
        }
    }

    private static Status vrrp(String state, int priority) {
        return Status.newBuilder()
                .setFull(true)
                .setAtUnixMillis(System.currentTimeMillis())
                .addVrrp(VrrpStatus.newBuilder()
                        .setGroup("VI_1")
                        .setState(VrrpState.valueOf("VRRP_STATE_" + state))
                        .setPriority(priority)
                        .setEffectivePriority(priority - 10)
                        .setSinceUnixMillis(System.currentTimeMillis()))
                .build();
    }

    @Test
    void aReconnectingAgentThatHoldsTheCurrentStateIsNotSentItAgain() throws Exception {
        String token = enroll("lb1");
        long rev;
        String digest;
        SortedMap<Key, Resource> held;
        try (TestAgent first = agent().hello("lb1", token, 0, null)) {
            DesiredState s = first.next();
            rev = s.getRevision();
            digest = s.getDigest();
            held = first.state;
        }
        try (TestAgent again = agent()) {
            again.state = held;
            again.hello("lb1", token, rev, digest);
            DesiredState s = again.next();
            assertThat(s.getFull()).isTrue();
            assertThat(s.getUnchanged()).isTrue();
            assertThat(s.getPutCount()).isZero();
            assertThat(s.getDigest()).isEqualTo(digest);
        }
        // one that holds something else gets everything
        try (TestAgent stale = agent().hello("lb1", token, rev, "0".repeat(64))) {
            assertThat(stale.next().getPutCount()).isEqualTo(6);
        }
    }

    @Test
    void anAgentWithoutAValidTokenGetsNothing() throws Exception {
        try (TestAgent none = agent().hello("lb1", null, 0, null)) {
            assertThat(none.awaitEnd().getCode()).isEqualTo(io.grpc.Status.Code.UNAUTHENTICATED);
            assertThat(none.received).isEmpty();
        }
        try (TestAgent wrong = agent().hello("lb1", "fulcrum_enroll_not-a-token", 0, null)) {
            assertThat(wrong.awaitEnd().getCode()).isEqualTo(io.grpc.Status.Code.UNAUTHENTICATED);
            assertThat(wrong.received).isEmpty();
        }
        try (TestAgent other = agent().hello("lb1", enroll("lb2"), 0, null)) {
            assertThat(other.awaitEnd().getCode()).isEqualTo(io.grpc.Status.Code.PERMISSION_DENIED);
            assertThat(other.received).isEmpty();
        }
    }

    @Test
    void revokingAnEnrollmentTokenDisconnectsItsAgentAndKeepsItOut() throws Exception {
        String token = enroll("lb1");
        long id = admin().get("/api/v1/directors/lb1/enrollment-tokens")
                .jsonPath()
                .getLong("items[-1].id");
        admin().get("/api/v1/directors/lb1/enrollment-tokens")
                .then()
                .statusCode(200)
                .body("items[-1].secret", Matchers.nullValue());
        try (TestAgent a = agent().hello("lb1", token, 0, null)) {
            a.next();
            admin().delete("/api/v1/directors/lb1/enrollment-tokens/" + id)
                    .then()
                    .statusCode(204);
            assertThat(a.awaitEnd().getCode()).isEqualTo(io.grpc.Status.Code.UNAUTHENTICATED);
        }
        try (TestAgent again = agent().hello("lb1", token, 0, null)) {
            assertThat(again.awaitEnd().getCode()).isEqualTo(io.grpc.Status.Code.UNAUTHENTICATED);
        }
        admin().get("/api/v1/directors/lb1/enrollment-tokens")
                .then()
                .body("items[-1].revokedAt", Matchers.notNullValue());
        // enrollment tokens are for admins only, and never in the audit trail's text
        admin().get("/api/v1/audit?kind=enrollment-token")
                .then()
                .statusCode(200)
                .body(Matchers.not(Matchers.containsString(token)));
    }

    /** Two replicas on one PostgreSQL: a commit on either reaches agents connected to the other, in order. */
    @Test
    void aCommitOnAnotherReplicaReachesAgentsConnectedHereAndTheReverse() throws Exception {
        try (Replica replica = new Replica("replica-it")) {
            HttpClient client = HttpClient.newHttpClient();
            int http = replica.http;
            try (TestAgent here = agent().hello("lb1", enroll("lb1"), 0, null);
                    TestAgent there = TestAgent.connect(replica.grpcPort, replica.grpcCertificate())
                            .hello("lb2", enroll("lb2"), 0, null)) {
                here.next();
                there.next();
                // written through the other replica's REST API
                for (int w = 1; w <= 5; w++) {
                    var put = HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + http + "/api/v1/virtual-servers/web/real-servers/rs1"))
                            .header("Authorization", "Bearer " + EmbeddedPostgresResource.ADMIN_TOKEN)
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(
                                    "{\"name\":\"rs1\",\"address\":\"192.168.10.11\",\"weight\":" + (10 + w) + "}"))
                            .build();
                    assertThat(client.send(put, HttpResponse.BodyHandlers.ofString())
                                    .statusCode())
                            .isEqualTo(200);
                }
                long last = 0;
                while (last < revision()) {
                    DesiredState d = here.next();
                    assertThat(d.getRevision()).as("revisions arrive in order").isGreaterThan(last);
                    last = d.getRevision();
                }
                assertThat(here.state
                                .get(Key.realServer("web", "rs1"))
                                .getRealServer()
                                .getWeight())
                        .isEqualTo(15);
                // written here, seen by the agent of the other replica
                admin().body("{\"name\":\"rs2\",\"address\":\"192.168.10.12\",\"weight\":9}")
                        .put("/api/v1/virtual-servers/web/real-servers/rs2");
                long target = revision();
                while (there.state
                                .getOrDefault(Key.realServer("web", "rs2"), Resource.getDefaultInstance())
                                .getRealServer()
                                .getWeight()
                        != 9) there.next();
                assertThat(there.state
                                .get(Key.realServer("web", "rs1"))
                                .getRealServer()
                                .getWeight())
                        .isEqualTo(15);
                assertThat(target).isGreaterThan(0);
            }
        }
    }

    private static long revision() {
        return admin().get("/api/v1/revision").jsonPath().getLong("revision");
    }

    private static void await(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 10 s");
            Thread.sleep(50);
        }
    }
}
