package io.fulcrum.wire.agent;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import io.fulcrum.api.agent.v1.DesiredState;
import io.fulcrum.api.agent.v1.Kind;
import io.fulcrum.api.agent.v1.Resource;
import io.fulcrum.api.agent.v1.ResourceKey;
import io.fulcrum.api.v1.VrrpAuthentication;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Director;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.Validator;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.wire.api.Resources;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The one place between the agent protocol's desired state (fulcrum.agent.v1) and the model: a
 * director's state is a set of resources keyed by {@link Key}, each the management API's message of
 * one director, VRRP group, virtual server (without its real servers) or real server ({@link
 * Resources} converts the bodies), a VRRP group with its password.
 */
public final class DesiredStates {
    private DesiredStates() {}

    /** A resource's identity; ordered by kind, then virtual server, then name (the digest's order). */
    public record Key(Kind kind, String virtualServer, String name) implements Comparable<Key> {
        public Key {
            virtualServer = virtualServer == null ? "" : virtualServer;
        }

        public static Key director(String name) {
            return new Key(Kind.DIRECTOR, "", name);
        }

        public static Key vrrpGroup(String name) {
            return new Key(Kind.VRRP_GROUP, "", name);
        }

        public static Key virtualServer(String name) {
            return new Key(Kind.VIRTUAL_SERVER, "", name);
        }

        public static Key realServer(String virtualServer, String name) {
            return new Key(Kind.REAL_SERVER, virtualServer, name);
        }

        @Override
        public int compareTo(Key o) {
            int c = Integer.compare(kind.getNumber(), o.kind.getNumber());
            if (c == 0) c = virtualServer.compareTo(o.virtualServer);
            return c != 0 ? c : name.compareTo(o.name);
        }

        /** As error messages name it: "virtual-server web", "real-server web/a". */
        @Override
        public String toString() {
            return label(kind) + " " + (virtualServer.isEmpty() ? name : virtualServer + "/" + name);
        }
    }

    private static String label(Kind kind) {
        return kind.name().toLowerCase().replace('_', '-');
    }

    // ------------------------------------------------------------------ encoding (control plane)

    public static Resource resource(Director d) {
        return Resource.newBuilder()
                .setKey(wire(Key.director(d.name())))
                .setDirector(Resources.message(d))
                .build();
    }

    /**
     * With the VRRP password in authentication.password, the field the management API takes as input
     * only: the agent needs it, and it travels only to the group's members on their stream.
     */
    public static Resource resource(VrrpGroup g) {
        io.fulcrum.api.v1.VrrpGroup.Builder m = Resources.message(g).toBuilder();
        if (g.authentication() != null && g.authentication().password() != null) {
            VrrpAuthentication.Builder a = m.getAuthenticationBuilder();
            a.setPassword(g.authentication().password().reveal());
        }
        return Resource.newBuilder()
                .setKey(wire(Key.vrrpGroup(g.name())))
                .setVrrpGroup(m)
                .build();
    }

    /** Without its real servers: each is a resource of its own. */
    public static Resource resource(VirtualServer v) {
        return Resource.newBuilder()
                .setKey(wire(Key.virtualServer(v.name())))
                .setVirtualServer(Resources.message(v, false))
                .build();
    }

    public static Resource resource(String virtualServer, RealServer r) {
        return Resource.newBuilder()
                .setKey(wire(Key.realServer(virtualServer, r.name())))
                .setRealServer(Resources.message(r))
                .build();
    }

    /** Every resource of a document, encoded. */
    public static SortedMap<Key, Resource> resources(ConfigDocument doc) {
        SortedMap<Key, Resource> out = new TreeMap<>();
        for (Director d : doc.directors()) out.put(Key.director(d.name()), resource(d));
        for (VrrpGroup g : doc.vrrpGroups()) out.put(Key.vrrpGroup(g.name()), resource(g));
        for (VirtualServer v : doc.virtualServers()) {
            out.put(Key.virtualServer(v.name()), resource(v));
            for (RealServer r : v.realServers()) out.put(Key.realServer(v.name(), r.name()), resource(v.name(), r));
        }
        return out;
    }

