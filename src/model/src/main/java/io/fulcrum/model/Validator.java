package io.fulcrum.model;

import io.fulcrum.model.Enums.AddressFamily;
import io.fulcrum.model.Enums.CheckType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Semantic checks that single fields cannot express: combinations inside one resource, and, for a
 * whole document, references and collisions across resources. Pure; every error carries the JSON
 * pointer of the field to blame.
 */
public final class Validator {
    private Validator() {}

    public static void checkVrrpGroup(VrrpGroup g, String at, List<FieldError> errors) {
        ResourceRef o = ResourceRef.vrrpGroup(g.name());
        long ms = g.advertInterval().toMillis();
        if (g.version() == 2 && (ms % 1000 != 0 || ms < 1000 || ms > 255_000)) {
            errors.add(FieldError.on(
                    o,
                    at,
                    "/advertIntervalSeconds",
                    "VRRPv2 adverts are whole seconds from 1 to 255 (RFC 3768 §5.3.7)"));
        }
        if (g.version() == 3 && (ms % 10 != 0 || ms < 10 || ms > 40_950)) {
            errors.add(FieldError.on(
                    o,
                    at,
                    "/advertIntervalSeconds",
                    "VRRPv3 adverts are centiseconds from 0.01 to 40.95 (RFC 5798 §5.2.7)"));
        }
        AddressFamily family = g.virtualAddresses().get(0).address().family();
        Map<String, Integer> vips = new HashMap<>();
        for (int i = 0; i < g.virtualAddresses().size(); i++) {
            var v = g.virtualAddresses().get(i);
            Integer twice = vips.putIfAbsent(Addresses.format(v.address().address()), i);
            if (twice != null)
                errors.add(FieldError.on(
                        o,
                        at,
                        "/virtualAddresses/" + i + "/address",
                        "is the same address as /virtualAddresses/" + twice + ": a group carries an address once"));
            if (v.address().family() != family) {
                errors.add(FieldError.on(
                        o,
                        at,
                        "/virtualAddresses/" + i + "/address",
                        "mixes address families: one group carries IPv4 or IPv6 addresses, not both"));
            }
            if (v.label() != null && v.address().family() == AddressFamily.INET6) {
                errors.add(FieldError.on(
                        o, at, "/virtualAddresses/" + i + "/label", "labels exist only for IPv4 addresses"));
            }
        }
        if (family == AddressFamily.INET6 && g.version() == 2) {
            errors.add(FieldError.on(o, at, "/version", "IPv6 virtual addresses need VRRP version 3 (RFC 5798)"));
        }
        if (g.authentication() != null && g.authentication().type() != Enums.AuthType.NONE && g.version() == 3) {
            errors.add(FieldError.on(o, at, "/authentication", "VRRPv3 has no authentication (RFC 5798 §9)"));
        }
        Set<String> directors = new HashSet<>();
        int owners = 0;
        for (int i = 0; i < g.members().size(); i++) {
            var m = g.members().get(i);
            if (!directors.add(m.director()))
                errors.add(FieldError.on(
                        o, at, "/members/" + i + "/director", "director '" + m.director() + "' is listed twice"));
            if (m.priority() == 255) owners++;
            if (g.unicast() && m.unicastAddress() == null) {
                errors.add(
                        FieldError.on(o, at, "/members/" + i + "/unicastAddress", "is required when unicast is true"));
            }
            if (m.unicastAddress() != null && Addresses.family(m.unicastAddress()) != family) {
                errors.add(FieldError.on(
                        o, at, "/members/" + i + "/unicastAddress", "must be of the virtual addresses' family"));
            }
        }
        if (owners > 1)
            errors.add(FieldError.on(o, at, "/members", "only one member can be the address owner (priority 255)"));
        if (g.syncGroupNotify() != null && g.syncGroup() == null)
            errors.add(FieldError.on(
                    o,
                    at,
                    "/syncGroupNotify",
                    "needs syncGroup: these are the hooks of the sync group the group is in"));
        Set<String> scripts = new HashSet<>();
        for (int i = 0; i < g.trackScripts().size(); i++) {
            if (!scripts.add(g.trackScripts().get(i).name()))
                errors.add(FieldError.on(o, at, "/trackScripts/" + i + "/name", "is used twice"));
        }
        Set<String> ifaces = new HashSet<>();
        for (int i = 0; i < g.trackInterfaces().size(); i++) {
            if (!ifaces.add(g.trackInterfaces().get(i).iface()))
                errors.add(FieldError.on(o, at, "/trackInterfaces/" + i + "/interface", "is tracked twice"));
        }
        Set<String> tracked = new HashSet<>();
        for (int i = 0; i < g.trackVirtualServers().size(); i++) {
            VrrpGroup.TrackVirtualServer t = g.trackVirtualServers().get(i);
            if (!tracked.add(t.virtualServer()))
                errors.add(FieldError.on(o, at, "/trackVirtualServers/" + i + "/virtualServer", "is tracked twice"));
            if (t.weight() != null && (t.weight() < -253 || t.weight() > -1)) {
                errors.add(FieldError.on(
                        o, at, "/trackVirtualServers/" + i + "/weight", "must be from -253 to -1 (or absent: FAULT)"));
            }
        }
    }

