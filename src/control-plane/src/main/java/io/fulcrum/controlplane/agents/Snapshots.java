package io.fulcrum.controlplane.agents;

import io.fulcrum.api.agent.v1.Kind;
import io.fulcrum.api.agent.v1.Resource;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.wire.agent.DesiredStates;
import io.fulcrum.wire.agent.DesiredStates.Key;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Which resources a director gets, and what changed for it between two models: pure decisions, no
 * I/O. A director gets the virtual servers of the VRRP groups it is a member of and those that name
 * it, those groups, and every director these name (so that the agent can check references).
 */
public final class Snapshots {
    private Snapshots() {}

    /** The names a director's state is made of. */
    public record Selection(Set<String> directors, Set<String> groups, Set<String> virtualServers) {
        public boolean isEmpty() {
            return directors.isEmpty();
        }
    }

    public static Selection select(DesiredModel m, String director) {
        if (!m.directors().containsKey(director)) return new Selection(Set.of(), Set.of(), Set.of());
        Set<String> groups = new TreeSet<>();
        Set<String> directors = new TreeSet<>();
        directors.add(director);
        for (var g : m.groups().values()) {
            if (g.value().hasMember(director)) {
                groups.add(g.value().name());
                for (VrrpGroup.Member mem : g.value().members()) directors.add(mem.director());
            }
        }
        Set<String> servers = new TreeSet<>();
        for (var s : m.virtualServers().values()) {
            VirtualServer v = s.value();
            if (v.vrrpGroup() != null
                    ? groups.contains(v.vrrpGroup())
                    : v.directors().contains(director)) {
                servers.add(v.name());
                directors.addAll(v.directors());
            }
        }
        directors.retainAll(m.directors().keySet());
        return new Selection(directors, groups, servers);
    }

    /** What one director holds: its resources by key, and the model entries they came from. */
    public static final class Held {
        final SortedMap<Key, Resource> resources = new TreeMap<>();
        final Map<String, DesiredModel.Server> servers = new HashMap<>();
        final DesiredStates.Digest digest = new DesiredStates.Digest();

        public SortedMap<Key, Resource> resources() {
            return resources;
        }

        public String digest() {
            return digest.hex();
        }
    }

    /** A change to send: resources put (new or changed) and removed. Empty when nothing changed. */
    public record Delta(List<Map.Entry<Key, Resource>> put, List<Key> remove) {
        public boolean isEmpty() {
            return put.isEmpty() && remove.isEmpty();
        }
    }

    /**
     * Each resource's digest hash ({@link DesiredStates.Digest#hash}), computed once however many
     * directors' digests take it: the directors a change goes to hold the same resource objects (the
     * model's), so one push's hashes are shared among them. Keep one for one push only.
     */
    public static final class Hashes {
        private final Map<Resource, Map.Entry<Key, BigInteger>> known = new IdentityHashMap<>();

        BigInteger of(Key k, Resource r) {
            Map.Entry<Key, BigInteger> e = known.get(r);
            if (e != null && e.getKey().equals(k)) return e.getValue();
            BigInteger h = DesiredStates.Digest.hash(k, r);
            known.put(r, Map.entry(k, h));
            return h;
        }
    }

    /** {@link #advance(Held, DesiredModel, Selection, Hashes)} with hashes of its own. */
    public static Delta advance(Held held, DesiredModel m, Selection sel) {
        return advance(held, m, sel, new Hashes());
    }

    /**
     * Moves {@code held} to the director's state in {@code m} and returns the change. Unchanged
     * virtual servers are skipped by identity, so the work is proportional to what changed (and to
     * the number of virtual servers the director has, for the identity checks).
     */
    public static Delta advance(Held held, DesiredModel m, Selection sel, Hashes hashes) {
        List<Map.Entry<Key, Resource>> put = new ArrayList<>();
        List<Key> remove = new ArrayList<>();
        // directors and groups are few: compare them all
        syncFlat(held, Kind.DIRECTOR, sel.directors(), n -> m.directors().get(n).resource(), hashes, put, remove);
        syncFlat(held, Kind.VRRP_GROUP, sel.groups(), n -> m.groups().get(n).resource(), hashes, put, remove);
        for (String name : sel.virtualServers()) {
            DesiredModel.Server now = m.virtualServers().get(name);
            DesiredModel.Server before = held.servers.put(name, now);
            if (before != now) putServer(held, name, now, before, hashes, put, remove);
        }
        for (var it = held.servers.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (sel.virtualServers().contains(e.getKey())) continue;
            it.remove();
            dropServer(held, e.getKey(), e.getValue(), hashes, remove);
        }
        return new Delta(put, remove);
    }

    /**
     * {@link #advance} when only the virtual servers {@code changed} differ from the model
     * {@code held} was last advanced to, and no director or VRRP group changed: the work is
     * proportional to {@code changed} alone. Null when a changed virtual server names a director
     * this director's state lacks (the selection itself changes): use {@link #advance} then.
     */
    public static Delta advanceServers(Held held, DesiredModel m, String director, Set<String> changed) {
        return advanceServers(held, m, director, changed, new Hashes());
    }

