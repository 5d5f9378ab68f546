package io.fulcrum.agent.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.fulcrum.api.agent.v1.DesiredState;
import io.fulcrum.api.agent.v1.Resource;
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
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The last desired state the agent applied from the control plane, in {@code STATE_DIR/desired-state.json}:
 * the time it was saved and, under "desiredState", a full DesiredState message in the protobuf JSON
 * mapping (revision, digest and every resource as the control plane sent it, so that the digest can be
 * checked and the next stream can build on it). Written atomically (a temporary file, flushed, then
 * renamed), readable by its owner only: it holds VRRP passwords. Read at start so that the agent
 * enforces it while the control plane is unreachable. A file of an older agent (each resource's JSON
 * text under "resources") is refused with a message saying so: the control plane sends the state again.
 *
 * <p>Each state applied after a full save is {@link #append appended} to {@code desired-state.journal}
 * beside it (same mode) as one line: the DesiredState delta from the state before (revision, digest, what
 * was put and removed) in the protobuf JSON mapping, flushed, so that saving costs what changed, not the
 * whole state. Once the journal would be larger than the file (and than {@link #JOURNAL_MIN} bytes),
 * the state is saved in full again and the journal removed: saving costs, on average, in proportion to
 * what changed, and reading never has more than the file's size of records to apply. Reading applies the journal's records in order, each checked against its digest: a record
 * that cannot be read or does not match (the last one, torn by a crash) ends the journal there.
 */
public final class AppliedStateStore {
    public static final String FILE = "desired-state.json";
    public static final String JOURNAL = "desired-state.journal";
    /** The journal's size below which it is not folded into the file, however small the file. */
    static final long JOURNAL_MIN = 1 << 20;

    private static final String STATE = "desiredState";
    private static final JsonFormat.Printer LINE = JsonFormat.printer().omittingInsignificantWhitespace();

    private final Path file;
    private final Path journal;
    /** Records in the journal after the file (-1: not known to this object; the next append saves in full). */
    private int journaled = -1;
    /** The file's size and the journal's, as far as this object knows. */
    private long fileBytes;

    private long journalBytes;
    /** The revision the file and its journal hold, as far as this object knows (0: none). */
    private long head;

    private final int compactAfter;

    public AppliedStateStore(Path stateDir) {
        this(stateDir, Integer.MAX_VALUE);
    }

    /** With the journal folded into the file after {@code compactAfter} records at most. */
    AppliedStateStore(Path stateDir, int compactAfter) {
        this.file = stateDir.resolve(FILE);
        this.journal = stateDir.resolve(JOURNAL);
        this.compactAfter = compactAfter;
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
        DesiredStates.Digest sum = new DesiredStates.Digest();
        resources.forEach(sum::add);
        if (!sum.hex().equals(digest)) {
            throw new CorruptStateException(file + ": its resources do not match its digest (changed or truncated)");
        }
        TreeMap<DesiredStates.Key, Resource> state = new TreeMap<>(resources);
        int applied = 0;
        boolean whole = true;
        if (Files.exists(journal)) {
            List<String> lines;
            try {
                lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) { // not UTF-8: torn in a character
                lines = List.of();
                whole = false;
            }
            for (String line : lines) {
                DesiredState d = record(line);
                if (d == null || d.getRevision() > revision && !replay(d, state, sum)) {
                    whole = false; // torn or not this file's: the records after it cannot build on it
                    break;
                }
                if (d.getRevision() > revision) {
                    revision = d.getRevision();
                    digest = d.getDigest();
                    applied++;
                }
            }
        }
        journaled = whole ? applied : -1;
        head = revision;
        try {
            fileBytes = Files.size(file);
            journalBytes = Files.exists(journal) ? Files.size(journal) : 0;
        } catch (IOException e) {
            journaled = -1;
        }
        return Optional.of(new AppliedState(revision, digest, state));
    }

    /** A journal line's record, or null when it is not one. */
    private static DesiredState record(String line) {
        try {
            DesiredState.Builder b = DesiredState.newBuilder();
            JsonFormat.parser().merge(line, b);
            DesiredState d = b.build();
            return d.getFull() || d.getRevision() < 1 ? null : d;
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return null;
        }
    }

    /** Applies a record to {@code state} and {@code sum} when it gives the digest it names; false (nothing changed) when not. */
    private static boolean replay(
            DesiredState d, TreeMap<DesiredStates.Key, Resource> state, DesiredStates.Digest sum) {
        Set<DesiredStates.Key> removed = new LinkedHashSet<>();
        TreeMap<DesiredStates.Key, Resource> put = new TreeMap<>();
        try {
            for (ResourceKey k : d.getRemoveList()) removed.add(DesiredStates.key(k));
            for (Resource r : d.getPutList()) put.put(DesiredStates.key(r.getKey()), r);
        } catch (RuntimeException e) {
            return false;
        }
        Map<DesiredStates.Key, Resource> before = new HashMap<>(); // what the record replaces
        for (DesiredStates.Key k : removed) if (state.containsKey(k)) before.put(k, state.get(k));
        for (DesiredStates.Key k : put.keySet()) if (state.containsKey(k)) before.put(k, state.get(k));
        before.forEach(sum::remove);
        put.forEach(sum::add);
        if (!sum.hex().equals(d.getDigest())) {
            put.forEach(sum::remove);
            before.forEach(sum::add);
            return false;
        }
        removed.forEach(state::remove);
        state.putAll(put);
        return true;
    }

    /**
     * Saves state {@code revision} (digest {@code digest}): {@code put} and {@code removed} are what changed
     * from state {@code base}, appended to the journal when {@code base} is the state saved last. Saves
     * {@code whole} in full instead when the journal is long enough, or {@code base} is not what this store
     * saved or read last.
     */
    public void append(
            long base,
            long revision,
            String digest,
            List<Resource> put,
            List<DesiredStates.Key> removed,
            Supplier<AppliedState> whole)
            throws IOException {
        if (journaled < 0 || journaled >= compactAfter || base != head) {
            save(whole.get());
            return;
        }
        DesiredState.Builder d = DesiredState.newBuilder()
                .setRevision(revision)
                .setDigest(digest)
                .addAllPut(put);
        for (DesiredStates.Key k : removed) d.addRemove(DesiredStates.wire(k));
        byte[] line = (LINE.print(d) + "\n").getBytes(StandardCharsets.UTF_8);
        if (journalBytes + line.length > Math.max(fileBytes, JOURNAL_MIN)) {
            save(whole.get());
            return;
        }
        try (FileChannel ch = open(journal, StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            journaled = -1; // a record may be half written: the next one saves in full
            throw e;
        }
        journaled++;
        journalBytes += line.length;
        head = revision;
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
        journaled = -1;
        Files.deleteIfExists(journal); // its records are in the file now (a crash before: they are older, skipped)
        journaled = 0;
        fileBytes = bytes.length;
        journalBytes = 0;
        head = s.revision();
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

    /** {@code p} opened to write with {@code mode}, created readable by its owner only when it is not there. */
    private static FileChannel open(Path p, StandardOpenOption mode) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
        try {
            return FileChannel.open(
                    p, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return FileChannel.open(p, options);
        }
    }
}
