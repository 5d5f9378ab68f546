package io.fulcrum.agent.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.api.agent.v1.Kind;
import io.fulcrum.api.agent.v1.ResourceKey;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.wire.agent.DesiredStates;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The last desired state the agent applied from the control plane, in {@code STATE_DIR/desired-state.json}:
 * its revision, digest and resources (each resource's JSON as the control plane sent it, so that the
 * digest can be checked and the next stream can build on it). Written atomically (a temporary file,
 * flushed, then renamed), readable by its owner only: it holds VRRP passwords. Read at start so that
 * the agent enforces it while the control plane is unreachable.
 */
public final class AppliedStateStore {
    public static final String FILE = "desired-state.json";

    private final Path file;

    public AppliedStateStore(Path stateDir) {
        this.file = stateDir.resolve(FILE);
    }

    public Path file() {
        return file;
    }

    /** A file that cannot be used; the message says why. */
    public static final class CorruptStateException extends Exception {
        CorruptStateException(String message) {
            super(message);
        }
    }

    /** The saved state; empty when there is none. */
    public Optional<AppliedState> load() throws CorruptStateException {
        if (!Files.exists(file)) return Optional.empty();
        JsonNode root;
        try {
            root = DocumentCodec.JSON.readTree(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw new CorruptStateException(file + " is not readable JSON (" + e.getMessage() + ")");
        }
        try {
            long revision = root.path("revision").asLong(-1);
            String digest = root.path("digest").asText("");
            JsonNode list = root.path("resources");
            if (revision < 1 || !digest.matches("[0-9a-f]{64}") || !list.isArray()) {
                throw new CorruptStateException(file + " lacks a revision, a digest or its resources");
            }
            SortedMap<DesiredStates.Key, String> resources = new TreeMap<>();
            for (JsonNode r : list) {
                Kind kind = Kind.valueOf(r.path("kind").asText());
                DesiredStates.Key k = DesiredStates.key(ResourceKey.newBuilder()
                        .setKind(kind)
                        .setVirtualServer(r.path("virtualServer").asText(""))
                        .setName(r.path("name").asText(""))
                        .build());
                if (!r.path("json").isTextual()
                        || resources.put(k, r.get("json").asText()) != null) {
                    throw new CorruptStateException(
                            file + ": resource " + k + " is missing its JSON or is listed twice");
                }
            }
            if (!DesiredStates.digest(resources).equals(digest)) {
                throw new CorruptStateException(
                        file + ": its resources do not match its digest (changed or truncated)");
            }
            return Optional.of(new AppliedState(revision, digest, resources));
        } catch (RuntimeException e) { // an unknown kind, a key without a name
            throw new CorruptStateException(file + " holds a resource that is not valid (" + e.getMessage() + ")");
        }
    }

    public void save(AppliedState s) throws IOException {
        ObjectNode root = DocumentCodec.JSON
                .createObjectNode()
                .put("revision", s.revision())
                .put("digest", s.digest())
                .put("savedAt", Instant.now().toString());
        ArrayNode list = root.putArray("resources");
        s.resources()
                .forEach((k, json) -> list.addObject()
                        .put("kind", k.kind().name())
                        .put("virtualServer", k.virtualServer())
                        .put("name", k.name())
                        .put("json", json));
        byte[] bytes = root.toPrettyString().getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel ch = create(tmp)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static FileChannel create(Path p) throws IOException {
        try {
            return FileChannel.open(
                    p,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            return FileChannel.open(
                    p, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        }
    }
}
