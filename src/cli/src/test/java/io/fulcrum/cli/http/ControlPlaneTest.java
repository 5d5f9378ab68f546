package io.fulcrum.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.cli.CliException;
import io.fulcrum.cli.FakeControlPlane;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ControlPlaneTest {
    final FakeControlPlane fake = new FakeControlPlane();
    final ControlPlane api = new ControlPlane(fake);

    @Test
    void aProblemBecomesItsTitleDetailAndOneLinePerField() {
        fake.on(
                "GET",
                "/x",
                FakeControlPlane.problem(409, "Conflict", "address in use", "/address", "taken by web", "", "whole"));
        assertThatThrownBy(() -> api.get("/x")).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.getMessage()).isEqualTo("409 Conflict: address in use");
            assertThat(e.details()).containsExactly("/address: taken by web", "whole");
            assertThat(e.hint()).startsWith("the change conflicts with other resources");
        });
    }

    @Test
    void aSingleFieldErrorIsSaidOnceNotAlsoAsTheDetail() {
        // the control plane's detail of a problem with one error (or of a conflict: its first) is that error
        fake.on(
                "GET",
                "/x",
                FakeControlPlane.problem(
                        400,
                        "Invalid request",
                        "/address: must be an IP address",
                        "/address",
                        "must be an IP address"));
        assertThatThrownBy(() -> api.get("/x")).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.getMessage()).isEqualTo("400 Invalid request");
            assertThat(e.details()).containsExactly("/address: must be an IP address");
        });
        fake.on("GET", "/y", FakeControlPlane.problem(409, "Conflict", ": in use", "", "in use"));
        assertThatThrownBy(() -> api.get("/y")).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.getMessage()).isEqualTo("409 Conflict");
            assertThat(e.details()).containsExactly("in use");
        });
    }

    @Test
    void anErrorWithoutAProblemBodyStillSaysItsStatus() {
        fake.on("GET", "/x", Response.of(502, "text/html", "<html>bad gateway</html>\nmore"));
        assertThatThrownBy(() -> api.get("/x")).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.getMessage()).isEqualTo("502 Bad Gateway: <html>bad gateway</html>");
            assertThat(e.hint())
                    .isEqualTo("the control plane failed: its log at " + FakeControlPlane.WHERE + " says why");
        });
    }

    @Test
    void anAnswerThatIsNotJsonPointsAtTheUrl() {
        fake.on("GET", "/x", Response.of(200, "text/html", "<html>"));
        assertThatThrownBy(() -> api.get("/x"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("is not JSON (text/html)");
    }

    @Test
    void aTlsFailureSaysToSetTheCa() {
        fake.failure = new SSLHandshakeException("PKIX path building failed");
        assertThatThrownBy(() -> api.get("/x")).isInstanceOfSatisfying(CliException.class, e -> {
            assertThat(e.getMessage()).contains("TLS with the control plane").contains("PKIX");
            assertThat(e.hint()).startsWith("set FULCRUM_CA");
        });
    }

    @Test
    void listFollowsPagesAndEncodesLabels() {
        fake.ok("/r?limit=1000&label=a%3Db%26c", "{\"items\":[{\"n\":1}],\"nextPageToken\":\"t 2\"}");
        fake.ok("/r?limit=1000&label=a%3Db%26c&pageToken=t+2", "{\"items\":[{\"n\":2}],\"nextPageToken\":\"\"}");
        assertThat(api.list("/r", List.of("a=b&c")))
                .extracting(n -> n.get("n").asInt())
                .containsExactly(1, 2);
    }

    @Test
    void taggedReadsKeepTheEtag() {
        fake.tagged("/x", "\"9\"", "{}");
        assertThat(api.getTagged("/x").etag()).isEqualTo("\"9\"");
    }

    @Test
    void segmentsAndQueriesAreEncoded() {
        assertThat(ControlPlane.segment("a b/c")).isEqualTo("a%20b%2Fc");
        assertThat(ControlPlane.query(List.of())).isEmpty();
        assertThat(ControlPlane.query(List.of(Map.entry("selector", "k=v"), Map.entry("prune", "true"))))
                .isEqualTo("?selector=k%3Dv&prune=true");
    }
}
