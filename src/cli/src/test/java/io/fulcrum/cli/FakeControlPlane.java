package io.fulcrum.cli;

import io.fulcrum.cli.http.Http;
import io.fulcrum.cli.http.Request;
import io.fulcrum.cli.http.Response;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A scripted control plane: answers per "METHOD path" (the path with its query), in order when several are
 * queued (the last one repeats), 404 problem for anything else; it records every request.
 */
public final class FakeControlPlane implements Http {
    public static final String WHERE = "http://cp.test:8080";
    /** In a stream's lines: the connection breaks here. */
    public static final String DROP = "!drop";

    private final Map<String, Deque<Response>> answers = new HashMap<>();
    private final Map<String, Deque<List<String>>> streams = new HashMap<>();
    public final List<Request> requests = new ArrayList<>();
    public IOException failure;

    public FakeControlPlane on(String method, String path, Response... responses) {
        answers.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).addAll(List.of(responses));
        return this;
    }

    public FakeControlPlane json(String method, String path, int status, String json) {
        return on(method, path, Response.of(status, "application/json", json));
    }

    public FakeControlPlane ok(String path, String json) {
        return json("GET", path, 200, json);
    }

    /** A GET answered with a tagged JSON body. */
    public FakeControlPlane tagged(String path, String etag, String json) {
        return on(
                "GET",
                path,
                new Response(200, Map.of("Content-Type", "application/json", "ETag", etag), json.getBytes()));
    }

    public static Response problem(int status, String title, String detail, String... fieldMessages) {
        StringBuilder errors = new StringBuilder();
        for (int i = 0; i < fieldMessages.length; i += 2) {
            if (errors.length() > 0) errors.append(',');
            errors.append("{\"field\":\"")
                    .append(fieldMessages[i])
                    .append("\",\"message\":\"")
                    .append(fieldMessages[i + 1])
                    .append("\"}");
        }
        return Response.of(
                status,
                "application/problem+json",
                "{\"title\":\"" + title + "\",\"status\":" + status
                        + (detail == null ? "" : ",\"detail\":\"" + detail + "\"") + ",\"errors\":[" + errors + "]}");
    }

    /** A stream endpoint answering 200 with these lines; a line {@value #DROP} breaks the connection there. */
    public FakeControlPlane stream(String path, String... lines) {
        streams.computeIfAbsent(path, k -> new ArrayDeque<>()).add(List.of(lines));
        return this;
    }

    public List<Request> requests(String method, String pathPrefix) {
        return requests.stream()
                .filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix))
                .toList();
    }

    @Override
    public Response send(Request request) throws IOException {
        requests.add(request);
        if (failure != null) throw failure;
        Deque<Response> q = answers.get(request.method() + " " + request.path());
        if (q == null || q.isEmpty()) return problem(404, "Not Found", "no route " + request.path());
        return q.size() > 1 ? q.poll() : q.peek();
    }

    @Override
    public Response stream(Request request, Consumer<String> line) throws IOException {
        requests.add(request);
        if (failure != null) throw failure;
        Deque<List<String>> q = streams.get(request.path());
        if (q == null) return send(request);
        List<String> lines = q.size() > 1 ? q.poll() : q.peek(); // streams given for a path, in turn; the last again
        for (String l : lines) {
            if (l.equals(DROP)) throw new IOException("connection reset");
            line.accept(l);
        }
        return new Response(200, Map.of("Content-Type", "text/event-stream"), null);
    }

    @Override
    public String where() {
        return WHERE;
    }
}