    /**
     * The virtual servers {@code g} tracks ({@code virtualServers} looks one up by name, null when there is
     * none): each must exist and be served by every member of the group, so that each member checks its
     * health and holds it in its desired state: the group carries it ({@code vrrpGroup}), or it names
     * every member among its {@code directors}.
     */
    public static void checkTrackedVirtualServers(
            VrrpGroup g, Function<String, VirtualServer> virtualServers, String at, List<FieldError> errors) {
        checkTrackedVirtualServers(g, virtualServers, at, errors, errors);
    }

    /** {@link #checkTrackedVirtualServers}, with an unknown virtual server in {@code unknown} and an unserved one in {@code unserved}. */
    public static void checkTrackedVirtualServers(
            VrrpGroup g,
            Function<String, VirtualServer> virtualServers,
            String at,
            List<FieldError> unknown,
            List<FieldError> unserved) {
        for (int i = 0; i < g.trackVirtualServers().size(); i++) {
            String name = g.trackVirtualServers().get(i).virtualServer();
            String p = "/trackVirtualServers/" + i + "/virtualServer";
            ResourceRef o = ResourceRef.vrrpGroup(g.name());
            VirtualServer v = virtualServers.apply(name);
            if (v == null) {
                unknown.add(FieldError.on(o, at, p, "no virtual server named '" + name + "'"));
                continue;
            }
            String missing = unservedMember(g, v);
            if (missing != null) unserved.add(FieldError.on(o, at, p, trackedNotServed(g, v, missing)));
        }
    }

    /** A member of {@code g} that does not serve {@code v}, or null when every member does (see {@link #checkTrackedVirtualServers}). */
    public static String unservedMember(VrrpGroup g, VirtualServer v) {
        if (g.name().equals(v.vrrpGroup())) return null;
        for (VrrpGroup.Member m : g.members()) {
            if (v.vrrpGroup() != null || !v.directors().contains(m.director())) return m.director();
        }
        return null;
    }

    public static String trackedNotServed(VrrpGroup g, VirtualServer v, String member) {
        return "virtual server '" + v.name() + "' is not served by member '" + member + "' of group '" + g.name()
                + "': a group tracks the virtual servers it carries (vrrpGroup) or that list every member in directors";
    }

