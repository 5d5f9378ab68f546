package io.fulcrum.controlplane;

import static io.fulcrum.controlplane.Api.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /q/metrics: Prometheus text (promtool check metrics: nothing to say), without a token, with the REST
 * latencies and writes, the current revision, each director's connection and revision lag, the pool.
 */
@QuarkusTest
class MetricsIT {
    @BeforeEach
    void seed() {
        Api.deleteAll();
        ResourceCrudIT.seed();
    }

    @Test
    void theMetricsArePrometheusTextWithTheControlPlanesFigures() throws Exception {
        admin().get("/api/v1/directors").then().statusCode(200);

        String text = given().get("/q/metrics")
                .then()
                .statusCode(200)
                .contentType("text/plain; version=0.0.4; charset=utf-8")
                .extract()
                .asString();

        assertThat(text)
                .contains("# TYPE fulcrum_rest_request_duration_seconds histogram")
                .containsPattern("fulcrum_writes_total\\{api=\"rest\"} [1-9][0-9.]*")
                .containsPattern("fulcrum_revision [1-9][0-9.]*")
                .contains("fulcrum_director_connected{director=\"lb1\"} 0")
                .containsPattern("fulcrum_director_revision_lag\\{director=\"lb2\"} [1-9][0-9.]*")
                .contains("fulcrum_directors_connected 0")
                .containsPattern("fulcrum_db_pool_active_connections [0-9.]+")
                .containsPattern("fulcrum_db_pool_available_connections [0-9.]+");
        assertThat(text.lines())
                .as("a latency histogram per route")
                .anyMatch(l -> l.startsWith("fulcrum_rest_request_duration_seconds_bucket{")
                        && l.contains("method=\"GET\"")
                        && l.contains("route=\"DirectorsResource.")
                        && l.contains("status=\"200\"")
                        && l.contains("le=\"0.05\""));
        promtoolCheckMetrics(text);
    }

    /** Prometheus's linter (Debian's prometheus package): nothing to say, exit status 0. */
    static void promtoolCheckMetrics(String text) throws Exception {
        Process p = new ProcessBuilder("promtool", "check", "metrics")
                .redirectErrorStream(true)
                .start();
        try (var in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(said).as("promtool check metrics").isEmpty();
        assertThat(p.exitValue()).isZero();
    }
}
