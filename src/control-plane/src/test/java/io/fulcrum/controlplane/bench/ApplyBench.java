package io.fulcrum.controlplane.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.controlplane.Api;
import io.fulcrum.controlplane.EmbeddedPostgresResource;
import io.fulcrum.controlplane.grpc.GrpcServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Declarative apply at scale (issue 13), run by hand against the in-process control plane and its
 * embedded PostgreSQL: a document of 10,000 virtual servers x 10 real servers (100 directors, each
 * virtual server served by 2), with 100 agents connected (real gRPC clients over TLS, as in
 * {@link ConvergenceBench}: each applies every message, checks its digest and ACKs). Prints:
 * the time to apply it from empty (to the commit: the answer), until every agent has ACKed it,
 * to plan it (the first plan after the apply, then warm: median of 5), to apply
 * it again unchanged (median of 3; no revision, nothing pushed), to apply it with one real server's
 * weight changed (one revision, pushed as that real server alone to the two directors serving it), and
 * to prune it all away. Not a test of the suite (the name ends in neither Test nor IT):
 *
 *   ./mvnw -B -o -pl src/control-plane -am verify -Dtest=none -Dit.test=ApplyBench \
 *       -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false
 */
@QuarkusTest
class ApplyBench {
    static final int VIRTUAL_SERVERS = 10_000;
    static final int REAL_SERVERS = 10;
    static final int DIRECTORS = 100;

    @Inject
    GrpcServer grpc;

    @Test
    void applyTenThousandVirtualServersOfTenRealServers() throws Exception {
        Api.deleteAll();
        String doc = document(1);
        String changed = document(2);
        System.out.printf("document: %.1f MB%n", doc.length() / 1e6);

        // the directors first, so that their agents are connected (with nothing to serve) before the apply
        apply(directorsOnly()).then().statusCode(200);
        List<ConvergenceBench.Agent> agents = new ArrayList<>();
        for (int d = 0; d < DIRECTORS; d++)
            agents.add(new ConvergenceBench.Agent(
                    "d" + d, enroll("d" + d), grpc.port(), grpc.tls().certificate()));
        for (ConvergenceBench.Agent a : agents)
            if (!a.snapshot.await(120, TimeUnit.SECONDS)) throw new IllegalStateException(a.name + ": no snapshot");

        long r0 = Api.revision();
        long t = System.nanoTime();
        Response first = apply(doc);
        first.then().statusCode(200);
        long committed = System.nanoTime();
        double applyFromEmpty = seconds(t);
        long r1 = first.jsonPath().getLong("revision");
        System.out.printf("apply from empty: %.2f s, %d revisions%n", applyFromEmpty, r1 - r0);
        long lastAck = committed;
        for (ConvergenceBench.Agent a : agents) lastAck = Math.max(lastAck, a.awaitAck(r1));
        System.out.printf(
                "every one of the %d agents ACKed revision %d %.2f s after the commit (%,d resources, %,d bytes pushed)%n",
                DIRECTORS,
                r1,
                (lastAck - committed) / 1e9,
                agents.stream().mapToLong(a -> a.resources.get()).sum(),
                agents.stream().mapToLong(a -> a.bytes.get()).sum());

        t = System.nanoTime();
        rest().body(doc).post("/api/v1/config/plan").then().statusCode(200);
        System.out.printf("plan, the first after the apply: %.3f s%n", seconds(t));
        List<Double> plans = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            t = System.nanoTime();
            rest().body(doc).post("/api/v1/config/plan").then().statusCode(200);
            plans.add(seconds(t));
        }
        System.out.printf("plan (warm, median of 5): %.3f s %s%n", median(plans), plans);