    public static void checkVirtualServer(VirtualServer v, String at, List<FieldError> errors) {
        ResourceRef o = ResourceRef.virtualServer(v.name());
        AddressFamily family = v.service().family();
        if (v.service() instanceof VirtualServer.InetService s && s.port() == 0 && v.persistence() == null) {
            errors.add(FieldError.on(o, at, "/port", "0 (all ports) is allowed only for a persistent service"));
        }
        for (Enums.SchedulerFlag f : v.schedulerFlags()) {
            if (f.scheduler != v.scheduler()) {
                errors.add(FieldError.on(
                        o,
                        at,
                        "/schedulerFlags",
                        "'" + f.name().toLowerCase().replace('_', '-') + "' needs scheduler "
                                + f.scheduler.name().toLowerCase()));
            }
        }
        boolean tunnels = v.forwarding() == Enums.Forwarding.TUN
                || v.realServers().stream().anyMatch(r -> r.forwarding() == Enums.Forwarding.TUN);
        checkFullnat(v, at, errors);
        if (v.tunnel() != null && !tunnels)
            errors.add(FieldError.on(o, at, "/tunnel", "is only used with forwarding tun"));
        if (v.tunnel() != null) {
            if (v.tunnel().type() == Enums.TunnelType.GUE && v.tunnel().port() == null)
                errors.add(FieldError.on(o, at, "/tunnel/port", "is required for gue"));
            if (v.tunnel().type() != Enums.TunnelType.GUE && v.tunnel().port() != null)
                errors.add(FieldError.on(o, at, "/tunnel/port", "is only used with gue"));
            if (v.tunnel().type() == Enums.TunnelType.IPIP && v.tunnel().checksum() != Enums.TunnelChecksum.NONE)
                errors.add(FieldError.on(o, at, "/tunnel/checksum", "ipip has no checksum option"));
        }
        if (v.persistence() != null
                && v.persistence().prefixLength() != null
                && family == AddressFamily.INET
                && v.persistence().prefixLength() > 32) {
            errors.add(FieldError.on(o, at, "/persistence/prefixLength", "must be from 0 to 32 for IPv4"));
        }
        if (v.onePacket() && v.service() instanceof VirtualServer.InetService s && s.protocol() != Enums.Protocol.UDP) {
            errors.add(FieldError.on(o, at, "/onePacket", "one-packet scheduling is for udp (or fwmark) services"));
        }
        if (v.sorryServer() != null && Addresses.family(v.sorryServer().address()) != family) {
            errors.add(FieldError.on(o, at, "/sorryServer/address", "must be of the virtual server's address family"));
        }
        if (v.vrrpGroup() != null && !v.directors().isEmpty()) {
            errors.add(FieldError.on(o, at, "/directors", "give either vrrpGroup or directors, not both"));
        }
        if (new HashSet<>(v.directors()).size() != v.directors().size())
            errors.add(FieldError.on(o, at, "/directors", "lists a director twice"));
        if (v.healthCheck() != null) checkHealthCheck(v.healthCheck(), o, at, errors);
        Set<String> names = new HashSet<>();
        Map<String, Integer> endpoints = new HashMap<>();
        for (int i = 0; i < v.realServers().size(); i++) {
            RealServer r = v.realServers().get(i);
            String p = at + "/realServers/" + i;
            ResourceRef rs = ResourceRef.realServer(v.name(), r.name());
            if (!names.add(r.name()))
                errors.add(FieldError.on(rs, p, "/name", "'" + r.name() + "' is used twice in this virtual server"));
            checkRealServer(v, r, p, errors);
            String key = Addresses.format(r.address()) + "|" + effectivePort(v, r);
            Integer other = endpoints.putIfAbsent(key, i);
            if (other != null)
                errors.add(FieldError.on(rs, p, "/address", "same address and port as /realServers/" + other));
        }
    }

    /**
     * FULLNAT is one netfilter rule per service (matching the flows' original destination), so it applies
     * to the whole virtual server: no real server or sorry server forwards otherwise, none asks for it in
     * a service of another method, and a firewall-mark service (no one destination to match) cannot have it.
     */
    private static void checkFullnat(VirtualServer v, String at, List<FieldError> errors) {
        ResourceRef o = ResourceRef.virtualServer(v.name());
        boolean full = v.forwarding() == Enums.Forwarding.FULLNAT;
        if (full && v.service() instanceof VirtualServer.FwmarkService)
            errors.add(FieldError.on(o, at, "/forwarding", "fullnat is not supported for a fwmark service"));
        for (int i = 0; i < v.realServers().size(); i++) {
            RealServer r = v.realServers().get(i);
            Enums.Forwarding f = r.forwarding();
            if (f != null && full != (f == Enums.Forwarding.FULLNAT))
                errors.add(FieldError.on(
                        ResourceRef.realServer(v.name(), r.name()),
                        at + "/realServers/" + i,
                        "/forwarding",
                        full
                                ? "a fullnat virtual server forwards to every real server with fullnat"
                                : "fullnat applies to a whole virtual server: set it on the virtual server"));
        }
        Enums.Forwarding sf = v.sorryServer() == null ? null : v.sorryServer().forwarding();
        if (sf != null && full != (sf == Enums.Forwarding.FULLNAT))
            errors.add(FieldError.on(
                    o,
                    at,
                    "/sorryServer/forwarding",
                    full
                            ? "a fullnat virtual server forwards to its sorry server with fullnat"
                            : "fullnat applies to a whole virtual server: set it on the virtual server"));
    }

