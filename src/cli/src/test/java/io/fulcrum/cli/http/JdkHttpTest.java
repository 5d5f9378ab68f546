package io.fulcrum.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fulcrum.cli.CliException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The java.net.http transport against the JDK's own HTTP server on the loopback. */
class JdkHttpTest {
    HttpServer server;
    String url;
    final Map<String, String> seen = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/revision", ex -> {
            seen.put("authorization", String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            seen.put("agent", String.valueOf(ex.getRequestHeaders().getFirst("User-Agent")));
            seen.put("query", String.valueOf(ex.getRequestURI().getRawQuery()));
            reply(ex, 200, "application/json", "{\"revision\":3}", "ETag", "\"3\"");
        });
        server.createContext("/api/v1/config", ex -> {
            seen.put("method", ex.getRequestMethod());
            seen.put("ifMatch", String.valueOf(ex.getRequestHeaders().getFirst("If-Match")));
            seen.put("body", new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            reply(ex, 412, "application/problem+json", "{\"title\":\"Precondition Failed\",\"status\":412}");
        });
        server.createContext("/api/v1/events", ex -> {
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write("event: a\ndata: 1\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("event: b\ndata: 2\n\n".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void reply(HttpExchange ex, int status, String type, String body, String... headers)
            throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        for (int i = 0; i < headers.length; i += 2) ex.getResponseHeaders().add(headers[i], headers[i + 1]);
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Test
    void sendsTheBearerTokenAndReadsStatusHeadersAndBody() throws IOException {
        Http http = new JdkHttp(url + "/", "tok", null, "1.2");
        Response r = http.send(Request.get("/api/v1/revision?x=a%3Db"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("etag")).isEqualTo("\"3\"");
        assertThat(r.text()).isEqualTo("{\"revision\":3}");
        assertThat(seen)
                .containsEntry("authorization", "Bearer tok")
                .containsEntry("agent", "fulcrum-cli/1.2")
                .containsEntry("query", "x=a%3Db");
        assertThat(http.where()).isEqualTo(url);
    }

    @Test
    void sendsBodiesAndHeadersAndReturnsErrorStatuses() throws IOException {
        Http http = new JdkHttp(url, null, null, "1");
        Response r = http.send(Request.withBody("PUT", "/api/v1/config", "application/json", "{}")
                .header("If-Match", "\"7\""));
        assertThat(r.status()).isEqualTo(412);
        assertThat(r.mediaType()).isEqualTo("application/problem+json");
        assertThat(seen)
                .containsEntry("method", "PUT")
                .containsEntry("ifMatch", "\"7\"")
                .containsEntry("body", "{}");
    }

    @Test
    void streamsLinesAsTheyArrive() throws IOException {
        List<String> lines = new ArrayList<>();
        Response r = new JdkHttp(url, "t", null, "1").stream(Request.get("/api/v1/events"), lines::add);
        assertThat(r.status()).isEqualTo(200);
        assertThat(lines).containsExactly("event: a", "data: 1", "", "event: b", "data: 2", "");
    }

    @Test
    void aStreamThatIsNotThereIsReturnedWhole() throws IOException {
        List<String> lines = new ArrayList<>();
        Response r = new JdkHttp(url, "t", null, "1").stream(Request.get("/nothing"), lines::add);
        assertThat(r.status()).isEqualTo(404);
        assertThat(lines).isEmpty();
    }

    @Test
    void aUrlThatIsNotHttpIsRefusedWithAHint() {
        assertThatThrownBy(() -> new JdkHttp("cp:8080", null, null, "1"))
                .isInstanceOf(CliException.class)
                .hasMessage("'cp:8080' is not an http(s) URL");
    }

    @Test
    void aCaFileWithoutACertificateIsRefusedWithAHint(@TempDir Path dir) throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        assertThatThrownBy(() -> new JdkHttp("https://cp:8443", null, ca, "1"))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("cannot use " + ca + " as the CA")
                .satisfies(e -> assertThat(((CliException) e).hint()).contains("FULCRUM_CA"));
    }

    @Test
    void aRefusedConnectionIsAnIoFailureThatControlPlaneExplains() throws IOException {
        server.stop(0);
        ControlPlane api = new ControlPlane(new JdkHttp(url, null, null, "1"));
        assertThatThrownBy(() -> api.get("/api/v1/revision"))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("cannot connect to the control plane at " + url)
                .satisfies(e -> assertThat(((CliException) e).hint()).contains("check FULCRUM_URL"));
    }
}
