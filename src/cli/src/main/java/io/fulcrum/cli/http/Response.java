package io.fulcrum.cli.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One response: its status, headers (looked up ignoring case) and body.
 */
public record Response(int status, Map<String, String> headers, byte[] body) {
    public Response {
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        headers = h;
        body = body == null ? new byte[0] : body;
    }

    public static Response of(int status, String contentType, String body) {
        return new Response(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }

    /** The header's value, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The media type without parameters, lower case; "" when absent. */
    public String mediaType() {
        String t = header("Content-Type");
        if (t == null) return "";
        int semi = t.indexOf(';');
        return (semi < 0 ? t : t.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }
}