        quiet(agents);
        List<Double> again = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            t = System.nanoTime();
            apply(doc).then().statusCode(200);
            again.add(seconds(t));
        }
        assertThat(Api.revision()).isEqualTo(r1);
        Thread.sleep(1000);
        long pushed = agents.stream().mapToLong(a -> a.resources.get()).sum();
        assertThat(pushed)
                .as("resources pushed by re-applying the same document")
                .isZero();
        System.out.printf(
                "re-apply unchanged (median of 3): %.3f s %s, 0 revisions, nothing pushed%n", median(again), again);

        t = System.nanoTime();
        Response one = apply(changed);
        one.then().statusCode(200);
        double oneChange = seconds(t);
        long r2 = one.jsonPath().getLong("revision");
        assertThat(r2).isEqualTo(r1 + 1);
        List<String> serving = one.jsonPath().getList("plan.changes[0].directors");
        for (String d : serving) agents.get(Integer.parseInt(d.substring(1))).awaitAck(r2);
        Thread.sleep(1000); // anything else would have arrived by now
        List<String> reached = new ArrayList<>();
        for (ConvergenceBench.Agent a : agents) {
            if (a.resources.get() == 0) continue;
            reached.add(a.name);
            assertThat(a.resources.get()).as(a.name + ": resources pushed").isEqualTo(1);
        }
        assertThat(reached).containsExactlyInAnyOrderElementsOf(serving).containsExactlyInAnyOrder("d0", "d1");
        System.out.printf(
                "one real server changed: %.3f s, 1 revision, pushed as 1 resource to each of %s and to no other"
                        + " agent%n",
                oneChange, reached);

        t = System.nanoTime();
        rest().body("{\"apiVersion\":\"fulcrum/v1\"}")
                .put("/api/v1/config?prune=true")
                .then()
                .statusCode(200);
        System.out.printf("prune everything: %.2f s, %d revisions%n", seconds(t), Api.revision() - r2);
        for (ConvergenceBench.Agent a : agents) a.close();
    }

    /** Zeroes what each agent counted once nothing more arrives. */
    private static void quiet(List<ConvergenceBench.Agent> agents) throws InterruptedException {
        Thread.sleep(1000);
        for (ConvergenceBench.Agent a : agents) {
            a.resources.set(0);
            a.bytes.set(0);
        }
    }

    private static String enroll(String director) {
        return rest().body("{}")
                .post("/api/v1/directors/" + director + "/enrollment-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
    }

    private static Response apply(String doc) {
        return rest().body(doc).put("/api/v1/config");
    }

    /** Requests without Api's contract check: it would take longer than the calls measured. */
    private static RequestSpecification rest() {
        return RestAssured.given()
                .config(RestAssuredConfig.config()
                        .httpClient(HttpClientConfig.httpClientConfig()
                                .setParam("http.socket.timeout", 900_000)
                                .setParam("http.connection.timeout", 900_000)))
                .contentType("application/json")
                .header("Authorization", "Bearer " + EmbeddedPostgresResource.ADMIN_TOKEN);
    }

    /** The directors alone. */
    static String directorsOnly() {
        StringBuilder b = new StringBuilder("{\"apiVersion\":\"fulcrum/v1\",");
        directors(b);
        return b.append("}").toString();
    }

    private static void directors(StringBuilder b) {
        b.append("\"directors\":[");
        for (int d = 0; d < DIRECTORS; d++)
            b.append(d == 0 ? "" : ",")
                    .append("{\"name\":\"d")
                    .append(d)
                    .append("\",\"managementAddress\":\"10.9.0.")
                    .append(d + 1)
                    .append("\"}");
        b.append("]");
    }

    /** The document; real server 0 of virtual server 0 has {@code weight}. */
    static String document(int weight) {
        StringBuilder b = new StringBuilder(20 << 20);
        b.append("{\"apiVersion\":\"fulcrum/v1\",");
        directors(b);
        b.append(",\"virtualServers\":[");
        for (int i = 0; i < VIRTUAL_SERVERS; i++) {
            b.append(i == 0 ? "" : ",")
                    .append("{\"name\":\"vs")
                    .append(i)
                    .append("\",\"address\":\"10.")
                    .append(100 + i / 65536)
                    .append('.')
                    .append(i / 256 % 256)
                    .append('.')
                    .append(i % 256)
                    .append("\",\"port\":80,\"scheduler\":\"wrr\",\"directors\":[\"d")
                    .append(i % DIRECTORS)
                    .append("\",\"d")
                    .append((i + 1) % DIRECTORS)
                    .append("\"],\"realServers\":[");
            for (int r = 0; r < REAL_SERVERS; r++)
                b.append(r == 0 ? "" : ",")
                        .append("{\"name\":\"r")
                        .append(r)
                        .append("\",\"address\":\"172.16.")
                        .append(i / 256 % 256)
                        .append('.')
                        .append(r + 1)
                        .append("\",\"port\":8080,\"weight\":")
                        .append(i == 0 && r == 0 ? weight : 1)
                        .append('}');
            b.append("]}");
        }
        return b.append("]}").toString();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
