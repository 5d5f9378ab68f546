package io.fulcrum.model.plan;

import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Director;
import io.fulcrum.model.Enums;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.Secret;
import io.fulcrum.model.Validator;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.model.plan.PlanChange.Action;
import io.fulcrum.model.plan.PlanChange.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans a desired document against the stored state: one pass over each kind with maps by name,
 * records compared before any diff is built, so that an unchanged fleet of 10,000 virtual servers
 * costs little more than the comparisons.
 *
 * <p>Real servers are resources of their own under their virtual server. With prune off, what the
 * document leaves out stays (the stored real servers it does not list under one of its virtual
 * servers too); with prune on, it is deleted, but only within the scope. Resources that stay count
 * for every check ({@link Validator#checkDocument(ConfigDocument, ConfigDocument, boolean, List)}).
 */
public final class Planner {
    private final ConfigDocument current;
    private final ConfigDocument desired;
    private final PlanOptions options;
    private final List<FieldError> errors = new ArrayList<>();
    private final List<FieldError> warnings = new ArrayList<>();
    private final EnumMap<Action, Integer> counts = new EnumMap<>(Action.class);

    private final Map<String, Director> storedDirectors = new LinkedHashMap<>();
    private final Map<String, VrrpGroup> storedGroups = new LinkedHashMap<>();
    private final Map<String, VirtualServer> storedVirtualServers = new LinkedHashMap<>();
    /** The groups and virtual servers after the change: the document's (first of a name), then those that stay. */
    private final Map<String, VrrpGroup> groupsAfter = new HashMap<>();

    private final Map<String, VirtualServer> virtualServersAfter = new HashMap<>();
    private final Map<String, Director> directorsAfter = new HashMap<>();
    private final Map<String, List<String>> reachCache = new HashMap<>();

    private final List<PlanChange> directorChanges = new ArrayList<>();
    private final List<PlanChange> groupChanges = new ArrayList<>();
    private final List<PlanChange> virtualServerChanges = new ArrayList<>();
    private final List<PlanChange> realServerChanges = new ArrayList<>();
    private final List<PlanChange> realServerDeletes = new ArrayList<>();
    private final List<PlanChange> virtualServerDeletes = new ArrayList<>();
    private final List<PlanChange> groupDeletes = new ArrayList<>();
    private final List<PlanChange> directorDeletes = new ArrayList<>();
    private final List<PlanChange> kept = new ArrayList<>();

    private Planner(ConfigDocument current, ConfigDocument desired, PlanOptions options) {
        this.current = current;
        this.desired = desired;
        this.options = options;
    }

    /**
     * The plan of {@code desired} (a document as {@link DocumentCodec#decodeDesiredDocument} reads it:
     * each resource already checked on its own) against {@code current} (the stored state, with its
     * secrets).
     */
    public static Plan plan(ConfigDocument current, ConfigDocument desired, PlanOptions options) {
        return new Planner(current, desired, options).run();
    }

    /**
     * The group to store for the document's {@code g}: of type pass without a password, it keeps the
     * password of {@code stored} (null: none stored) when that one has one; otherwise it is {@code g}.
     */
    public static VrrpGroup keepStoredSecret(VrrpGroup g, VrrpGroup stored) {
        if (g.authentication() == null
                || g.authentication().type() != Enums.AuthType.PASS
                || g.authentication().password() != null) return g;
        Secret kept = password(stored);
        return kept == null ? g : g.withAuthentication(new VrrpGroup.Authentication(Enums.AuthType.PASS, kept));
    }

    private Plan run() {
        for (Director d : current.directors()) storedDirectors.put(d.name(), d);
        for (VrrpGroup g : current.vrrpGroups()) storedGroups.put(g.name(), g);
        for (VirtualServer v : current.virtualServers()) storedVirtualServers.put(v.name(), v);

        List<VrrpGroup> groups = new ArrayList<>(desired.vrrpGroups().size());
        for (VrrpGroup g : desired.vrrpGroups()) groups.add(keepStoredSecret(g, storedGroups.get(g.name())));
        ConfigDocument after =
                new ConfigDocument(current.revision(), desired.directors(), groups, desired.virtualServers());

        checkScope();
        ConfigDocument stays = leftOut(after);
        Validator.checkDocument(after, stays, true, errors);
        for (VrrpGroup g : after.vrrpGroups()) groupsAfter.putIfAbsent(g.name(), g);
        for (VrrpGroup g : stays.vrrpGroups()) groupsAfter.putIfAbsent(g.name(), g);
        for (VirtualServer v : after.virtualServers()) virtualServersAfter.putIfAbsent(v.name(), v);
        for (VirtualServer v : stays.virtualServers()) virtualServersAfter.putIfAbsent(v.name(), v);
        for (Director d : after.directors()) directorsAfter.putIfAbsent(d.name(), d);
        for (Director d : stays.directors()) directorsAfter.putIfAbsent(d.name(), d);

        planDirectors(after);
        planGroups(after);
        planVirtualServers(after);

        List<PlanChange> changes = new ArrayList<>();
        for (List<PlanChange> step : List.of(
                directorChanges,
                groupChanges,
                virtualServerChanges,
                realServerChanges,
                realServerDeletes,
                virtualServerDeletes,
                groupDeletes,
                directorDeletes,
                kept)) {
            changes.addAll(step);
        }
        return new Plan(current.revision(), changes, counts, errors, warnings);
    }

    // ------------------------------------------------------------------ scope and what the document leaves out

    /** Every resource of the document must lie in the scope, and so must the stored one it replaces. */
    private void checkScope() {
        LabelSelector scope = options.scope();
        if (scope.isAll()) return;
        for (int i = 0; i < desired.directors().size(); i++) {
            Director d = desired.directors().get(i);
            Director s = storedDirectors.get(d.name());
            checkScope("/directors/" + i, d.name(), d.labels(), s == null ? null : s.labels());
        }
        for (int i = 0; i < desired.vrrpGroups().size(); i++) {
            VrrpGroup g = desired.vrrpGroups().get(i);
            VrrpGroup s = storedGroups.get(g.name());
            checkScope("/vrrpGroups/" + i, g.name(), g.labels(), s == null ? null : s.labels());
        }
        for (int i = 0; i < desired.virtualServers().size(); i++) {
            VirtualServer v = desired.virtualServers().get(i);
            VirtualServer s = storedVirtualServers.get(v.name());
            checkScope("/virtualServers/" + i, v.name(), v.labels(), s == null ? null : s.labels());
        }
    }

    private void checkScope(String at, String name, Map<String, String> labels, Map<String, String> storedLabels) {
        if (!options.scope().matches(labels)) {
            errors.add(new FieldError(
                    at + "/labels",
                    "do not match the scope " + options.scope()
                            + ": this document owns only resources with those labels"));
        }
        if (storedLabels != null && !options.scope().matches(storedLabels)) {
            errors.add(new FieldError(
                    at + "/name",
                    "'" + name + "' is stored outside the scope " + options.scope()
                            + ": it is not this document's to change"));
        }
    }

    /**
     * The stored resources the document leaves out: deleted (prune, within the scope) or staying (the
     * result). Real servers are left out one by one under the document's virtual servers too.
     */
    private ConfigDocument leftOut(ConfigDocument after) {
        Set<String> names = new HashSet<>();
        for (Director d : after.directors()) names.add(d.name());
        List<Director> directors = new ArrayList<>();
        for (Director d : current.directors()) {
            if (names.contains(d.name())) continue;
            if (leaveOut(Kind.DIRECTOR, null, d.name(), d.labels(), List.of(d.name()), directorDeletes))
                directors.add(d);
        }
        names.clear();
        for (VrrpGroup g : after.vrrpGroups()) names.add(g.name());
        List<VrrpGroup> groups = new ArrayList<>();
        for (VrrpGroup g : current.vrrpGroups()) {
            if (names.contains(g.name())) continue;
            if (leaveOut(Kind.VRRP_GROUP, null, g.name(), g.labels(), members(g, null), groupDeletes)) groups.add(g);
        }
        names.clear();
        for (VirtualServer v : after.virtualServers()) names.add(v.name());
        List<VirtualServer> virtualServers = new ArrayList<>();
        for (VirtualServer v : current.virtualServers()) {
            if (names.contains(v.name())) continue;
            if (leaveOut(Kind.VIRTUAL_SERVER, null, v.name(), v.labels(), null, virtualServerDeletes)) {
                virtualServers.add(v);
                if (options.scope().matches(v.labels())) {
                    for (RealServer r : v.realServers()) count(Action.KEEP, Kind.REAL_SERVER, v.name(), r.name(), null);
                }
            } else {
                for (RealServer r : v.realServers())
                    realServerDeletes.add(
                            change(Kind.REAL_SERVER, v.name(), r.name(), Action.DELETE, null, List.of(), null));
            }
        }
        return new ConfigDocument(null, directors, groups, virtualServers);
    }

    /**
     * A stored resource the document does not name: deleted (listed in {@code deletes}; false) when
     * pruning within the scope, otherwise it stays (true), kept in sight when within the scope.
     * {@code reach} null: the directors serving the virtual server {@code name}.
     */
    private boolean leaveOut(
            Kind kind,
            String vs,
            String name,
            Map<String, String> labels,
            List<String> reach,
            List<PlanChange> deletes) {
        if (!options.scope().matches(labels)) return true;
        if (options.prune()) {
            deletes.add(change(kind, vs, name, Action.DELETE, null, List.of(), reach));
            return false;
        }
        count(Action.KEEP, kind, vs, name, null);
        return true;
    }

    // ------------------------------------------------------------------ the document's resources

    private void planDirectors(ConfigDocument after) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < after.directors().size(); i++) {
            Director d = after.directors().get(i);
            if (!seen.add(d.name())) continue;
            Director before = storedDirectors.get(d.name());
            String at = "/directors/" + i;
            if (before == null) {
                directorChanges.add(
                        change(Kind.DIRECTOR, null, d.name(), Action.CREATE, at, List.of(), List.of(d.name())));
            } else {
                List<FieldDiff> diff = before.equals(d)
                        ? List.of()
                        : TreeDiff.diff(DocumentCodec.encode(before), DocumentCodec.encode(d));
                updateOrUnchanged(directorChanges, Kind.DIRECTOR, null, d.name(), at, diff, List.of(d.name()));
            }
        }
    }

    private void planGroups(ConfigDocument after) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < after.vrrpGroups().size(); i++) {
            VrrpGroup g = after.vrrpGroups().get(i);
            if (!seen.add(g.name())) continue;
            VrrpGroup before = storedGroups.get(g.name());
            String at = "/vrrpGroups/" + i;
            if (before == null) {
                groupChanges.add(
                        change(Kind.VRRP_GROUP, null, g.name(), Action.CREATE, at, List.of(), members(g, null)));
                continue;
            }
            List<FieldDiff> diff = List.of();
            if (!before.equals(g)) {
                diff = TreeDiff.diff(DocumentCodec.encode(before, false), DocumentCodec.encode(g, false));
                Secret had = password(before), has = password(g);
                if (!Objects.equals(had, has)) {
                    diff = new ArrayList<>(diff);
                    diff.add(FieldDiff.secret("/authentication/password", had != null, has != null));
                }
            }
            updateOrUnchanged(groupChanges, Kind.VRRP_GROUP, null, g.name(), at, diff, members(before, g));
        }
    }

    private void planVirtualServers(ConfigDocument after) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < after.virtualServers().size(); i++) {
            VirtualServer v = after.virtualServers().get(i);
            if (!seen.add(v.name())) continue;
            if (Validator.servedByNone(v)) {
                warnings.add(new FieldError(
                        "/virtualServers/" + i,
                        "no director serves virtual server '" + v.name() + "': give it a vrrpGroup or directors"));
            }
            warnFullnatWithoutAddresses(v, "/virtualServers/" + i);
            VirtualServer before = storedVirtualServers.get(v.name());
            String at = "/virtualServers/" + i;
            if (before == null) {
                virtualServerChanges.add(
                        change(Kind.VIRTUAL_SERVER, null, v.name(), Action.CREATE, at, List.of(), null));
            } else {
                List<FieldDiff> diff = sameSpec(before, v)
                        ? List.of()
                        : TreeDiff.diff(DocumentCodec.encode(before, false), DocumentCodec.encode(v, false));
                updateOrUnchanged(virtualServerChanges, Kind.VIRTUAL_SERVER, null, v.name(), at, diff, null);
            }
            planRealServers(before, v, at);
        }
    }

    /** A fullnat virtual server only masquerades on a director without fullnatAddresses of its family. */
    private void warnFullnatWithoutAddresses(VirtualServer v, String at) {
        if (v.forwarding() != Enums.Forwarding.FULLNAT) return;
        Set<String> serving = new TreeSet<>();
        servedBy(groupsAfter, v, serving);
        for (String name : serving) {
            Director d = directorsAfter.get(name);
            if (d != null && d.fullnatAddresses(v.service().family()).isEmpty())
                warnings.add(new FieldError(
                        at + "/forwarding",
                        "director '" + name + "' has no fullnatAddresses of this family: virtual server '" + v.name()
                                + "' only masquerades there (docs/fullnat.md)"));
        }
    }

    private void planRealServers(VirtualServer before, VirtualServer v, String vsAt) {
        Map<String, RealServer> stored = new HashMap<>();
        if (before != null) for (RealServer r : before.realServers()) stored.put(r.name(), r);
        Set<String> named = new HashSet<>();
        int matched = 0;
        for (int j = 0; j < v.realServers().size(); j++) {
            RealServer r = v.realServers().get(j);
            if (!named.add(r.name())) continue;
            RealServer was = stored.get(r.name());
            String at = vsAt + "/realServers/" + j;
            if (was == null) {
                realServerChanges.add(change(Kind.REAL_SERVER, v.name(), r.name(), Action.CREATE, at, List.of(), null));
            } else {
                matched++;
                List<FieldDiff> diff =
                        was.equals(r) ? List.of() : TreeDiff.diff(DocumentCodec.encode(was), DocumentCodec.encode(r));
                updateOrUnchanged(realServerChanges, Kind.REAL_SERVER, v.name(), r.name(), at, diff, null);
            }
        }
        if (matched == stored.size()) return;
        List<RealServer> staying = new ArrayList<>();
        for (RealServer r : before.realServers()) {
            if (named.contains(r.name())) continue;
            if (options.prune()) {
                realServerDeletes.add(
                        change(Kind.REAL_SERVER, v.name(), r.name(), Action.DELETE, null, List.of(), null));
            } else {
                count(Action.KEEP, Kind.REAL_SERVER, v.name(), r.name(), null);
                staying.add(r);
            }
        }
        Validator.checkStayingRealServers(v, staying, vsAt, errors);
    }

    // ------------------------------------------------------------------ helpers

    private void updateOrUnchanged(
            List<PlanChange> step,
            Kind kind,
            String vs,
            String name,
            String at,
            List<FieldDiff> diff,
            List<String> reach) {
        if (diff.isEmpty()) count(Action.UNCHANGED, kind, vs, name, at);
        else step.add(change(kind, vs, name, Action.UPDATE, at, diff, reach));
    }

    /** An unchanged or kept resource: counted, and listed only when asked. */
    private void count(Action action, Kind kind, String vs, String name, String at) {
        if (options.listUnchanged()) kept.add(change(kind, vs, name, action, at, List.of(), List.of()));
        else counts.merge(action, 1, Integer::sum);
    }

    /** A change; {@code reach} null: the directors serving virtual server {@code vs} (or {@code name}) before and after. */
    private PlanChange change(
            Kind kind, String vs, String name, Action action, String at, List<FieldDiff> diff, List<String> reach) {
        counts.merge(action, 1, Integer::sum);
        return new PlanChange(kind, vs, name, action, at, diff, reach != null ? reach : reach(vs != null ? vs : name));
    }

    private List<String> reach(String virtualServer) {
        return reachCache.computeIfAbsent(virtualServer, n -> {
            Set<String> out = new TreeSet<>();
            servedBy(storedGroups, storedVirtualServers.get(n), out);
            servedBy(groupsAfter, virtualServersAfter.get(n), out);
            return List.copyOf(out);
        });
    }

    private static void servedBy(Map<String, VrrpGroup> groups, VirtualServer v, Collection<String> out) {
        if (v == null) return;
        if (v.vrrpGroup() == null) {
            out.addAll(v.directors());
            return;
        }
        VrrpGroup g = groups.get(v.vrrpGroup());
        if (g != null) for (VrrpGroup.Member m : g.members()) out.add(m.director());
    }

    /** The members of {@code a} and of {@code b} (either may be null), sorted. */
    private static List<String> members(VrrpGroup a, VrrpGroup b) {
        Set<String> out = new TreeSet<>();
        for (VrrpGroup g : new VrrpGroup[] {a, b})
            if (g != null) for (VrrpGroup.Member m : g.members()) out.add(m.director());
        return List.copyOf(out);
    }

    /** Equal but for the real servers (planned on their own). */
    private static boolean sameSpec(VirtualServer a, VirtualServer b) {
        return a.withRealServers(List.of()).equals(b.withRealServers(List.of()));
    }

    private static Secret password(VrrpGroup g) {
        return g == null || g.authentication() == null
                ? null
                : g.authentication().password();
    }
}