    public static ResourceKey wire(Key k) {
        return ResourceKey.newBuilder()
                .setKind(k.kind())
                .setName(k.name())
                .setVirtualServer(k.virtualServer())
                .build();
    }

    /** The body a resource carries (null: none). */
    public static Message body(Resource r) {
        return switch (r.getBodyCase()) {
            case DIRECTOR -> r.getDirector();
            case VRRP_GROUP -> r.getVrrpGroup();
            case VIRTUAL_SERVER -> r.getVirtualServer();
            case REAL_SERVER -> r.getRealServer();
            case BODY_NOT_SET -> null;
        };
    }

    /** The kind of resource a body is (KIND_UNSPECIFIED: none). */
    private static Kind bodyKind(Resource r) {
        return switch (r.getBodyCase()) {
            case DIRECTOR -> Kind.DIRECTOR;
            case VRRP_GROUP -> Kind.VRRP_GROUP;
            case VIRTUAL_SERVER -> Kind.VIRTUAL_SERVER;
            case REAL_SERVER -> Kind.REAL_SERVER;
            case BODY_NOT_SET -> Kind.KIND_UNSPECIFIED;
        };
    }

    /** The digest of a whole state: what DesiredState.digest carries. */
    public static String digest(SortedMap<Key, Resource> resources) {
        Digest d = new Digest();
        resources.forEach(d::add);
        return d.hex();
    }

    /**
     * An order-independent digest of a set of resources that can be updated one resource at a time:
     * the sum, modulo 2^256, of SHA-256(kind number, NUL, virtual server, NUL, name, NUL, body) over
     * the resources, where body is the deterministic protobuf serialization of the resource's body
     * message (map entries such as labels sorted by key, so that equal resources give equal bytes
     * whatever order their maps were filled in). The control plane keeps one per director and updates
     * it with each change instead of hashing the whole state again.
     */
    public static final class Digest {
        private static final BigInteger MOD = BigInteger.ONE.shiftLeft(256);
        private BigInteger sum = BigInteger.ZERO;

        public void add(Key k, Resource r) {
            add(hash(k, r));
        }

        public void remove(Key k, Resource r) {
            remove(hash(k, r));
        }

        /** Adds a resource by its {@link #hash}, computed once for all the digests that hold it. */
        public void add(BigInteger hash) {
            sum = sum.add(hash).mod(MOD);
        }

        /** Removes a resource by its {@link #hash}. */
        public void remove(BigInteger hash) {
            sum = sum.subtract(hash).mod(MOD);
        }

        /** 64 hex digits. */
        public String hex() {
            String h = sum.toString(16);
            return "0".repeat(64 - h.length()) + h;
        }

        /** What {@code r} at {@code k} adds to a digest: the same for every digest. */
        public static BigInteger hash(Key k, Resource r) {
            MessageDigest md;
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            md.update((k.kind().getNumber() + "\0" + k.virtualServer() + "\0" + k.name() + "\0")
                    .getBytes(StandardCharsets.UTF_8));
            Message body = body(r);
            if (body != null) {
                try {
                    CodedOutputStream out = CodedOutputStream.newInstance(new Into(md), 4096);
                    out.useDeterministicSerialization();
                    body.writeTo(out);
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e); // a digest does not fail
                }
            }
            return new BigInteger(1, md.digest());
        }

        /** The bytes written, hashed. */
        private static final class Into extends OutputStream {
            private final MessageDigest md;

            Into(MessageDigest md) {
                this.md = md;
            }

