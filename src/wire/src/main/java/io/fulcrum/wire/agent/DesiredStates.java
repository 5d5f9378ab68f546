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
import io.fulcrum.model.RealServer;
import io.fulcrum.model.ResourceRef;
import io.fulcrum.model.ValidationException;
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
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The agent protocol's desired state (fulcrum.agent.v1) as it travels: a director's state is a set of
 * resources keyed by {@link Key}, each the management API's message of one director, VRRP group,
 * virtual server (without its real servers) or real server ({@link Resources} converts the bodies), a
 * VRRP group with its password. Here: encoding a document (control plane), the digest, and applying
 * snapshots and deltas to what an agent holds; {@link DesiredDocuments} decodes what it holds into a
 * checked document.
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

        /** The resource a model error names. */
        public static Key of(ResourceRef r) {
            return switch (r.kind()) {
                case DIRECTOR -> director(r.name());
                case VRRP_GROUP -> vrrpGroup(r.name());
                case VIRTUAL_SERVER -> virtualServer(r.name());
                case REAL_SERVER -> realServer(r.virtualServer(), r.name());
            };
        }

        /** This resource as the model names it. */
        public ResourceRef ref() {
            return switch (kind) {
                case DIRECTOR -> ResourceRef.director(name);
                case VRRP_GROUP -> ResourceRef.vrrpGroup(name);
                case VIRTUAL_SERVER -> ResourceRef.virtualServer(name);
                case REAL_SERVER -> ResourceRef.realServer(virtualServer, name);
                default -> throw new IllegalStateException("no resource of kind " + kind);
            };
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

    static String label(Kind kind) {
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
    static Kind bodyKind(Resource r) {
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
     * are checked by {@link DesiredDocuments#document}.
     */
    public static SortedMap<Key, Resource> apply(SortedMap<Key, Resource> held, DesiredState message) {
        SortedMap<Key, Resource> next = message.getFull() ? new TreeMap<>() : new TreeMap<>(held);
        if (message.getFull() && message.getUnchanged()) next.putAll(held);
        for (ResourceKey k : message.getRemoveList()) next.remove(key(k));
        for (Resource r : message.getPutList()) next.put(key(r.getKey()), r);
        return Collections.unmodifiableSortedMap(next);
    }
}
