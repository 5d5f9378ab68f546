package io.fulcrum.wire.agent;

import io.fulcrum.api.agent.v1.Kind;
import io.fulcrum.api.agent.v1.Resource;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Director;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.Validator;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.wire.agent.DesiredStates.Key;
import io.fulcrum.wire.api.Resources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Supplier;

/**
 * The agent's side of a desired state: the resources it holds ({@link DesiredStates#apply}) decoded
 * into a configuration document checked as a whole, or refused with each error on the resource it
 * concerns ({@link Refused}), as the NACK carries it.
 */
public final class DesiredDocuments {
    private DesiredDocuments() {}

    /** One error of a state, on the resource it concerns (key null: the state as a whole). */
    public record Location(Key key, String field) {
        /** Where a model error is: on its object, else ({@code k} null: on the state) at its field. */
        static Location of(FieldError f, Key k) {
            if (f.object() != null) return new Location(Key.of(f.object()), f.pointer());
            return new Location(k, f.field() == null ? "" : f.field());
        }
    }

    /** An error located: the resource, the JSON pointer of the field within it, and why. */
    public record Problem(Location at, String message) {}

    /**
     * A state refused by {@link #document}: each error on its resource ({@link #problems}). Its
     * {@link #errors()} carry the same: their object and pointer, and as field "kind name/pointer"
     * ("real-server web/a/weight"), how logs name it.
     */
    public static final class Refused extends ValidationException {
        private final List<Problem> problems;

        Refused(List<Problem> problems) {
            super(problems.stream().map(DesiredDocuments::fieldError).toList());
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    private static FieldError fieldError(Problem p) {
        Location at = p.at();
        if (at.key() == null) return new FieldError(at.field(), p.message());
        return new FieldError(at.key() + at.field(), p.message(), at.key().ref(), at.field());
    }

    /**
     * The configuration document the resources make up, checked as a whole (references, collisions,
     * secrets present).
     *
     * @throws Refused naming every error on its resource: a body that does not match its key (another
     *     kind, another name), a field a resource's own checks refuse (the pointer REST would give
     *     within it; a virtual server is checked with its real servers), and what the checks across
     *     resources refuse (the model's errors name their resource)
     */
    public static ConfigDocument document(SortedMap<Key, Resource> resources, long revision) {
        List<Problem> problems = new ArrayList<>();
        List<Director> directors = new ArrayList<>();
        List<VrrpGroup> groups = new ArrayList<>();
        // each virtual server's body with its real servers (in key order), decoded together below
        Map<String, io.fulcrum.api.v1.VirtualServer.Builder> servers = new LinkedHashMap<>();
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
                case VIRTUAL_SERVER ->
                    servers.put(k.name(), r.getVirtualServer().toBuilder().clearRealServers());
                case REAL_SERVER -> {
                    var v = servers.get(k.virtualServer());
                    if (v == null) {
                        problems.add(
                                problem(k, "", "its virtual server '" + k.virtualServer() + "' is not in the state"));
                        continue;
                    }
                    v.addRealServers(r.getRealServer());
                }
                default -> problems.add(problem(k, "", "unknown kind"));
            }
        }
        List<VirtualServer> virtualServers = new ArrayList<>();
        for (var e : servers.entrySet()) {
            Key k = Key.virtualServer(e.getKey());
            VirtualServer v = decode(
                    k, problems, () -> Resources.virtualServer(e.getValue().build()));
            if (v != null) virtualServers.add(v);
        }
        if (!problems.isEmpty()) throw new Refused(problems);
        ConfigDocument doc = new ConfigDocument(revision, directors, groups, virtualServers);
        List<FieldError> across = new ArrayList<>();
        Validator.checkDocument(doc, true, across);
        if (across.isEmpty()) return doc;
        for (FieldError f : across) problems.add(new Problem(Location.of(f, null), f.message()));
        throw new Refused(problems);
    }

    /** Whether the body is of the key's kind and has the key's name; a problem when not. */
    private static boolean matches(Key k, Resource r, List<Problem> problems) {
        Kind body = DesiredStates.bodyKind(r);
        if (body != k.kind()) {
            problems.add(problem(
                    k,
                    "",
                    body == Kind.KIND_UNSPECIFIED
                            ? "carries no body"
                            : "carries the body of a " + DesiredStates.label(body) + ", not of a "
                                    + DesiredStates.label(k.kind())));
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

    /**
     * A resource's model, or null with its errors added: each on the resource the model names (a
     * virtual server's errors may be its real servers'), else on {@code k}.
     */
    private static <T> T decode(Key k, List<Problem> problems, Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (ValidationException refused) {
            for (FieldError f : refused.errors()) problems.add(new Problem(Location.of(f, k), f.message()));
        } catch (RuntimeException unreadable) { // a body the REST form cannot hold
            problems.add(problem(k, "", "cannot be read: " + unreadable.getMessage()));
        }
        return null;
    }
}
