package io.fulcrum.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.cli.CliException;
import io.fulcrum.model.codec.DocumentCodec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * The control plane's REST API as the commands use it: JSON reads, every page of a list, entity tags, and
 * failures (an error status, no connection, a TLS failure) turned into a {@link CliException} that says
 * what to do.
 */
public final class ControlPlane {
    /** The largest page the API serves (openapi.yaml's limit). */
    static final int PAGE = 1000;

    private final Http http;

    public ControlPlane(Http http) {
        this.http = http;
    }

    public String where() {
        return http.where();
    }

    /** A resource with its entity tag (the quoted version, for If-Match). */
    public record Tagged(JsonNode body, String etag) {}

    /** GET as JSON; any status but 2xx throws {@link ApiError}. */
    public JsonNode get(String path) {
        return json(expectOk(send(Request.get(path)), null));
    }

    public Tagged getTagged(String path) {
        Response r = expectOk(send(Request.get(path)), null);
        return new Tagged(json(r), r.header("ETag"));
    }

    /** Every item of a list endpoint, page after page, with the given {@code key=value} label filters. */
    public List<JsonNode> list(String path, List<String> labels) {
        List<JsonNode> items = new ArrayList<>();
        String pageToken = null;
        do {
            List<Map.Entry<String, String>> q = new ArrayList<>();
            q.add(Map.entry("limit", Integer.toString(PAGE)));
            for (String l : labels) q.add(Map.entry("label", l));
            if (pageToken != null) q.add(Map.entry("pageToken", pageToken));
            JsonNode page = get(path + query(q));
            page.path("items").forEach(items::add);
            JsonNode next = page.get("nextPageToken");
            pageToken = next == null || next.isNull() || next.asText().isEmpty() ? null : next.asText();
        } while (pageToken != null);
        return items;
    }

    /** Sends the request; a failure to get any answer throws a {@link CliException} saying what to check. */
    public Response send(Request request) {
        try {
            return http.send(request);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    public Response stream(Request request, Consumer<String> line) {
        try {
            return http.stream(request, line);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** The response when it is 2xx; otherwise its {@link ApiError} ({@code hint} overriding the usual advice). */
    public Response expectOk(Response r, String hint) {
        if (!r.ok()) throw ApiError.of(r, where(), hint);
        return r;
    }

    /** The response body as JSON. */
    public JsonNode json(Response r) {
        try {
            JsonNode n = DocumentCodec.JSON.readTree(r.body());
            if (n == null || n.isMissingNode()) throw new IOException("empty body");
            return n;
        } catch (IOException e) {
            throw new CliException(
                    "the answer from " + where() + " is not JSON (" + r.mediaType() + ")",
                    "check that FULCRUM_URL points at the Fulcrum control plane itself");
        }
    }

    private CliException unreachable(IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SSLException)
            return new CliException(
                    "TLS with the control plane at " + where() + " failed: " + why,
                    "set FULCRUM_CA to a PEM file of the CA that signed the control plane's certificate"
                            + " (or `fulcrum ctl login --ca FILE`)",
                    e);
        if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException)
            return new CliException(
                    "cannot connect to the control plane at " + where() + " (" + why + ")",
                    "check FULCRUM_URL (or `fulcrum ctl login --url URL`) and that the control plane is running",
                    e);
        if (e instanceof HttpTimeoutException)
            return new CliException(
                    "the control plane at " + where() + " did not answer in time",
                    "check that it is running and its database answers (GET /q/health/ready)",
                    e);
        return new CliException(
                "cannot reach the control plane at " + where() + ": " + why,
                "check FULCRUM_URL (or `fulcrum ctl login --url URL`) and the network",
                e);
    }

    /** A path segment for a name, percent-encoded. */
    public static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code ?k=v&...} (encoded), or "" without parameters. */
    public static String query(List<Map.Entry<String, String>> params) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> p : params) {
            b.append(b.length() == 0 ? '?' : '&')
                    .append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
        }
        return b.toString();
    }
}