    /** {@link #advanceServers(Held, DesiredModel, String, Set)}, sharing {@code hashes} with the other directors. */
    public static Delta advanceServers(Held held, DesiredModel m, String director, Set<String> changed, Hashes hashes) {
        // decided before anything changes: held must stay as it was for advance() to take over
        for (String name : changed) {
            DesiredModel.Server now = m.virtualServers().get(name);
            if (now == null
                    || !served(held, now.value(), director)
                    || now.value().vrrpGroup() != null) continue;
            for (String d : now.value().directors()) {
                if (m.directors().containsKey(d) && !held.resources.containsKey(Key.director(d))) return null;
            }
        }
        List<Map.Entry<Key, Resource>> put = new ArrayList<>();
        List<Key> remove = new ArrayList<>();
        for (String name : changed) {
            DesiredModel.Server now = m.virtualServers().get(name);
            boolean served = now != null && served(held, now.value(), director);
            DesiredModel.Server before = served ? held.servers.put(name, now) : held.servers.remove(name);
            if (served) putServer(held, name, now, before, hashes, put, remove);
            else if (before != null) dropServer(held, name, before, hashes, remove);
        }
        return new Delta(put, remove);
    }

    /**
     * The directors that serve any of the virtual servers {@code changed} in {@code before} or in
     * {@code now} (its VRRP group's members, or its directors): when only those virtual servers
     * changed, {@link #advanceServers} changes nothing for any other director advanced to
     * {@code before}, so a push need not visit them.
     */
    public static Set<String> serving(DesiredModel before, DesiredModel now, Set<String> changed) {
        Set<String> out = new HashSet<>();
        for (String name : changed) {
            for (DesiredModel m : List.of(before, now)) {
                DesiredModel.Server s = m.virtualServers().get(name);
                if (s == null) continue;
                VirtualServer v = s.value();
                if (v.vrrpGroup() == null) {
                    out.addAll(v.directors());
                    continue;
                }
                DesiredModel.Entry<VrrpGroup> g = m.groups().get(v.vrrpGroup());
                if (g != null) for (VrrpGroup.Member mem : g.value().members()) out.add(mem.director());
            }
        }
        return out;
    }

    /** Whether {@code director}, holding {@code held}, serves {@code v} (its groups are the ones it holds). */
    private static boolean served(Held held, VirtualServer v, String director) {
        return v.vrrpGroup() != null
                ? held.resources.containsKey(Key.vrrpGroup(v.vrrpGroup()))
                : v.directors().contains(director);
    }

    /** A virtual server the director keeps or gains: it and its real servers, and the real servers it lost. */
    private static void putServer(
            Held held,
            String name,
            DesiredModel.Server now,
            DesiredModel.Server before,
            Hashes hashes,
            List<Map.Entry<Key, Resource>> put,
            List<Key> remove) {
        set(held, Key.virtualServer(name), now.resource(), hashes, put);
        for (var r : now.realServers().entrySet())
            set(held, Key.realServer(name, r.getKey()), r.getValue(), hashes, put);
        if (before == null) return;
        for (String r : before.realServers().keySet()) {
            if (!now.realServers().containsKey(r)) unset(held, Key.realServer(name, r), hashes, remove);
        }
    }

    /** A virtual server the director no longer has: its real servers, then it. */
    private static void dropServer(
            Held held, String name, DesiredModel.Server before, Hashes hashes, List<Key> remove) {
        for (String r : before.realServers().keySet()) unset(held, Key.realServer(name, r), hashes, remove);
        unset(held, Key.virtualServer(name), hashes, remove);
    }

    private static void syncFlat(
            Held held,
            Kind kind,
            Set<String> names,
            Function<String, Resource> resource,
            Hashes hashes,
            List<Map.Entry<Key, Resource>> put,
            List<Key> remove) {
        for (String n : names) set(held, new Key(kind, "", n), resource.apply(n), hashes, put);
        List<Key> gone = new ArrayList<>();
        for (Key k : held.resources.keySet()) {
            if (k.kind().getNumber() > kind.getNumber()) break; // keys are ordered by kind
            if (k.kind() == kind && !names.contains(k.name())) gone.add(k);
        }
        for (Key k : gone) unset(held, k, hashes, remove);
    }

    private static void set(Held held, Key k, Resource r, Hashes hashes, List<Map.Entry<Key, Resource>> put) {
        Resource old = held.resources.put(k, r);
        if (r.equals(old)) return;
        if (old != null) held.digest.remove(hashes.of(k, old));
        held.digest.add(hashes.of(k, r));
        put.add(Map.entry(k, r));
    }

    private static void unset(Held held, Key k, Hashes hashes, List<Key> remove) {
        Resource old = held.resources.remove(k);
        if (old == null) return;
        held.digest.remove(hashes.of(k, old));
        remove.add(k);
    }
}
