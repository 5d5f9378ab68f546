package io.fulcrum.controlplane.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.model.codec.DocumentCodec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** One replica's REST API with the admin token, as the harness uses it (plain HTTP on loopback). */
final class Rest {
    /** What a write got: the status, and the body's {@code metadata.revision} (0 when none). */
    record Answer(int status, long revision, String body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final HttpClient http;
    private final int port;
    private final String token;
    private final Duration timeout;

    Rest(int port, String token, Duration timeout) {
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        this.port = port;
        this.token = token;
        this.timeout = timeout;
    }

    int port() {
        return port;
    }

    Answer put(String path, String json) throws IOException, InterruptedException {
        return answer(send(request(path).PUT(HttpRequest.BodyPublishers.ofString(json))));
    }

    Answer post(String path, String json) throws IOException, InterruptedException {
        return answer(send(request(path).POST(HttpRequest.BodyPublishers.ofString(json))));
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = send(request(path).GET());
        if (r.statusCode() != 200) throw new IOException("GET " + path + ": " + r.statusCode() + " " + r.body());
        return DocumentCodec.JSON.readTree(r.body());
    }

    long revision() throws IOException, InterruptedException {
        return get("/api/v1/revision").get("revision").asLong();
    }

    /** The whole audit trail: each resource's records' revisions. */
    Map<String, Set<Long>> audit() throws IOException, InterruptedException {
        Map<String, Set<Long>> out = new HashMap<>();
        String page = null;
        for (int pages = 0; pages < 100_000; pages++) {
            JsonNode list = get("/api/v1/audit?limit=1000"
                    + (page == null ? "" : "&pageToken=" + URLEncoder.encode(page, StandardCharsets.UTF_8)));
            for (JsonNode r : list.get("items"))
                out.computeIfAbsent(r.get("resource").asText(), k -> new HashSet<>())
                        .add(r.get("revision").asLong());
            JsonNode next = list.get("nextPageToken");
            if (next == null || next.isNull() || next.asText().isEmpty()) return out;
            page = next.asText();
        }
        throw new IOException("the audit trail did not end within 100,000 pages");
    }

    /** The configuration document (GET /api/v1/config, JSON). */
    JsonNode export() throws IOException, InterruptedException {
        return get("/api/v1/config");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json");
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Answer answer(HttpResponse<String> r) {
        long revision = 0;
        if (r.statusCode() / 100 == 2 && !r.body().isEmpty()) {
            try {
                JsonNode meta = DocumentCodec.JSON.readTree(r.body()).path("metadata");
                revision = meta.path("revision").asLong(0);
            } catch (IOException e) {
                revision = 0;
            }
        }
        return new Answer(r.statusCode(), revision, r.body());
    }
}
