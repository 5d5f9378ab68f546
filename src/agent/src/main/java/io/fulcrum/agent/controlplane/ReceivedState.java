package io.fulcrum.agent.controlplane;

import com.google.protobuf.InvalidProtocolBufferException;
import io.fulcrum.agent.run.Touched;
import io.fulcrum.api.agent.v1.DesiredState;
import io.fulcrum.api.agent.v1.Kind;
import io.fulcrum.api.agent.v1.Resource;
import io.fulcrum.api.agent.v1.ResourceKey;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Director;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.Validator;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.wire.agent.DesiredDocuments;
import io.fulcrum.wire.agent.DesiredStates;
import io.fulcrum.wire.agent.DesiredStates.Key;
import io.fulcrum.wire.api.Resources;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The desired state a stream received, kept up to date one resource at a time, so that a delta costs in
 * proportion to what it changes, not to the state: the resources (the base of the next delta), their
 * digest ({@link DesiredStates.Digest}, updated per resource), the model of every resource (a virtual
 * server decoded with its real servers, as {@link DesiredDocuments#document} decodes it; only what a delta
 * touches is decoded again), and what changed since the state last in force ({@link #commit}), which a
 * new stream goes back to ({@link #rollback}).
 *
 * <p>{@link #document} gives what {@link DesiredDocuments#document} gives for the same resources: when the
 * state before the delta was valid and the delta touches only virtual and real servers, only the touched
 * virtual servers are checked against the rest (their own checks, their service against every other,
 * their references; a VRRP group tracking one of them has the whole document checked); otherwise the
 * whole document is checked. Whatever is refused is refused by {@link DesiredDocuments#document} itself,
 * so the errors are its errors. Used by the client's thread only.
 */
final class ReceivedState {
    /**
     * Each resource as its bytes (the protobuf encoding): a third of the parsed message's memory; a resource
     * is parsed again only when it changes, and the whole state only to be saved in full or refused.
     */
    private final TreeMap<Key, byte[]> resources = new TreeMap<>();

    private final SortedMap<Key, byte[]> keys = Collections.unmodifiableSortedMap(resources);
    private final DesiredStates.Digest digest = new DesiredStates.Digest();
    /** Each key changed since the last commit, with its resource then (null: there was none). */
    private final Map<Key, byte[]> undo = new HashMap<>();
    /** A director or VRRP group changed since the last commit (or a full snapshot came): the loop takes all. */
    private boolean everythingSinceCommit = true;

    private long appliedRevision;
    private String appliedDigest = "";

    private final TreeMap<String, Director> directors = new TreeMap<>();
    private final TreeMap<String, VrrpGroup> groups = new TreeMap<>();
    private final Map<String, VirtualServer> virtualServers = new HashMap<>();
    /**
     * The same, in name order (the document's): an array kept sorted, so that each document is an array
     * copy, not a walk over 10,000 tree nodes.
     */
    private final List<VirtualServer> inOrder = new ArrayList<>();
    /** Validator.serviceKey of each virtual server: the names that have it. */
    private final Map<String, Set<String>> byService = new HashMap<>();
    /** Resources without a model (not decodable, not matching their key, a real server without its server). */
    private final Set<Key> broken = new HashSet<>();
    /** The directors or groups changed since the last check (the whole document is checked then). */
    private boolean othersChanged = true;
    /** Virtual servers changed since the last check. */
    private final Set<String> unchecked = new HashSet<>();
    /** The state at the last check was valid: a check of what changed since is enough. */
    private boolean checkedValid;

    /** What the resources are now (a copy: every resource parsed). */
    SortedMap<Key, Resource> resources() {
        SortedMap<Key, Resource> out = new TreeMap<>();
        resources.forEach((k, b) -> out.put(k, parse(b)));
        return out;
    }

    /** The keys of the resources now (a live, read-only view; its values are not for reading). */
    SortedMap<Key, ?> keys() {
        return keys;
    }

    String digest() {
        return digest.hex();
    }

    /** The state in force: revision 0 and no digest before the first commit. */
    long appliedRevision() {
        return appliedRevision;
    }

    String appliedDigest() {
        return appliedDigest;
    }

    /** The state in force with its resources (a copy: for the hello's tests and a full save). */
    AppliedState applied() {
        if (appliedRevision == 0) return AppliedState.NONE;
        TreeMap<Key, byte[]> copy = new TreeMap<>(resources);
        undo.forEach((k, before) -> {
            if (before == null) copy.remove(k);
            else copy.put(k, before);
        });
        SortedMap<Key, Resource> parsed = new TreeMap<>();
        copy.forEach((k, b) -> parsed.put(k, parse(b)));
        return new AppliedState(appliedRevision, appliedDigest, parsed);
    }

    /** Starts from {@code s} (a saved state), as in force. */
    void reset(AppliedState s) {
        Map<Key, Resource> target = s.resources();
        for (Key k : new ArrayList<>(resources.keySet())) if (!target.containsKey(k)) remove(k);
        target.forEach((k, r) -> set(interned(k), r));
        undo.clear();
        everythingSinceCommit = true;
        appliedRevision = s.revision();
        appliedDigest = s.digest();
    }

    /**
     * Applies a message: a full snapshot replaces the resources, a delta puts and removes on top of them.
     *
     * @throws io.fulcrum.model.ValidationException when a key is not valid: then nothing changed
     */
    void apply(DesiredState message) {
        List<Key> removed = new ArrayList<>(message.getRemoveCount());
        for (ResourceKey k : message.getRemoveList()) removed.add(DesiredStates.key(k));
        List<Key> put = new ArrayList<>(message.getPutCount());
        for (Resource r : message.getPutList()) put.add(interned(DesiredStates.key(r.getKey())));
        if (message.getFull()) {
            everythingSinceCommit = true;
            if (!message.getUnchanged()) {
                Set<Key> kept = new HashSet<>(put);
                for (Key k : new ArrayList<>(resources.keySet())) if (!kept.contains(k)) remove(k);
            }
        }
        for (Key k : removed) remove(k);
        for (int i = 0; i < put.size(); i++) set(put.get(i), message.getPut(i));
    }

    /** The received state is now in force (ACKed): what changed since the last commit, for the journal. */
    Changes commit(long revision) {
        Changes c = changes();
        undo.clear();
        everythingSinceCommit = false;
        appliedRevision = revision;
        appliedDigest = digest.hex();
        return c;
    }

    /** Goes back to the state in force (a new stream builds on it). */
    void rollback() {
        for (Map.Entry<Key, byte[]> e : new ArrayList<>(undo.entrySet())) set(e.getKey(), e.getValue());
        undo.clear();
    }

    /** What changed from state {@code base} (the one in force before): the resources put and the keys removed, in key order. */
    record Changes(long base, List<Resource> put, List<Key> removed) {}

    private Changes changes() {
        List<Resource> put = new ArrayList<>();
        List<Key> removed = new ArrayList<>();
        for (Key k : new TreeSet<>(undo.keySet())) {
            byte[] now = resources.get(k);
            if (now != null) put.add(parse(now));
            else removed.add(k);
        }
        return new Changes(appliedRevision, put, removed);
    }

    /**
     * What the loop must take again since the state in force: every virtual server touched (as the last
     * {@link #document} made it), or all.
     */
    Touched touched() {
        if (everythingSinceCommit) return Touched.ALL;
        Set<String> names = new TreeSet<>();
        for (Key k : undo.keySet()) {
            if (k.kind() == Kind.REAL_SERVER) names.add(k.virtualServer());
            else if (k.kind() == Kind.VIRTUAL_SERVER) names.add(k.name());
            else return Touched.ALL;
        }
        List<VirtualServer> changed = new ArrayList<>();
        Set<String> removed = new HashSet<>();
        for (String n : names) {
            VirtualServer v = virtualServers.get(n);
            if (v != null) changed.add(v);
            else removed.add(n);
        }
        return Touched.of(appliedRevision, changed, removed);
    }

    /**
     * The document the resources make up, checked.
     *
     * @throws DesiredDocuments.Refused as {@link DesiredDocuments#document} refuses it
     */
    ConfigDocument document(long revision) {
        refresh();
        if (broken.isEmpty()) {
            ConfigDocument doc = new ConfigDocument(
                    revision, new ArrayList<>(directors.values()), new ArrayList<>(groups.values()), inOrder);
            boolean partly = checkedValid && !othersChanged;
            // a check of the changed ones that cannot tell (a group tracks one of them, ...) has the whole checked
            boolean ok = partly && changedAreValid() || wholeIsValid(doc);
            othersChanged = false;
            unchecked.clear();
            checkedValid = ok;
            if (ok) return doc;
        } else {
            checkedValid = false;
        }
        return DesiredDocuments.document(resources(), revision); // throws, naming every error as it names them
    }

    private static boolean wholeIsValid(ConfigDocument doc) {
        List<FieldError> errors = new ArrayList<>();
        Validator.checkDocument(doc, true, errors);
        return errors.isEmpty();
    }

    /** The virtual servers changed since the last check, against the rest (valid then, unchanged since). */
    private boolean changedAreValid() {
        Set<String> tracked = new HashSet<>();
        for (VrrpGroup g : groups.values())
            for (VrrpGroup.TrackVirtualServer t : g.trackVirtualServers()) tracked.add(t.virtualServer());
        List<FieldError> errors = new ArrayList<>();
        for (String name : unchecked) {
            if (tracked.contains(name)) return false; // the group's checks need the whole document
            VirtualServer v = virtualServers.get(name);
            if (v == null) continue;
            if (byService.get(Validator.serviceKey(v.service())).size() > 1) return false;
            VrrpGroup group = v.vrrpGroup() == null ? null : groups.get(v.vrrpGroup());
            boolean groupExists = v.vrrpGroup() == null || group != null;
            Validator.checkReferences(v, group, groupExists, directors.keySet(), "", errors);
            if (!errors.isEmpty()) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ one resource at a time

    /** Makes {@code k}'s resource {@code r} (null: none), keeping the digest and what to undo. */
    private void set(Key k, Resource r) {
        set(k, r == null ? null : r.toByteArray());
    }

    private void remove(Key k) {
        set(k, (byte[]) null);
    }

    private void set(Key k, byte[] r) {
        byte[] before = r == null ? resources.remove(k) : resources.put(k, r);
        if (before == null && r == null) return;
        if (Arrays.equals(before, r)) return;
        if (before != null) digest.remove(k, parse(before));
        if (r != null) digest.add(k, parse(r));
        if (!undo.containsKey(k)) undo.put(k, before);
        else if (Arrays.equals(undo.get(k), r)) undo.remove(k); // back to what is in force
        dirty(k);
    }

    private static Resource parse(byte[] b) {
        try {
            return Resource.parseFrom(b);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a resource this agent encoded does not parse", e);
        }
    }

    /** {@code k} with its names shared with every other key that has them (100,000 keys name 10,000 servers). */
    private static Key interned(Key k) {
        return new Key(k.kind(), k.virtualServer().intern(), k.name().intern());
    }

    /** Keys whose models are to be made again before the next document. */
    private final Set<Key> dirty = new HashSet<>();

    private void dirty(Key k) {
        dirty.add(k.kind() == Kind.REAL_SERVER ? Key.virtualServer(k.virtualServer()) : k);
    }

    /** Makes the models of what changed again. */
    private void refresh() {
        for (Key k : dirty) {
            switch (k.kind()) {
                case DIRECTOR -> {
                    othersChanged = true;
                    broken.remove(k);
                    directors.remove(k.name());
                    byte[] b = resources.get(k);
                    if (b == null) continue;
                    Resource r = parse(b);
                    Director d = decode(k, r, () -> Resources.director(r.getDirector()));
                    if (d != null) directors.put(k.name(), d);
                }
                case VRRP_GROUP -> {
                    othersChanged = true;
                    broken.remove(k);
                    groups.remove(k.name());
                    byte[] b = resources.get(k);
                    if (b == null) continue;
                    Resource r = parse(b);
                    VrrpGroup g = decode(k, r, () -> Resources.vrrpGroup(r.getVrrpGroup()));
                    if (g != null) groups.put(k.name(), g);
                }
                default -> refreshServer(k.name());
            }
        }
        dirty.clear();
    }

    /** A virtual server's model, decoded with its real servers (in key order) as DesiredDocuments.document does. */
    private void refreshServer(String name) {
        unchecked.add(name);
        Key k = Key.virtualServer(name);
        broken.remove(k);
        VirtualServer old = virtualServers.remove(name);
        if (old != null) inOrder.remove(place(name));
        if (old != null) {
            Set<String> owners = byService.get(Validator.serviceKey(old.service()));
            owners.remove(name);
            if (owners.isEmpty()) byService.remove(Validator.serviceKey(old.service()));
        }
        SortedMap<Key, byte[]> reals = resources.subMap(Key.realServer(name, ""), Key.realServer(name + "\0", ""));
        byte[] bytes = resources.get(k);
        if (bytes == null) {
            if (!reals.isEmpty()) broken.add(k); // real servers without their virtual server
            return;
        }
        Resource r = parse(bytes);
        if (!matches(k, r)) {
            broken.add(k);
            return;
        }
        var body = r.getVirtualServer().toBuilder().clearRealServers();
        for (Map.Entry<Key, byte[]> e : reals.entrySet()) {
            Resource real = parse(e.getValue());
            if (!matches(e.getKey(), real)) {
                broken.add(k);
                return;
            }
            body.addRealServers(real.getRealServer());
        }
        VirtualServer v = decode(k, r, () -> Resources.virtualServer(body.build()));
        if (v == null) return;
        virtualServers.put(name, v);
        inOrder.add(-place(name) - 1, v);
        byService
                .computeIfAbsent(Validator.serviceKey(v.service()), s -> new HashSet<>(2))
                .add(name);
    }

    /** Where {@code name} is in {@link #inOrder}, or (-(insertion point) - 1) when it is not there. */
    private int place(String name) {
        int lo = 0;
        int hi = inOrder.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = inOrder.get(mid).name().compareTo(name);
            if (c < 0) lo = mid + 1;
            else if (c > 0) hi = mid - 1;
            else return mid;
        }
        return -lo - 1;
    }

    /** As DesiredDocuments.document requires: the body of the key's kind, with the key's name, a server without reals. */
    private static boolean matches(Key k, Resource r) {
        return switch (r.getBodyCase()) {
            case DIRECTOR ->
                k.kind() == Kind.DIRECTOR && r.getDirector().getName().equals(k.name());
            case VRRP_GROUP ->
                k.kind() == Kind.VRRP_GROUP && r.getVrrpGroup().getName().equals(k.name());
            case VIRTUAL_SERVER ->
                k.kind() == Kind.VIRTUAL_SERVER
                        && r.getVirtualServer().getName().equals(k.name())
                        && r.getVirtualServer().getRealServersCount() == 0;
            case REAL_SERVER ->
                k.kind() == Kind.REAL_SERVER && r.getRealServer().getName().equals(k.name());
            case BODY_NOT_SET -> false;
        };
    }

    private <T> T decode(Key k, Resource r, Supplier<T> decoder) {
        if (!matches(k, r)) {
            broken.add(k);
            return null;
        }
        try {
            return decoder.get();
        } catch (RuntimeException refused) { // ValidationException or unreadable: DesiredDocuments.document names it
            broken.add(k);
            return null;
        }
    }
}