            @Override
            public void write(int b) {
                md.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                md.update(b, off, len);
            }
        }
    }

    // ------------------------------------------------------------------ decoding (agent)

    /** A key from the wire; refused when its kind or names are missing. */
    public static Key key(ResourceKey k) {
        if (k.getKind() == Kind.KIND_UNSPECIFIED || k.getKind() == Kind.UNRECOGNIZED) {
            throw new ValidationException("kind", "resource kind is missing or unknown (" + k.getKindValue() + ")");
        }
        if (k.getName().isEmpty()) throw new ValidationException("name", k.getKind() + " without a name");
        if (k.getKind() == Kind.REAL_SERVER && k.getVirtualServer().isEmpty()) {
            throw new ValidationException(
                    "virtualServer", "real server '" + k.getName() + "' without its virtual server");
        }
        return new Key(k.getKind(), k.getKind() == Kind.REAL_SERVER ? k.getVirtualServer() : "", k.getName());
    }

    /**
     * The state after {@code message}: a full snapshot replaces {@code held}, a delta puts and
     * removes on top of it. {@code held} is not changed. Only the keys are checked here; the bodies
     * are checked by {@link #document}.
     */
    public static SortedMap<Key, Resource> apply(SortedMap<Key, Resource> held, DesiredState message) {
        SortedMap<Key, Resource> next = message.getFull() ? new TreeMap<>() : new TreeMap<>(held);
        if (message.getFull() && message.getUnchanged()) next.putAll(held);
        for (ResourceKey k : message.getRemoveList()) next.remove(key(k));
        for (Resource r : message.getPutList()) next.put(key(r.getKey()), r);
        return Collections.unmodifiableSortedMap(next);
    }

    /** One error of a state, on the resource it concerns (key null: the state as a whole). */
    public record Location(Key key, String field) {}

    /** An error located: the resource, the JSON pointer of the field within it, and why. */
    public record Problem(Location at, String message) {}

    /**
     * A state refused by {@link #document}: each error on its resource ({@link #problems}). Its
     * {@link #errors()} name the same fields as "kind name/pointer" ("real-server web/a/weight"),
     * which {@link #locate} reads back.
     */
    public static final class Refused extends ValidationException {
        private final List<Problem> problems;

        Refused(List<Problem> problems) {
            super(problems.stream().map(DesiredStates::fieldError).toList());
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    private static FieldError fieldError(Problem p) {
        Location at = p.at();
        return new FieldError(at.key() == null ? at.field() : at.key() + at.field(), p.message());
    }

    /**
     * The configuration document the resources make up, checked as a whole (references, collisions,
     * secrets present).
     *
     * @throws Refused naming every error on its resource: a body that does not match its key (another
     *     kind, another name), a field a resource's own checks refuse (the pointer REST would give
     *     within it; a virtual server is checked with its real servers), and what the checks across
     *     resources refuse
     */
    public static ConfigDocument document(SortedMap<Key, Resource> resources, long revision) {
        List<Problem> problems = new ArrayList<>();
        List<Director> directors = new ArrayList<>();
        List<VrrpGroup> groups = new ArrayList<>();
        // each virtual server's body with its real servers (in key order), decoded together below
        Map<String, io.fulcrum.api.v1.VirtualServer.Builder> servers = new LinkedHashMap<>();
        Map<String, List<Key>> realServerKeys = new LinkedHashMap<>();
        for (var e : resources.entrySet()) {
            Key k = e.getKey();
            Resource r = e.getValue();
            if (!matches(k, r, problems)) continue;
            switch (k.kind()) {
                case DIRECTOR -> {
                    Director d = decode(k, problems, () -> Resources.director(r.getDirector()));
                    if (d != null) directors.add(d);
                }
                case VRRP_GROUP -> {
                    VrrpGroup g = decode(k, problems, () -> Resources.vrrpGroup(r.getVrrpGroup()));
                    if (g != null) groups.add(g);
                }
                case VIRTUAL_SERVER -> {
                    servers.put(k.name(), r.getVirtualServer().toBuilder().clearRealServers());
                    realServerKeys.put(k.name(), new ArrayList<>());
                }
                case REAL_SERVER -> {
                    var v = servers.get(k.virtualServer());
                    if (v == null) {
                        problems.add(
                                problem(k, "", "its virtual server '" + k.virtualServer() + "' is not in the state"));
                        continue;
                    }
                    v.addRealServers(r.getRealServer());
                    realServerKeys.get(k.virtualServer()).add(k);
                }
                default -> problems.add(problem(k, "", "unknown kind"));
            }
        }
        List<VirtualServer> virtualServers = new ArrayList<>();
        for (var e : servers.entrySet()) {
            List<Key> reals = realServerKeys.get(e.getKey());
            Key k = Key.virtualServer(e.getKey());
            VirtualServer v;
            try {
                v = Resources.virtualServer(e.getValue().build());
            } catch (ValidationException refused) {
                for (FieldError f : refused.errors())
                    problems.add(new Problem(withinServer(k, reals, f.field()), f.message()));
                continue;
            } catch (RuntimeException unreadable) {
                problems.add(problem(k, "", "cannot be read: " + unreadable.getMessage()));
                continue;
            }
            virtualServers.add(v);
        }
        if (!problems.isEmpty()) throw new Refused(problems);
        ConfigDocument doc = new ConfigDocument(revision, directors, groups, virtualServers);
        List<FieldError> across = new ArrayList<>();
        Validator.checkDocument(doc, true, across);
        if (across.isEmpty()) return doc;
        // the model names these by their place in the document: the resource at that place in the lists above
        List<Key> serverKeys = new ArrayList<>();
        for (String name : servers.keySet()) serverKeys.add(Key.virtualServer(name));
        Nth placed = (kind, vs, n) -> {
            List<Key> keys = switch (kind) {
                case DIRECTOR ->
                    directors.stream().map(d -> Key.director(d.name())).toList();
                case VRRP_GROUP ->
                    groups.stream().map(g -> Key.vrrpGroup(g.name())).toList();
                case VIRTUAL_SERVER -> serverKeys;
                default -> realServerKeys.getOrDefault(vs, List.of());
            };
            return n < keys.size() ? keys.get(n) : null;
        };
        for (FieldError f : across) problems.add(new Problem(locatePointer(f.field(), placed), f.message()));
        throw new Refused(problems);
    }

    /** The {@code n}th resource of {@code kind} in a document (of real servers: of virtual server {@code vs}), or null. */
    private interface Nth {
        Key at(Kind kind, String vs, int n);
    }

    /** Whether the body is of the key's kind and has the key's name; a problem when not. */
    private static boolean matches(Key k, Resource r, List<Problem> problems) {
        Kind body = bodyKind(r);
        if (body != k.kind()) {
            problems.add(problem(
                    k,
                    "",
                    body == Kind.KIND_UNSPECIFIED
                            ? "carries no body"
                            : "carries the body of a " + label(body) + ", not of a " + label(k.kind())));
            return false;
        }
        String name = switch (body) {
            case DIRECTOR -> r.getDirector().getName();
            case VRRP_GROUP -> r.getVrrpGroup().getName();
            case VIRTUAL_SERVER -> r.getVirtualServer().getName();
            default -> r.getRealServer().getName();
        };
        if (!name.equals(k.name())) {
            problems.add(problem(k, "/name", "does not match the resource key"));
            return false;
        }
        if (body == Kind.VIRTUAL_SERVER && r.getVirtualServer().getRealServersCount() > 0) {
            problems.add(problem(k, "/realServers", "must be empty: each real server is a resource of its own"));
            return false;
        }
        return true;
    }

    private static Problem problem(Key k, String field, String message) {
        return new Problem(new Location(k, field), message);
    }

    /** A resource's model, or null with its errors added (their pointers are within the resource). */
    private static <T> T decode(Key k, List<Problem> problems, Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (ValidationException refused) {
            for (FieldError f : refused.errors()) problems.add(problem(k, f.field(), f.message()));
        } catch (RuntimeException unreadable) { // a body the REST form cannot hold
            problems.add(problem(k, "", "cannot be read: " + unreadable.getMessage()));
        }
        return null;
    }

    /** A pointer within virtual server {@code k} decoded with {@code reals}: "/realServers/1/weight" is the second's. */
    private static Location withinServer(Key k, List<Key> reals, String field) {
        String prefix = "/realServers/";
        if (field.startsWith(prefix)) {
            String rest = field.substring(prefix.length());
            int slash = rest.indexOf('/');
            Integer i = index(slash < 0 ? rest : rest.substring(0, slash));
            if (i != null && i < reals.size())
                return new Location(reals.get(i), slash < 0 ? "" : rest.substring(slash));
        }
        return new Location(k, field);
    }

    /**
     * The resource that {@code field}, the field of an error about the document {@link
     * #document}{@code (resources, ...)} returned, points into, and the field within that resource.
     * Needed where the model names a field only by its place in the whole document and the caller has
     * only the resources: the agent's own checks of the document it runs (the director named, the scripts
     * of notify hooks; {@link #document}'s own checks across resources are located as it builds the
     * document). Knows the two forms of error fields: a JSON pointer into the document,
     * whose arrays are in key order ("/virtualServers/3/port", the fourth virtual server by name;
     * "/virtualServers/3/realServers/1/weight", its second real server), and a key's own name
     * ("virtual-server web/name", "real-server web/a": {@link Refused}'s form). Any other path (the
     * document as a whole, "/directors") gives a null key and the path unchanged.
     */
    public static Location locate(SortedMap<Key, ?> resources, String field) {
        if (field == null) return new Location(null, "");
        if (field.startsWith("/")) return locatePointer(field, (kind, vs, n) -> nth(resources, kind, vs, n));
        for (Kind kind : new Kind[] {Kind.DIRECTOR, Kind.VRRP_GROUP, Kind.VIRTUAL_SERVER, Kind.REAL_SERVER}) {
            String label = label(kind) + " ";
            if (!field.startsWith(label)) continue;
            String[] parts = field.substring(label.length()).split("/", -1);
            int used = kind == Kind.REAL_SERVER ? 2 : 1;
            if (parts.length < used || parts[0].isEmpty() || parts[used - 1].isEmpty()) break;
            Key k = kind == Kind.REAL_SERVER ? Key.realServer(parts[0], parts[1]) : new Key(kind, "", parts[0]);
            StringBuilder rest = new StringBuilder();
            for (int i = used; i < parts.length; i++) rest.append('/').append(parts[i]);
            return new Location(k, rest.toString());
        }
        return new Location(null, field);
    }

    /** A pointer into a document ("/virtualServers/3/realServers/1/weight"): the resource {@code nth} puts at that place. */
    private static Location locatePointer(String field, Nth nth) {
        if (!field.startsWith("/")) return new Location(null, field);
        String[] p = field.substring(1).split("/", -1);
        Kind kind = p.length < 2
                ? null
                : switch (p[0]) {
                    case "directors" -> Kind.DIRECTOR;
                    case "vrrpGroups" -> Kind.VRRP_GROUP;
                    case "virtualServers" -> Kind.VIRTUAL_SERVER;
                    default -> null;
                };
        Integer i = kind == null ? null : index(p[1]);
        Key k = i == null ? null : nth.at(kind, null, i);
        if (k == null) return new Location(null, field);
        int used = 2;
        if (kind == Kind.VIRTUAL_SERVER && p.length >= 4 && p[2].equals("realServers")) {
            Integer j = index(p[3]);
            Key r = j == null ? null : nth.at(Kind.REAL_SERVER, k.name(), j);
            if (r != null) {
                k = r;
                used = 4;
            }
        }
        StringBuilder rest = new StringBuilder();
        for (int x = used; x < p.length; x++) rest.append('/').append(p[x]);
        return new Location(k, rest.toString());
    }

    private static Integer index(String s) {
        return s.matches("\\d{1,9}") ? Integer.valueOf(s) : null;
    }

    /** The {@code n}th key of {@code kind} (of real servers: of virtual server {@code vs}), in key order. */
    private static Key nth(SortedMap<Key, ?> resources, Kind kind, String vs, int n) {
        int seen = 0;
        for (Key k : resources.keySet()) {
            if (k.kind() != kind || vs != null && !k.virtualServer().equals(vs)) continue;
            if (seen++ == n) return k;
        }
        return null;
    }
}
