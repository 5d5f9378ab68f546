package io.fulcrum.cli.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.cli.CliException;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.runtime.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code fulcrum ctl login} saved: the URL, the token or the path of a token file, the CA file. It is
 * one small YAML file ({@code url}, {@code token} or {@code tokenFile}, {@code ca}) readable by its owner
 * only, since it may hold a token.
 */
public record SavedLogin(String url, String token, Path tokenFile, Path ca) {
    public static final SavedLogin NONE = new SavedLogin(null, null, null, null);

    /** {@code $XDG_CONFIG_HOME/fulcrum/cli.yaml}, by default {@code ~/.config/fulcrum/cli.yaml}. */
    public static Path file(Map<String, String> env, Path home) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config");
        return config.resolve("fulcrum").resolve("cli.yaml");
    }

    /** The saved login, or {@link #NONE} when there is no file. */
    public static SavedLogin read(Path file) {
        if (!Files.exists(file)) return NONE;
        try {
            JsonNode n = DocumentCodec.YAML.readTree(Files.readString(file));
            if (n == null || !n.isObject()) throw new IOException("not a YAML mapping");
            return new SavedLogin(text(n, "url"), text(n, "token"), path(n, "tokenFile"), path(n, "ca"));
        } catch (IOException | RuntimeException e) {
            throw new CliException(
                    "cannot read " + file + ": " + e.getMessage(),
                    "run `fulcrum ctl login` again, or delete the file and set FULCRUM_URL and FULCRUM_TOKEN",
                    e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    private static Path path(JsonNode n, String field) {
        String s = text(n, field);
        return s == null ? null : Path.of(s);
    }

    /** Writes the file (created owner-only before any byte is written), replacing it atomically. */
    public void write(Path file) throws IOException {
        ObjectNode n = DocumentCodec.JSON.createObjectNode();
        if (url != null) n.put("url", url);
        if (token != null) n.put("token", token);
        if (tokenFile != null) n.put("tokenFile", tokenFile.toString());
        if (ca != null) n.put("ca", ca.toString());
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) PrivateFiles.directory(dir); // a directory the user has is left as it is
        PrivateFiles.write(file, DocumentCodec.YAML.writeValueAsString(n));
    }

    @Override
    public String toString() {
        return "SavedLogin[url=" + url + ", token=" + (token == null ? "none" : "(set)") + ", tokenFile=" + tokenFile
                + ", ca=" + ca + "]";
    }
}