    /** Checks a real server as a member of {@code v}. */
    public static void checkRealServer(VirtualServer v, RealServer r, String at, List<FieldError> errors) {
        ResourceRef o = ResourceRef.realServer(v.name(), r.name());
        if (r.family() != v.service().family()) {
            errors.add(FieldError.on(
                    o,
                    at,
                    "/address",
                    "is " + (r.family() == AddressFamily.INET ? "IPv4" : "IPv6") + " but the virtual server is "
                            + (v.service().family() == AddressFamily.INET ? "IPv4" : "IPv6")));
        }
        if (r.upperThreshold() > 0 && r.lowerThreshold() > r.upperThreshold()) {
            errors.add(FieldError.on(o, at, "/lowerThreshold", "must not exceed upperThreshold"));
        }
        if (r.healthCheck() != null) {
            HealthCheck base = v.healthCheck() == null ? HealthCheck.EMPTY : v.healthCheck();
            HealthCheck effective = base.overriddenBy(r.healthCheck());
            checkHealthCheck(effective, o, at, errors);
        }
    }

    /** The effective check {@code h} of {@code o}, which lies at {@code at}: errors under its /healthCheck. */
    private static void checkHealthCheck(HealthCheck h, ResourceRef o, String at, List<FieldError> errors) {
        CheckType t = h.type() == null ? CheckType.NONE : h.type();
        if (t == CheckType.MISC && h.misc() == null)
            errors.add(FieldError.on(o, at, "/healthCheck/misc", "is required for type misc (the script to run)"));
        if (t == CheckType.DNS && h.dns() == null)
            errors.add(FieldError.on(o, at, "/healthCheck/dns", "is required for type dns (the name to query)"));
        if (h.http() != null && t != CheckType.HTTP && t != CheckType.HTTPS)
            errors.add(FieldError.on(o, at, "/healthCheck/http", "is only used with type http or https"));
        if (h.smtp() != null && t != CheckType.SMTP)
            errors.add(FieldError.on(o, at, "/healthCheck/smtp", "is only used with type smtp"));
        if (h.udp() != null && t != CheckType.UDP)
            errors.add(FieldError.on(o, at, "/healthCheck/udp", "is only used with type udp"));
        if (h.dns() != null && t != CheckType.DNS)
            errors.add(FieldError.on(o, at, "/healthCheck/dns", "is only used with type dns"));
        if (h.misc() != null && t != CheckType.MISC)
            errors.add(FieldError.on(o, at, "/healthCheck/misc", "is only used with type misc"));
        if (h.interval() != null
                && h.timeout() != null
                && h.timeout().compareTo(h.interval().multipliedBy(10)) > 0) {
            errors.add(FieldError.on(
                    o, at, "/healthCheck/timeoutSeconds", "is more than ten intervals: checks would pile up"));
        }
        if (h.http() != null && h.http().sni() != null && t != CheckType.HTTPS)
            errors.add(FieldError.on(o, at, "/healthCheck/http/sni", "is only used with type https"));
    }

    /** The sorry server's port: its own, else the virtual server's (0 for a firewall mark). */
    public static int effectivePort(VirtualServer v, VirtualServer.SorryServer s) {
        if (s.port() != null) return s.port();
        return v.service() instanceof VirtualServer.InetService i ? i.port() : 0;
    }

    public static int effectivePort(VirtualServer v, RealServer r) {
        if (r.port() != null) return r.port();
        return v.service() instanceof VirtualServer.InetService s ? s.port() : 0;
    }

