package io.fulcrum.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.cli.CliException;
import io.fulcrum.model.codec.DocumentCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An error response of the control plane, read for a person: the problem (RFC 9457) as its title or
 * detail, one "field: message" line per invalid field, and what to do about its status.
 */
public final class ApiError extends CliException {
    private final int status;

    private ApiError(int status, String message, List<String> details, String hint) {
        super(message, details, hint);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The error of a response that is not 2xx; {@code hint} replaces the status's usual advice when not null. */
    public static ApiError of(Response r, String where, String hint) {
        JsonNode problem = problem(r);
        String title = problem == null ? null : text(problem, "title");
        String detail = problem == null ? null : text(problem, "detail");
        List<String> details = new ArrayList<>();
        boolean detailIsAnError = false; // the control plane's detail of one error is that error: said once
        if (problem != null && problem.path("errors").isArray()) {
            for (JsonNode e : problem.path("errors")) {
                String field = e.path("field").asText("");
                String text = e.path("message").asText("");
                details.add((field.isEmpty() ? "" : field + ": ") + text);
                if (detail != null && (detail.equals(field + ": " + text) || detail.equals(text)))
                    detailIsAnError = true;
            }
        }
        String message = r.status() + " " + (title != null ? title : reason(r.status()));
        if (detail != null && !detail.equals(title) && !detailIsAnError) message += ": " + detail;
        if (problem == null && r.body().length > 0 && r.mediaType().startsWith("text/"))
            message += ": " + firstLine(r.text());
        return new ApiError(r.status(), message, details, hint != null ? hint : advice(r.status(), where));
    }

    private static JsonNode problem(Response r) {
        if (!r.mediaType().endsWith("json") || r.body().length == 0) return null;
        try {
            JsonNode n = DocumentCodec.JSON.readTree(r.body());
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    private static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** What to do about an error status. */
    static String advice(int status, String where) {
        return switch (status) {
            case 400, 422 -> "fix what the lines above name, then run the command again";
            case 401 ->
                "the control plane at " + where + " did not accept the token: set FULCRUM_TOKEN (or"
                        + " FULCRUM_TOKEN_FILE) to a valid API token, or run `fulcrum ctl login`";
            case 403 -> "the token's role does not allow this: changes need an operator (or admin) token";
            case 404 -> "check the names: `fulcrum ctl list KIND` shows what exists";
            case 406, 415 ->
                "this client and the control plane disagree on the API: use the fulcrum-cli of the"
                        + " control plane's release";
            case 409 -> "the change conflicts with other resources (see above): change those first";
            case 412 -> "it changed since it was read: run the command again";
            case 413 ->
                "the document is larger than the control plane accepts (its fulcrum.max-document-size):"
                        + " split it with --selector, or raise the limit";
            default -> status >= 500 ? "the control plane failed: its log at " + where + " says why" : null;
        };
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 412 -> "Precondition Failed";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "HTTP error";
        };
    }
}
