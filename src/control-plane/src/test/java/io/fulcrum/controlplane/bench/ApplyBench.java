package io.fulcrum.controlplane.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.controlplane.Api;
import io.fulcrum.controlplane.EmbeddedPostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Declarative apply at scale (issue 13), run by hand against the in-process control plane and its
 * embedded PostgreSQL: a document of 10,000 virtual servers x 10 real servers (10 directors, each
 * virtual server served by 2). Prints the time to apply it from empty (to the commit), to plan it
 * (warm, median of 5), to apply it again unchanged (median of 3; no revision), to apply it with one
 * real server's weight changed (one revision), and to prune it all away. Not a test of the suite (the
 * name ends in neither Test nor IT):
 *
 *   ./mvnw -B -o -pl src/control-plane -am verify -Dtest=none -Dit.test=ApplyBench \
 *       -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false
 */
@QuarkusTest
class ApplyBench {
    static final int VIRTUAL_SERVERS = 10_000;
    static final int REAL_SERVERS = 10;
    static final int DIRECTORS = 10;

    @Test
    void applyTenThousandVirtualServersOfTenRealServers() {
        Api.deleteAll();
        String doc = document(1);
        String changed = document(2);
        System.out.printf("document: %.1f MB%n", doc.length() / 1e6);

        long r0 = Api.revision();
        long t = System.nanoTime();
        apply(doc).then().statusCode(200);
        double applyFromEmpty = seconds(t);
        long r1 = Api.revision();
        System.out.printf("apply from empty: %.2f s, %d revisions%n", applyFromEmpty, r1 - r0);

        List<Double> plans = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            t = System.nanoTime();
            rest().body(doc).post("/api/v1/config/plan").then().statusCode(200);
            if (i > 0) plans.add(seconds(t)); // the first one warms up
        }
        System.out.printf("plan (warm, median of 5): %.3f s %s%n", median(plans), plans);

        List<Double> again = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            t = System.nanoTime();
            apply(doc).then().statusCode(200);
            again.add(seconds(t));
        }
        assertThat(Api.revision()).isEqualTo(r1);
        System.out.printf("re-apply unchanged (median of 3): %.3f s %s, 0 revisions%n", median(again), again);

        t = System.nanoTime();
        Response one = apply(changed);
        one.then().statusCode(200);
        double oneChange = seconds(t);
        assertThat(Api.revision()).isEqualTo(r1 + 1);
        System.out.printf(
                "one real server changed: %.3f s, 1 revision, directors %s%n",
                oneChange, one.jsonPath().getList("plan.changes[0].directors"));

        t = System.nanoTime();
        rest().body("{\"apiVersion\":\"fulcrum/v1\"}")
                .put("/api/v1/config?prune=true")
                .then()
                .statusCode(200);
        System.out.printf("prune everything: %.2f s, %d revisions%n", seconds(t), Api.revision() - r1 - 1);
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

    /** The document; real server 0 of virtual server 0 has {@code weight}. */
    static String document(int weight) {
        StringBuilder b = new StringBuilder(20 << 20);
        b.append("{\"apiVersion\":\"fulcrum/v1\",\"directors\":[");
        for (int d = 0; d < DIRECTORS; d++)
            b.append(d == 0 ? "" : ",")
                    .append("{\"name\":\"d")
                    .append(d)
                    .append("\",\"managementAddress\":\"10.9.0.")
                    .append(d + 1)
                    .append("\"}");
        b.append("],\"virtualServers\":[");
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
