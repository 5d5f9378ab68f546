package io.fulcrum.cli.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request to the control plane.
 *
 * @param path    the path with its encoded query, from the root ({@code /api/v1/directors?limit=1000})
 * @param headers request headers besides authentication, which the transport adds
 * @param body    the body, null for none
 */
public record Request(String method, String path, Map<String, String> headers, byte[] body) {
    public Request {
        headers = Map.copyOf(headers);
    }

    public static Request get(String path) {
        return new Request("GET", path, Map.of("Accept", "application/json"), null);
    }

    public Request header(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Request(method, path, h, body);
    }

    public static Request withBody(String method, String path, String contentType, String body) {
        return new Request(
                method,
                path,
                Map.of("Accept", "application/json", "Content-Type", contentType),
                body.getBytes(StandardCharsets.UTF_8));
    }

    public String bodyText() {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }
}
