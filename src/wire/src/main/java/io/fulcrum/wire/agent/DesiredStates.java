package io.fulcrum.wire.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.api.agent.v1.DesiredState;
import io.fulcrum.api.agent.v1.Kind;
import io.fulcrum.api.agent.v1.Resource;
import io.fulcrum.api.agent.v1.ResourceKey;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Director;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The one place between the agent protocol's desired state (fulcrum.agent.v1) and the model: a
 * director's state is a set of resources, each the configuration document's JSON of one director,
 * VRRP group, virtual server (without its real servers) or real server, keyed by {@link Key}.
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
            String k = kind.name().toLowerCase().replace('_', '-');
            return k + " " + (virtualServer.isEmpty() ? name : virtualServer + "/" + name);
        }
    }

    // ------------------------------------------------------------------ encoding (control plane)

    public static String json(Director d) {
        return DocumentCodec.encode(d).toString();
    }

    /** With the VRRP password: the agent needs it, and this travels only to the group's members over TLS. */
    public static String json(VrrpGroup g) {
        ObjectNode o = DocumentCodec.encode(g, false);
        if (g.authentication() != null && g.authentication().password() != null) {
            ((ObjectNode) o.get("authentication"))
                    .put("password", g.authentication().password().reveal());
        }
        return o.toString();
    }

    public static String json(VirtualServer v) {
        return DocumentCodec.encode(v, false).toString();
    }

    public static String json(RealServer r) {
        return DocumentCodec.encode(r).toString();
    }

    /** Every resource of a document, encoded. */
    public static SortedMap<Key, String> resources(ConfigDocument doc) {
        SortedMap<Key, String> out = new TreeMap<>();
        for (Director d : doc.directors()) out.put(Key.director(d.name()), json(d));
        for (VrrpGroup g : doc.vrrpGroups()) out.put(Key.vrrpGroup(g.name()), json(g));
        for (VirtualServer v : doc.virtualServers()) {
            out.put(Key.virtualServer(v.name()), json(v));
            for (RealServer r : v.realServers()) out.put(Key.realServer(v.name(), r.name()), json(r));
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

    public static Resource wire(Key k, String json) {
        return Resource.newBuilder().setKey(wire(k)).setJson(json).build();
    }

    /** The digest of a whole state: what DesiredState.digest carries. */
    public static String digest(SortedMap<Key, String> resources) {
        Digest d = new Digest();
        resources.forEach(d::add);
        return d.hex();
    }

    /**
     * An order-independent digest of a set of resources that can be updated one resource at a time:
     * the sum, modulo 2^256, of SHA-256(kind, virtual server, name, json) over the resources. The
     * control plane keeps one per director and updates it with each change instead of hashing the
     * whole state again.
     */
    public static final class Digest {
        private static final BigInteger MOD = BigInteger.ONE.shiftLeft(256);
        private BigInteger sum = BigInteger.ZERO;

        public void add(Key k, String json) {
            sum = sum.add(hash(k, json)).mod(MOD);
        }

        public void remove(Key k, String json) {
            sum = sum.subtract(hash(k, json)).mod(MOD);
        }

        /** 64 hex digits. */
        public String hex() {
            String h = sum.toString(16);
            return "0".repeat(64 - h.length()) + h;
        }

        private static BigInteger hash(Key k, String json) {
            MessageDigest md;
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            md.update((k.kind().getNumber() + "\0" + k.virtualServer() + "\0" + k.name() + "\0")
                    .getBytes(StandardCharsets.UTF_8));
            md.update(json.getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, md.digest());
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
     * removes on top of it. {@code held} is not changed.
     */
    public static SortedMap<Key, String> apply(SortedMap<Key, String> held, DesiredState message) {
        SortedMap<Key, String> next = message.getFull() ? new TreeMap<>() : new TreeMap<>(held);
        if (message.getFull() && message.getUnchanged()) next.putAll(held);
        for (ResourceKey k : message.getRemoveList()) next.remove(key(k));
        for (Resource r : message.getPutList()) next.put(key(r.getKey()), r.getJson());
        return Collections.unmodifiableSortedMap(next);
    }

    /**
     * The configuration document the resources make up, checked as a whole (references, collisions,
     * secrets present). A resource whose JSON is not valid is refused with its key in the field path.
     */
    public static ConfigDocument document(SortedMap<Key, String> resources, long revision) {
        ObjectNode doc = DocumentCodec.JSON.createObjectNode().put("apiVersion", ConfigDocument.API_VERSION);
        ArrayNode directors = doc.putArray("directors");
        ArrayNode groups = doc.putArray("vrrpGroups");
        ArrayNode servers = doc.putArray("virtualServers");
        Map<String, ObjectNode> byName = new LinkedHashMap<>();
        for (var e : resources.entrySet()) {
            Key k = e.getKey();
            JsonNode node = parse(k, e.getValue());
            switch (k.kind()) {
                case DIRECTOR -> directors.add(named(k, node));
                case VRRP_GROUP -> groups.add(named(k, node));
                case VIRTUAL_SERVER -> {
                    ObjectNode v = named(k, node);
                    v.putArray("realServers");
                    byName.put(k.name(), v);
                    servers.add(v);
                }
                case REAL_SERVER -> {
                    ObjectNode v = byName.get(k.virtualServer());
                    if (v == null)
                        throw new ValidationException(
                                k.toString(), "its virtual server '" + k.virtualServer() + "' is not in the state");
                    ((ArrayNode) v.get("realServers")).add(named(k, node));
                }
                default -> throw new ValidationException(k.toString(), "unknown kind");
            }
        }
        ConfigDocument d = DocumentCodec.decodeDocument(doc, true);
        return new ConfigDocument(revision, d.directors(), d.vrrpGroups(), d.virtualServers());
    }

    /** Where an error of {@link #document} points: the resource (null: the state as a whole) and the JSON pointer of the field within it, or "". */
    public record Location(Key key, String field) {}

    /**
     * The resource that {@code field}, the field of an error that {@link #document}{@code (resources, ...)}
     * raised, points into, and the field within that resource. Knows the two forms the errors take:
     * a JSON pointer into the document, whose arrays are in key order ("/virtualServers/3/port", the
     * fourth virtual server by name; "/virtualServers/3/realServers/1/weight", its second real server),
     * and a key's own name ("virtual-server web/name", "real-server web/a"). Any other path (the
     * document as a whole, "/directors") gives a null key and the path unchanged.
     */
    public static Location locate(SortedMap<Key, String> resources, String field) {
        if (field == null) return new Location(null, "");
        if (field.startsWith("/")) return locatePointer(resources, field);
        for (Kind kind : new Kind[] {Kind.DIRECTOR, Kind.VRRP_GROUP, Kind.VIRTUAL_SERVER, Kind.REAL_SERVER}) {
            String label = kind.name().toLowerCase().replace('_', '-') + " ";
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

    private static Location locatePointer(SortedMap<Key, String> resources, String field) {
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
        Key k = i == null ? null : nth(resources, kind, null, i);
        if (k == null) return new Location(null, field);
        int used = 2;
        if (kind == Kind.VIRTUAL_SERVER && p.length >= 4 && p[2].equals("realServers")) {
            Integer j = index(p[3]);
            Key r = j == null ? null : nth(resources, Kind.REAL_SERVER, k.name(), j);
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
    private static Key nth(SortedMap<Key, String> resources, Kind kind, String vs, int n) {
        int seen = 0;
        for (Key k : resources.keySet()) {
            if (k.kind() != kind || vs != null && !k.virtualServer().equals(vs)) continue;
            if (seen++ == n) return k;
        }
        return null;
    }

    private static JsonNode parse(Key k, String json) {
        try {
            JsonNode n = DocumentCodec.JSON.readTree(json);
            if (n == null || !n.isObject()) throw new ValidationException(k.toString(), "is not a JSON object");
            return n;
        } catch (IOException e) {
            throw new ValidationException(k.toString(), "is not valid JSON: " + e.getMessage());
        }
    }

    /** The object, whose name must be the key's (a resource cannot claim another's place). */
    private static ObjectNode named(Key k, JsonNode node) {
        ObjectNode o = ((ObjectNode) node).deepCopy();
        JsonNode n = o.get("name");
        if (n == null || !n.asText().equals(k.name()))
            throw new ValidationException(k + "/name", "does not match the resource key");
        return o;
    }
}