    /** A whole document: names, references, VIP and VRID collisions, secrets (when it must carry them). */
    /**
     * A sync group has one set of hooks: the groups of one sync group that give {@code syncGroupNotify}
     * give the same (one of them may give it for all; the others may leave it out).
     */
    static void checkSyncGroupHooks(ConfigDocument doc, ConfigDocument stays, List<FieldError> errors) {
        Map<String, VrrpGroup> first = new HashMap<>();
        for (VrrpGroup g : stays.vrrpGroups())
            if (g.syncGroup() != null && g.syncGroupNotify() != null) first.putIfAbsent(g.syncGroup(), g);
        for (int i = 0; i < doc.vrrpGroups().size(); i++) {
            VrrpGroup g = doc.vrrpGroups().get(i);
            if (g.syncGroup() == null || g.syncGroupNotify() == null) continue;
            VrrpGroup other = first.putIfAbsent(g.syncGroup(), g);
            String conflict = syncGroupHooksConflict(g, other);
            if (conflict != null)
                errors.add(FieldError.on(
                        ResourceRef.vrrpGroup(g.name()), "/vrrpGroups/" + i, "/syncGroupNotify", conflict));
        }
    }

    /** Why {@code g}'s sync group hooks may not stand next to {@code other}'s, or null when they may. */
    public static String syncGroupHooksConflict(VrrpGroup g, VrrpGroup other) {
        if (other == null
                || other == g
                || g.syncGroupNotify() == null
                || other.syncGroupNotify() == null
                || !g.syncGroup().equals(other.syncGroup())
                || g.syncGroupNotify().equals(other.syncGroupNotify())) return null;
        return "differs from the syncGroupNotify of group '" + other.name() + "' in sync group '" + g.syncGroup()
                + "': a sync group has one set of hooks (give them on one of its groups, or the same on each)";
    }

    public static void checkDocument(ConfigDocument doc, boolean requireSecrets, List<FieldError> errors) {
        checkDocument(doc, NOTHING_STAYS, requireSecrets, errors);
    }

    private static final ConfigDocument NOTHING_STAYS = new ConfigDocument(null, List.of(), List.of(), List.of());

    /**
     * {@code doc} as it will stand next to {@code stays}: the stored resources it leaves in place (those
     * it does not name, kept because prune is off or because they lie outside its scope). Staying
     * resources count for references and collisions; every error is blamed on the document: on the
     * field of its resource that collides with or breaks a staying one, or, when the document deletes
     * what a staying resource needs, on the collection it was deleted from (e.g. "/vrrpGroups").
     * No name of {@code stays} may be a name of {@code doc}.
     */
    public static void checkDocument(
            ConfigDocument doc, ConfigDocument stays, boolean requireSecrets, List<FieldError> errors) {
        Map<String, Director> directors = new HashMap<>();
        for (int i = 0; i < doc.directors().size(); i++) {
            Director d = doc.directors().get(i);
            if (directors.putIfAbsent(d.name(), d) != null)
                errors.add(FieldError.on(
                        ResourceRef.director(d.name()),
                        "/directors/" + i,
                        "/name",
                        "'" + d.name() + "' is used twice"));
        }
        Set<String> directorNames = new HashSet<>(directors.keySet());
        for (Director d : stays.directors()) directorNames.add(d.name());
        Map<String, VrrpGroup> groups = new HashMap<>();
        Map<String, Integer> groupIndex = new HashMap<>();
        Map<String, String> vridOwners = new HashMap<>();
        for (VrrpGroup g : stays.vrrpGroups()) {
            groups.put(g.name(), g);
            for (VrrpGroup.Member m : g.members()) vridOwners.putIfAbsent(vridKey(g, m.director()), g.name());
        }
        for (int i = 0; i < doc.vrrpGroups().size(); i++) {
            VrrpGroup g = doc.vrrpGroups().get(i);
            String at = "/vrrpGroups/" + i;
            ResourceRef o = ResourceRef.vrrpGroup(g.name());
            if (groupIndex.putIfAbsent(g.name(), i) != null)
                errors.add(FieldError.on(o, at, "/name", "'" + g.name() + "' is used twice"));
            else groups.put(g.name(), g);
            if (requireSecrets
                    && g.authentication() != null
                    && g.authentication().type() == Enums.AuthType.PASS
                    && g.authentication().password() == null) {
                errors.add(FieldError.on(o, at, "/authentication/password", "is required for type pass"));
            }
            for (int m = 0; m < g.members().size(); m++) {
                String d = g.members().get(m).director();
                if (!directorNames.contains(d))
                    errors.add(FieldError.on(o, at, "/members/" + m + "/director", "no director named '" + d + "'"));
                String other = vridOwners.putIfAbsent(vridKey(g, d), g.name());
                if (other != null && !other.equals(g.name())) {
                    errors.add(FieldError.on(o, at, "/vrid", vridCollision(g, d, other)));
                }
            }
        }
        Map<String, VirtualServer> byName = new HashMap<>();
        Map<String, Integer> vsIndex = new HashMap<>();
        for (int i = 0; i < doc.virtualServers().size(); i++) {
            VirtualServer v = doc.virtualServers().get(i);
            if (vsIndex.putIfAbsent(v.name(), i) == null) byName.put(v.name(), v);
        }
        for (VirtualServer v : stays.virtualServers()) byName.putIfAbsent(v.name(), v);
        for (int i = 0; i < doc.vrrpGroups().size(); i++) {
            checkTrackedVirtualServers(doc.vrrpGroups().get(i), byName::get, "/vrrpGroups/" + i, errors);
        }
        checkSyncGroupHooks(doc, stays, errors);
        Map<String, String> services = new HashMap<>();
        for (VirtualServer v : stays.virtualServers())
            services.putIfAbsent(
                    serviceKey(v.service()), "virtual server '" + v.name() + "' (stored, not in this document)");
        Set<String> vsNames = new HashSet<>();
        for (int i = 0; i < doc.virtualServers().size(); i++) {
            VirtualServer v = doc.virtualServers().get(i);
            String at = "/virtualServers/" + i;
            ResourceRef o = ResourceRef.virtualServer(v.name());
            if (!vsNames.add(v.name())) errors.add(FieldError.on(o, at, "/name", "'" + v.name() + "' is used twice"));
            String other = services.putIfAbsent(serviceKey(v.service()), at);
            if (other != null)
                errors.add(FieldError.on(
                        o,
                        at,
                        (v.service() instanceof VirtualServer.FwmarkService ? "/fwmark" : "/address"),
                        "the same service as " + other));
            checkReferences(
                    v,
                    groups.get(v.vrrpGroup()),
                    v.vrrpGroup() == null || groups.containsKey(v.vrrpGroup()),
                    directorNames,
                    at,
                    errors);
        }
        checkStaying(stays, directorNames, groups, groupIndex, byName, vsIndex, errors);
    }

