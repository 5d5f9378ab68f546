package io.fulcrum.controlplane;

import static io.fulcrum.controlplane.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.api.agent.v1.Counters;
import io.fulcrum.api.agent.v1.DestinationStatus;
import io.fulcrum.api.agent.v1.Kind;
import io.fulcrum.api.agent.v1.Nack;
import io.fulcrum.api.agent.v1.ObjectError;
import io.fulcrum.api.agent.v1.RealServerHealth;
import io.fulcrum.api.agent.v1.ResourceKey;
import io.fulcrum.api.agent.v1.ServiceStatus;
import io.fulcrum.api.agent.v1.Status;
import io.fulcrum.api.v1.Health;
import io.fulcrum.controlplane.events.EventRelay;
import io.fulcrum.controlplane.grpc.GrpcServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one PostgreSQL: the events of an agent connected to either (health, counters too big
 * for one NOTIFY, NACK, disconnect) reach the watchers of the other, once, and not twice here.
 */
@QuarkusTest
class EventRelayIT {
    /** Virtual servers in the big status report: its counters event takes several notifications. */
    static final int SERVICES = 300;

    @TestHTTPResource("/")
    URI root;

    @Inject
    GrpcServer grpc;

    @Inject
    EventRelay relay;

    @BeforeEach
    void seed() {
        Api.deleteAll();
        admin().body("{\"name\":\"rl-here\",\"managementAddress\":\"10.0.80.1\"}")
                .post("/api/v1/directors")
                .then()
                .statusCode(201);
        admin().body("{\"name\":\"rl-there\",\"managementAddress\":\"10.0.80.2\"}")
                .post("/api/v1/directors")
                .then()
                .statusCode(201);
    }

    private static String enroll(String director) {
        return admin().body("{\"description\":\"relay\"}")
                .post("/api/v1/directors/" + director + "/enrollment-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
    }

    @Test
    void eventsOfAnAgentOnOneReplicaReachWatchersOfTheOtherExactlyOnce() throws Exception {
        try (Replica replica = new Replica("relay-it");
                SseClient watchHere = SseClient.open(root, "?types=agent,health,counters", null);
                SseClient watchThere = SseClient.open(replica.root(), "?types=agent,health,counters", null)) {
            // an agent here: its health change and big counters are seen there
            try (TestAgent agent = TestAgent.connect(grpc.port(), grpc.tls().certificate())
                    .hello("rl-here", enroll("rl-here"), 0, null)) {
                agent.next();
                agent.status(status("UP", SERVICES));
                agent.status(status("DOWN", 0));
                Predicate<SseClient.Received> fromHere =
                        r -> r.data().path("director").asText().equals("rl-here");
                SseClient.Received connected = watchThere.next(fromHere);
                assertThat(connected.type()).isEqualTo("agent");
                assertThat(connected.data().path("event").asText()).isEqualTo("connected");
                SseClient.Received counters = watchThere.next(fromHere);
                assertThat(counters.type()).isEqualTo("counters");
                assertThat(counters.data().toString().length()).isGreaterThan(8_000);
                assertThat(counters.data().path("virtualServers")).hasSize(SERVICES);
                assertThat(counters.data()
                                .path("virtualServers")
                                .get(SERVICES - 1)
                                .path("name")
                                .asText())
                        .isEqualTo("vs-" + (SERVICES - 1));
                SseClient.Received health = watchThere.next(fromHere);
                assertThat(health.type()).isEqualTo("health");
                assertThat(health.data().path("realServer").asText()).isEqualTo("rs");
                assertThat(health.data().path("health").asText()).isEqualTo("DOWN");
                assertThat(health.data().path("previous").asText()).isEqualTo("UP");
                assertThat(health.data().path("reason").asText()).isEqualTo("check é");
            }
            List<String> there = until(watchThere, "rl-here");
            assertThat(there)
                    .as("after the health event there, only the disconnect")
                    .containsExactly("agent");
            assertThat(until(watchHere, "rl-here"))
                    .as("here, once each, though this replica hears its own notifications")
                    .containsExactly("agent", "counters", "health", "agent");

            // an agent there: its NACK is seen here
            try (TestAgent agent = TestAgent.connect(replica.grpcPort, replica.grpcCertificate())
                    .hello("rl-there", enroll("rl-there"), 0, null)) {
                long revision = agent.next().getRevision();
                agent.nack(Nack.newBuilder()
                        .setRevision(revision)
                        .addErrors(ObjectError.newBuilder()
                                .setObject(ResourceKey.newBuilder()
                                        .setKind(Kind.VIRTUAL_SERVER)
                                        .setName("web"))
                                .setField("/port")
                                .setMessage("the kernel refused"))
                        .build());
                Predicate<SseClient.Received> fromThere =
                        r -> r.data().path("director").asText().equals("rl-there");
                assertThat(watchHere.next(fromThere).data().path("event").asText())
                        .isEqualTo("connected");
                SseClient.Received nack = watchHere.next(fromThere);
                assertThat(nack.data().path("event").asText()).isEqualTo("nack");
                assertThat(nack.data().path("revision").asLong()).isEqualTo(revision);
                assertThat(nack.data().path("error").toString())
                        .isEqualTo("{\"detail\":\"the kernel refused\",\"resource\":\"virtual-server/web\","
                                + "\"pointer\":\"/port\"}");
                assertThat(Long.parseLong(nack.id())).as("numbered here").isPositive();
            }
            assertThat(until(watchHere, "rl-there")).containsExactly("agent");
        }
        assertThat(relay.dropped()).isZero();
    }

    /** The types of the director's events up to and including its disconnect. */
    private static List<String> until(SseClient sse, String director) throws InterruptedException {
        List<String> types = new ArrayList<>();
        while (true) {
            SseClient.Received r =
                    sse.next(e -> e.data().path("director").asText().equals(director));
            types.add(r.type());
            if (r.data().path("event").asText().equals("disconnected")) return types;
        }
    }

    /** A full report: real server web/rs with {@code health}, and {@code services} virtual servers' counters. */
    private static Status status(String health, int services) {
        Status.Builder b = Status.newBuilder()
                .setFull(true)
                .setAtUnixMillis(System.currentTimeMillis())
                .addHealth(RealServerHealth.newBuilder()
                        .setVirtualServer("web")
                        .setRealServer("rs")
                        .setHealth(Health.valueOf("HEALTH_" + health))
                        .setReason("check é")
                        .setSinceUnixMillis(System.currentTimeMillis()));
        for (int i = 0; i < services; i++)
            b.addServices(ServiceStatus.newBuilder()
                    .setVirtualServer("vs-" + i)
                    .setCounters(
                            Counters.newBuilder().setConnections(i).setCps(7).setBpsIn(1_000_000))
                    .addDestinations(DestinationStatus.newBuilder()
                            .setRealServer("rs")
                            .setActiveConnections(3)
                            .setCounters(Counters.newBuilder().setCps(7))));
        return b.build();
    }
}
