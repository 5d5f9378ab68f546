package io.fulcrum.agent.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.fulcrum.api.agent.v1.DesiredState;
import io.fulcrum.api.agent.v1.Resource;
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
 * the time it was saved and, under "desiredState", a full DesiredState message in the protobuf JSON
 * mapping (revision, digest and every resource as the control plane sent it, so that the digest can be
 * checked and the next stream can build on it). Written atomically (a temporary file, flushed, then
 * renamed), readable by its owner only: it holds VRRP passwords. Read at start so that the agent
 * enforces it while the control plane is unreachable. A file of an older agent (each resource's JSON
 * text under "resources") is refused with a message saying so: the control plane sends the state again.
 */
public final class AppliedStateStore {
    public static final String FILE = "desired-state.json";
    private static final String STATE = "desiredState";

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
        if (root != null && !root.has(STATE) && root.path("resources").isArray()) {
            throw new CorruptStateException(file + " is in the format of an older agent (each resource as JSON text,"
                    + " before the typed agent protocol); the control plane sends the state again");
        }
        DesiredState saved;
        try {
            JsonNode state = root == null ? null : root.get(STATE);
            if (state == null || !state.isObject())
                throw new CorruptStateException(file + " lacks a revision, a digest or its resources");
            DesiredState.Builder b = DesiredState.newBuilder();
            JsonFormat.parser().merge(state.toString(), b);
            saved = b.build();
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new CorruptStateException(file + " holds a resource that is not valid (" + e.getMessage() + ")");
        }
        long revision = saved.getRevision();
        String digest = saved.getDigest();
        if (revision < 1 || !digest.matches("[0-9a-f]{64}") || !saved.getFull()) {
            throw new CorruptStateException(file + " lacks a revision, a digest or its resources");
        }
        SortedMap<DesiredStates.Key, Resource> resources;
        try {
            resources = DesiredStates.apply(new TreeMap<>(), saved);
        } catch (RuntimeException e) { // a key without a kind or a name
            throw new CorruptStateException(file + " holds a resource that is not valid (" + e.getMessage() + ")");
        }
        if (resources.size() != saved.getPutCount()) {
            throw new CorruptStateException(file + ": a resource is listed twice");
        }
        if (!DesiredStates.digest(resources).equals(digest)) {
            throw new CorruptStateException(file + ": its resources do not match its digest (changed or truncated)");
        }
        return Optional.of(new AppliedState(revision, digest, resources));
    }

    public void save(AppliedState s) throws IOException {
        DesiredState.Builder state = DesiredState.newBuilder()
                .setRevision(s.revision())
                .setFull(true)
                .setDigest(s.digest());
        state.addAllPut(s.resources().values());
        String json = "{\n  \"savedAt\": \"" + Instant.now() + "\",\n  \"" + STATE + "\": "
                + JsonFormat.printer().print(state).replace("\n", "\n  ") + "\n}\n";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
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