    /** What the staying resources need from the document: their directors, groups, addresses and tracked virtual servers. */
    private static void checkStaying(
            ConfigDocument stays,
            Set<String> directorNames,
            Map<String, VrrpGroup> groups,
            Map<String, Integer> groupIndex,
            Map<String, VirtualServer> virtualServers,
            Map<String, Integer> vsIndex,
            List<FieldError> errors) {
        for (VrrpGroup g : stays.vrrpGroups()) {
            String which = "VRRP group '" + g.name() + "' (stored, not in this document)";
            for (VrrpGroup.Member m : g.members()) {
                if (!directorNames.contains(m.director())) {
                    errors.add(new FieldError(
                            "/directors",
                            "director '" + m.director() + "' is deleted, but " + which + " has it as a member"));
                }
            }
            for (VrrpGroup.TrackVirtualServer t : g.trackVirtualServers()) {
                VirtualServer v = virtualServers.get(t.virtualServer());
                if (v == null) {
                    errors.add(new FieldError(
                            "/virtualServers",
                            "virtual server '" + t.virtualServer() + "' is deleted, but " + which + " tracks it"));
                    continue;
                }
                Integer i = vsIndex.get(v.name());
                String missing = unservedMember(g, v);
                if (i != null && missing != null)
                    errors.add(FieldError.on(
                            ResourceRef.virtualServer(v.name()),
                            "/virtualServers/" + i,
                            "",
                            trackedNotServed(g, v, missing)));
            }
        }
        for (VirtualServer v : stays.virtualServers()) {
            String which = "virtual server '" + v.name() + "' (stored, not in this document)";
            if (v.vrrpGroup() != null) {
                VrrpGroup g = groups.get(v.vrrpGroup());
                Integer i = groupIndex.get(v.vrrpGroup());
                if (g == null) {
                    errors.add(new FieldError(
                            "/vrrpGroups", "VRRP group '" + v.vrrpGroup() + "' is deleted, but " + which + " uses it"));
                } else if (i != null
                        && v.service() instanceof VirtualServer.InetService s
                        && g.virtualAddresses().stream()
                                .noneMatch(a -> a.address().address().equals(s.address()))) {
                    errors.add(FieldError.on(
                            ResourceRef.vrrpGroup(g.name()),
                            "/vrrpGroups/" + i,
                            "/virtualAddresses",
                            which + " uses address " + Addresses.format(s.address()) + " of this group"));
                }
            }
            for (String d : v.directors()) {
                if (!directorNames.contains(d))
                    errors.add(new FieldError(
                            "/directors", "director '" + d + "' is deleted, but " + which + " names it"));
            }
        }
    }

