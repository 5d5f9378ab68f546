package io.fulcrum.agent.realserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.agent.realserver.HostNetwork.HostAddress;
import io.fulcrum.agent.realserver.RealServerRole.AddedAddress;
import io.fulcrum.agent.realserver.RealServerRole.BroughtUp;
import io.fulcrum.agent.realserver.RealServerRole.Change;
import io.fulcrum.agent.realserver.RealServerRole.CreatedLink;
import io.fulcrum.agent.realserver.RealServerRole.SetSysctl;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.codec.DocumentCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The real-server role's change record in {@code real-server-changes.json} in the agent's state
 * directory, rewritten atomically (rename) after every change, and deleted once nothing is left to undo.
 */
public final class FileChangeJournal implements ChangeJournal {
    static final String FILE = "real-server-changes.json";

    private final Path file;

    public FileChangeJournal(Path stateDir) {
        this.file = stateDir.resolve(FILE);
    }

    @Override
    public List<Change> load() {
        if (!Files.exists(file)) return List.of();
        try {
            List<Change> changes = new ArrayList<>();
            JsonNode root = DocumentCodec.JSON.readTree(file.toFile());
            if (root == null || !root.isArray()) throw new IllegalArgumentException("not a JSON array");
            for (JsonNode n : root) changes.add(change(n));
            return changes;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    file + " is not a record of real-server changes (" + e.getMessage()
                            + "); undo them by hand and remove the file",
                    e);
        }
    }

    @Override
    public void save(List<Change> changes) {
        try {
            if (changes.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            ArrayNode a = DocumentCodec.JSON.createArrayNode();
            for (Change c : changes) a.add(json(c));
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.writeString(tmp, a.toPrettyString());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static ObjectNode json(Change c) {
        ObjectNode o = DocumentCodec.JSON.createObjectNode();
        if (c instanceof CreatedLink l) o.put("change", "created-link").put("device", l.device());
        else if (c instanceof BroughtUp u) o.put("change", "brought-up").put("device", u.device());
        else if (c instanceof SetSysctl s)
            o.put("change", "set-sysctl")
                    .put("key", s.key())
                    .put("previous", s.previous())
                    .put("value", s.value());
        else if (c instanceof AddedAddress a)
            o.put("change", "added-address")
                    .put("device", a.device())
                    .put("address", Addresses.format(a.address().address()))
                    .put("prefixLength", a.address().prefixLength());
        return o;
    }

    private static Change change(JsonNode n) {
        String kind = text(n, "change");
        return switch (kind) {
            case "created-link" -> new CreatedLink(text(n, "device"));
            case "brought-up" -> new BroughtUp(text(n, "device"));
            case "set-sysctl" -> new SetSysctl(text(n, "key"), text(n, "previous"), text(n, "value"));
            case "added-address" ->
                new AddedAddress(
                        text(n, "device"),
                        new HostAddress(
                                Addresses.parse(text(n, "address"))
                                        .orElseThrow(
                                                () -> new IllegalArgumentException("bad address " + n.get("address"))),
                                n.path("prefixLength").asInt(-1)));
            default -> throw new IllegalArgumentException("unknown change '" + kind + "'");
        };
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("a change without '" + field + "'");
        return v.asText();
    }
}
