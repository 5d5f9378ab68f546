package io.fulcrum.cli.settings;

import io.fulcrum.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How to reach the control plane: its URL, the bearer token (read from its file when one is named), and
 * the CA file to trust for https. {@link #toString} never shows the token.
 *
 * @param token the token, null for none (the control plane answers 401, whose message says what to set)
 * @param ca    a PEM file of the CA to trust, null for the JDK's trust store
 */
public record Settings(String url, String token, Path ca) {
    public static final String URL = "FULCRUM_URL";
    public static final String TOKEN = "FULCRUM_TOKEN";
    public static final String TOKEN_FILE = "FULCRUM_TOKEN_FILE";
    public static final String CA = "FULCRUM_CA";

    /**
     * The environment over the saved login, variable by variable: FULCRUM_URL over the saved URL;
     * FULCRUM_TOKEN, then FULCRUM_TOKEN_FILE, over the saved token or token file; FULCRUM_CA over the
     * saved CA.
     */
    public static Settings resolve(Map<String, String> env, SavedLogin saved) {
        String url = value(env, URL);
        if (url == null) url = saved.url();
        if (url == null)
            throw new CliException(
                    "no control plane is configured",
                    "set FULCRUM_URL (e.g. http://localhost:8080) and FULCRUM_TOKEN, or run `fulcrum ctl login --url URL`");
        String token = value(env, TOKEN);
        if (token == null && value(env, TOKEN_FILE) != null)
            token = readToken(Path.of(value(env, TOKEN_FILE)), TOKEN_FILE);
        if (token == null) token = saved.token();
        if (token == null && saved.tokenFile() != null)
            token = readToken(saved.tokenFile(), "the saved login's tokenFile");
        String ca = value(env, CA);
        Path caFile = ca != null ? Path.of(ca) : saved.ca();
        return new Settings(url, token, caFile);
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** The token in {@code file}: its first line, trimmed. */
    public static String readToken(Path file, String from) {
        try {
            String t = Files.readString(file).strip();
            if (t.isEmpty()) throw new IOException("it is empty");
            return t.lines().findFirst().orElseThrow().strip();
        } catch (IOException e) {
            throw new CliException(
                    "cannot read the token file " + file + " (" + from + "): " + e.getMessage(),
                    "name a readable file holding an API token, or set FULCRUM_TOKEN",
                    e);
        }
    }

    @Override
    public String toString() {
        return "Settings[url=" + url + ", token=" + (token == null ? "none" : "(set)") + ", ca=" + ca + "]";
    }
}