    /**
     * Stored real servers of {@code v} that stay beside the document's ones ({@code stay}: not named in
     * {@code v}, kept because prune is off): each must still fit {@code v} and not take another's endpoint.
     */
    public static void checkStayingRealServers(
            VirtualServer v, List<RealServer> stay, String at, List<FieldError> errors) {
        if (stay.isEmpty()) return;
        ResourceRef o = ResourceRef.virtualServer(v.name());
        Map<String, Integer> endpoints = new HashMap<>();
        for (int i = 0; i < v.realServers().size(); i++) {
            RealServer r = v.realServers().get(i);
            endpoints.putIfAbsent(Addresses.format(r.address()) + "|" + effectivePort(v, r), i);
        }
        for (RealServer r : stay) {
            String which = "real server '" + r.name() + "' (stored, not in this document)";
            List<FieldError> misfits = new ArrayList<>();
            checkRealServer(v, r, "", misfits);
            for (FieldError e : misfits)
                errors.add(FieldError.on(
                        o,
                        at,
                        "/realServers",
                        which + " stays and no longer fits: " + e.field().substring(1) + " " + e.message()));
            Integer i = endpoints.get(Addresses.format(r.address()) + "|" + effectivePort(v, r));
            if (i != null)
                errors.add(FieldError.on(
                        ResourceRef.realServer(v.name(), v.realServers().get(i).name()),
                        at + "/realServers/" + i,
                        "/address",
                        "same address and port as " + which));
        }
    }

    /** True when no director serves {@code v}: it has neither a VRRP group nor directors. */
    public static boolean servedByNone(VirtualServer v) {
        return v.vrrpGroup() == null && v.directors().isEmpty();
    }

    private static String vridKey(VrrpGroup g, String director) {
        return director + "|" + g.iface() + "|" + g.family() + "|" + g.vrid();
    }

    public static String vridCollision(VrrpGroup g, String director, String other) {
        return "VRID " + g.vrid() + " is already used on interface " + g.iface() + " of director '" + director
                + "' by group '" + other + "'";
    }

    /** References of a virtual server: its VRRP group (and that the group carries its address), its directors. */
    public static void checkReferences(
            VirtualServer v,
            VrrpGroup group,
            boolean groupExists,
            Set<String> directorNames,
            String at,
            List<FieldError> errors) {
        ResourceRef o = ResourceRef.virtualServer(v.name());
        if (v.vrrpGroup() != null && !groupExists) {
            errors.add(FieldError.on(o, at, "/vrrpGroup", "no VRRP group named '" + v.vrrpGroup() + "'"));
        }
        if (group != null && v.service() instanceof VirtualServer.InetService s) {
            boolean carried = group.virtualAddresses().stream()
                    .anyMatch(a -> a.address().address().equals(s.address()));
            if (!carried)
                errors.add(FieldError.on(
                        o,
                        at,
                        "/vrrpGroup",
                        "group '" + group.name() + "' does not carry address " + Addresses.format(s.address())));
        }
        for (int d = 0; d < v.directors().size(); d++) {
            if (!directorNames.contains(v.directors().get(d)))
                errors.add(FieldError.on(
                        o,
                        at,
                        "/directors/" + d,
                        "no director named '" + v.directors().get(d) + "'"));
        }
    }

    /** The kernel's identity of a service: protocol, address and port, or family and mark. */
    public static String serviceKey(VirtualServer.Service s) {
        if (s instanceof VirtualServer.InetService i)
            return i.protocol() + "|" + Addresses.format(i.address()) + "|" + i.port();
        VirtualServer.FwmarkService f = (VirtualServer.FwmarkService) s;
        return "fwmark|" + f.family() + "|" + f.fwmark();
    }
}
