package io.fulcrum.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.cli.http.ServerSentEvents;
import io.fulcrum.model.codec.DocumentCodec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** GET /api/v1/events followed on a thread of its own; the events (id, type, parsed data) queue up for the test. */
final class SseClient implements AutoCloseable {
    record Received(String id, String type, JsonNode data) {}

    final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    final HttpResponse<java.io.InputStream> response;
    private final Thread reader;

    private SseClient(HttpResponse<java.io.InputStream> response) {
        this.response = response;
        ServerSentEvents parser = new ServerSentEvents(e -> {
            try {
                received.add(new Received(e.id(), e.type(), DocumentCodec.JSON.readTree(e.data())));
            } catch (Exception x) {
                throw new IllegalStateException(x);
            }
        });
        reader = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) parser.accept(line);
                        ended.complete(null);
                    } catch (Exception e) {
                        ended.completeExceptionally(e);
                    }
                },
                "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the stream (query e.g. "?types=revision"); lastEventId may be null. */
    static SseClient open(URI root, String query, String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(root.resolve("/api/v1/events" + query))
                .header("Authorization", "Bearer " + EmbeddedPostgresResource.ADMIN_TOKEN)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
        HttpResponse<java.io.InputStream> r = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200)
            throw new AssertionError("GET /api/v1/events" + query + ": " + r.statusCode() + " "
                    + new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
        return new SseClient(r);
    }

    /** The next event that matches, skipping others; fails after 20 s. */
    Received next(Predicate<Received> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Received e = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) throw new AssertionError("no matching event within 20 s");
            if (wanted.test(e)) return e;
        }
    }

    @Override
    public void close() throws Exception {
        response.body().close();
        reader.interrupt();
    }
}
