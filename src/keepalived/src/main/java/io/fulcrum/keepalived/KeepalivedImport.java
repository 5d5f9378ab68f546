package io.fulcrum.keepalived;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.keepalived.ImportReport.Status;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Defaults;
import io.fulcrum.model.Director;
import io.fulcrum.model.Enums;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.Hook;
import io.fulcrum.model.IpPrefix;
import io.fulcrum.model.Secret;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * keepalived.conf files to one configuration document. Each file given is one director's
 * configuration, or several directors' when it has {@code @name} lines (one director per name);
 * a vrrp_instance of the same name on several directors becomes one VRRP group with a member per
 * director, and a virtual_server of the same service becomes one virtual server. Every keyword goes
 * into the {@link ImportReport}.
 */
public final class KeepalivedImport {

    public record Result(ConfigDocument document, ImportReport report, List<FieldError> refused) {}

    /** keepalived's priority when an instance gives none (keepalived.conf(5): "priority 100"). */
    static final int KEEPALIVED_PRIORITY = 100;

    private final ImportReport report = new ImportReport();
    private final Map<String, Director> directors = new LinkedHashMap<>();
    private final Map<String, VrrpGroup> groups = new LinkedHashMap<>();
    private final Map<String, VirtualServer> servers = new LinkedHashMap<>();

    private KeepalivedImport() {}

    /**
     * The document as the control plane takes it, VRRP passwords included: they are the operator's own
     * input, and a group with authentication needs its password to be created ({@link
     * DocumentCodec#encode(ConfigDocument)} leaves passwords out, as every export does).
     */
    public static ObjectNode encode(ConfigDocument doc) {
        ObjectNode o = DocumentCodec.encode(doc);
        for (int i = 0; i < doc.vrrpGroups().size(); i++) {
            VrrpGroup.Authentication a = doc.vrrpGroups().get(i).authentication();
            if (a != null && a.password() != null)
                ((ObjectNode) o.at("/vrrpGroups/" + i + "/authentication"))
                        .put("password", a.password().reveal());
        }
        return o;
    }

    /** Reads {@code files} from disk. */
    public static Result importFiles(List<Path> files) {
        return importFrom(ConfReader.FILES, files);
    }

    public static Result importFrom(ConfReader.Source source, List<Path> files) {
        KeepalivedImport imp = new KeepalivedImport();
        int index = 0;
        for (Path f : files) {
            ConfReader probe = new ConfReader(source, null);
            List<ConfNode> plain = probe.read(List.of(f));
            for (String w : probe.warnings()) imp.report.note(f.toString(), "keepalived.conf", Status.APPROXIMATED, w);
            for (ConfNode i : probe.includes())
                imp.report.add(
                        i,
                        Status.MAPPED,
                        i.args().isEmpty() ? "matches no file" : "read: " + String.join(", ", i.args()));
            if (probe.conditionNames().isEmpty()) {
                imp.director(plain, baseName(f), f.toString(), ++index);
            } else {
                for (String node : probe.conditionNames()) {
                    List<ConfNode> view = new ConfReader(source, node).read(List.of(f));
                    imp.director(view, node, f.toString(), ++index);
                }
            }
        }
        return imp.result();
    }

    private static String baseName(Path f) {
        String n = f.getFileName().toString();
        if (n.equals("keepalived.conf")
                && f.getParent() != null
                && f.getParent().getFileName() != null)
            n = f.getParent().getFileName().toString();
        return n.replaceFirst("\\.conf$", "");
    }

    private Result result() {
        ConfigDocument doc = new ConfigDocument(
                null, List.copyOf(directors.values()), List.copyOf(groups.values()), List.copyOf(servers.values()));
        List<FieldError> refused = new ArrayList<>();
        try {
            // what the control plane would say: the document goes through the one codec, as plan/apply read it
            DocumentCodec.decodeDocument(encode(doc), true);
        } catch (ValidationException e) {
            refused.addAll(e.errors());
        }
        return new Result(doc, report, refused);
    }

    // ------------------------------------------------------------------ one director

    /** Per-director state while its tree is mapped. */
    static final class Ctx {
        String director;
        VrrpGroup.Garp garp = Defaults.GARP;
        int version = Defaults.VRRP_VERSION;
        final Map<String, VrrpGroup.TrackScript> scripts = new HashMap<>();
        final Map<String, String> syncGroupOf = new HashMap<>();
        /** Each sync group's hooks (vrrp_sync_group's notify_*), by its Fulcrum name. */
        final Map<String, VrrpGroup.Notify> syncGroupHooks = new HashMap<>();

        final Map<String, VrrpGroup.ConnectionSync> syncDaemon = new HashMap<>();
        VrrpGroup.ConnectionSync syncDaemonAll;
        final Map<String, ConfNode> serverGroups = new HashMap<>();
        final List<VrrpGroup> groups = new ArrayList<>();
    }

    private void director(List<ConfNode> tree, String fallbackName, String file, int index) {
        Ctx ctx = new Ctx();
        String routerId = null;
        InetAddress mgmt = null;
        // global things first: keepalived reads the whole file before it builds anything
        for (ConfNode n : tree) {
            switch (n.keyword()) {
                case "global_defs" -> routerId = globalDefs(n, ctx);
                case "vrrp_script" -> vrrpScript(n, ctx);
                case "vrrp_sync_group" -> syncGroup(n, ctx);
                case "virtual_server_group" -> {
                    ctx.serverGroups.put(n.arg(0), n);
                    report.add(
                            n,
                            Status.APPROXIMATED,
                            "each address, range and fwmark becomes a virtual server"
                                    + " with the group's settings (label keepalived/virtual-server-group); identical"
                                    + " checks of a real server are probed once");
                }
                default -> {}
            }
        }
        String name = Words.name(routerId != null ? routerId : fallbackName);
        if (directors.containsKey(name)) {
            String taken = name;
            name = Words.name(fallbackName);
            if (directors.containsKey(name) || name.equals(taken)) name = Words.name(taken + "-" + index);
            report.note(
                    file,
                    "router_id",
                    Status.APPROXIMATED,
                    "router_id " + taken + " is already another director's: this one is named " + name);
        }
        ctx.director = name;
        for (ConfNode n : tree) {
            switch (n.keyword()) {
                case "global_defs", "vrrp_script", "vrrp_sync_group", "virtual_server_group" -> {}
                case "vrrp_instance" -> {
                    VrrpGroup g = VrrpImport.instance(n, ctx, report);
                    if (g != null) ctx.groups.add(g);
                }
                case "virtual_server" -> {}
                default -> unsupported(n);
            }
        }
        for (VrrpGroup g : ctx.groups) {
            for (VrrpGroup.Member m : g.members())
                if (m.unicastAddress() != null && mgmt == null) mgmt = m.unicastAddress();
            mergeGroup(g, n(tree, "vrrp_instance", g.name()));
        }
        for (ConfNode n : tree) {
            if (!n.keyword().equals("virtual_server")) continue;
            for (VirtualServer v : ServerImport.virtualServer(n, ctx, report)) mergeServer(v, n);
        }
        if (mgmt == null) {
            mgmt = Words.address("192.0.2." + Math.min(254, index));
            report.note(
                    file,
                    "director " + name,
                    Status.APPROXIMATED,
                    "keepalived.conf has no management address: set to " + "192.0.2." + Math.min(254, index)
                            + " (TEST-NET-1); change managementAddress before the agent enrolls");
        }
        directors.put(name, new Director(name, mgmt, null, Map.of()));
    }

    private static ConfNode n(List<ConfNode> tree, String keyword, String arg) {
        for (ConfNode n : tree)
            if (n.keyword().equals(keyword) && arg.equals(Words.name(n.arg(0) == null ? "" : n.arg(0)))) return n;
        return tree.isEmpty() ? null : tree.get(0);
    }

    void unsupported(ConfNode n) {
        report.add(n, Status.NOT_SUPPORTED, UNSUPPORTED.getOrDefault(n.keyword(), "not a keyword Fulcrum knows"));
        if (n.isBlock())
            for (ConfNode c : n.children()) report.add(c, Status.NOT_SUPPORTED, "inside an unsupported block");
    }

    static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("static_ipaddress", "addresses outside VRRP are the host's configuration, not Fulcrum's"),
            Map.entry("static_routes", "routes are the host's configuration, not Fulcrum's"),
            Map.entry("static_rules", "rules are the host's configuration, not Fulcrum's"),
            Map.entry("vrrp_track_process", "Fulcrum tracks scripts and interfaces; use a track script"),
            Map.entry("track_file", "Fulcrum tracks scripts and interfaces; use a track script"),
            Map.entry("bfd_instance", "BFD is not implemented"),
            Map.entry("linkbeat_interfaces", "link state comes from rtnetlink"),
            Map.entry("notification_email", "Fulcrum sends no mail: watch the events API"),
            Map.entry("notification_email_from", "Fulcrum sends no mail: watch the events API"),
            Map.entry("smtp_server", "Fulcrum sends no mail: watch the events API"),
            Map.entry("smtp_connect_timeout", "Fulcrum sends no mail: watch the events API"),
            Map.entry("smtp_alert", "Fulcrum sends no mail: watch the events API"),
            Map.entry("vrrp_strict", "Fulcrum follows RFC 3768/5798; strict mode's extra refusals are not applied"),
            Map.entry("ha_suspend", "not implemented: Fulcrum checks real servers on every director, master or not"));

    // ------------------------------------------------------------------ global blocks

    private String globalDefs(ConfNode g, Ctx ctx) {
        report.add(g, Status.MAPPED, null);
        String routerId = null;
        VrrpGroup.Garp garp = ctx.garp;
        for (ConfNode n : g.children()) {
            switch (n.keyword()) {
                case "router_id" -> {
                    routerId = n.arg(0);
                    report.add(n, Status.MAPPED, "the director's name");
                }
                case "vrrp_garp_master_delay" -> {
                    garp = new VrrpGroup.Garp(
                            Words.seconds(n, 0), garp.masterRepeat(), garp.masterRefresh(), garp.masterRefreshRepeat());
                    report.add(n, Status.MAPPED, "garp.masterDelaySeconds of every group of this director");
                }
                case "vrrp_garp_master_repeat" -> {
                    garp = new VrrpGroup.Garp(
                            garp.masterDelay(),
                            Words.integer(n.arg(0)),
                            garp.masterRefresh(),
                            garp.masterRefreshRepeat());
                    report.add(n, Status.MAPPED, "garp.masterRepeat of every group of this director");
                }
                case "vrrp_garp_master_refresh" -> {
                    garp = new VrrpGroup.Garp(
                            garp.masterDelay(), garp.masterRepeat(), Words.seconds(n, 0), garp.masterRefreshRepeat());
                    report.add(n, Status.MAPPED, "garp.masterRefreshSeconds of every group of this director");
                }
                case "vrrp_garp_master_refresh_repeat" -> {
                    garp = new VrrpGroup.Garp(
                            garp.masterDelay(), garp.masterRepeat(), garp.masterRefresh(), Words.integer(n.arg(0)));
                    report.add(n, Status.MAPPED, "garp.masterRefreshRepeat of every group of this director");
                }
                case "vrrp_version" -> {
                    ctx.version = Words.number(n, 0);
                    report.add(n, Status.MAPPED, "version of every group of this director");
                }
                case "enable_script_security", "script_user" ->
                    report.add(
                            n,
                            Status.APPROXIMATED,
                            "Fulcrum's agents always run scripts as nobody, from their allowed script directory");
                case "lvs_sync_daemon" -> {
                    // lvs_sync_daemon <INTERFACE> [<VRRP_INSTANCE>] [id <SYNC_ID>] [maxlen ...] [port ...] ...
                    String inst = null;
                    int id = Defaults.SYNC_ID;
                    boolean extra = false;
                    for (int i = 1; i < n.args().size(); i++) {
                        String a = n.arg(i);
                        if (a.equals("id") && i + 1 < n.args().size()) id = Words.number(n, ++i);
                        else if (List.of("maxlen", "port", "ttl", "group").contains(a)) {
                            extra = true;
                            i++;
                        } else if (i == 1) inst = a;
                    }
                    VrrpGroup.ConnectionSync cs = new VrrpGroup.ConnectionSync(n.arg(0), id);
                    if (inst != null) ctx.syncDaemon.put(Words.name(inst), cs);
                    else ctx.syncDaemonAll = cs;
                    report.add(
                            n,
                            extra ? Status.APPROXIMATED : Status.MAPPED,
                            "connectionSync of " + (inst != null ? "group " + inst : "every group")
                                    + (extra ? "; maxlen/port/ttl/group keep the kernel's defaults" : ""));
                }
                default -> {
                    if (UNSUPPORTED.containsKey(n.keyword())) unsupported(n);
                    else report.add(n, Status.NOT_SUPPORTED, "a global setting Fulcrum has no counterpart for");
                }
            }
        }
        ctx.garp = garp;
        return routerId;
    }

    private void vrrpScript(ConfNode s, Ctx ctx) {
        String name = s.arg(0);
        if (name == null) {
            report.add(s, Status.NOT_SUPPORTED, "a vrrp_script needs a name");
            return;
        }
        String script = null;
        List<String> argv = null;
        Duration interval = Defaults.TRACK_SCRIPT_INTERVAL, timeout = Defaults.TRACK_SCRIPT_TIMEOUT;
        int weight = Defaults.TRACK_SCRIPT_WEIGHT, fall = Defaults.TRACK_SCRIPT_FALL, rise = Defaults.TRACK_SCRIPT_RISE;
        boolean ok = true;
        for (ConfNode n : s.children()) {
            switch (n.keyword()) {
                case "script" -> {
                    script = n.arg(0);
                    argv = script == null ? null : Words.scriptLine(script);
                    String leftOut = ScriptLines.wordsLeftOut(n);
                    if (leftOut != null) report.add(n, Status.APPROXIMATED, leftOut);
                    else report.add(n, Status.MAPPED, "the track script's path and arguments");
                }
                case "interval" -> {
                    interval = Words.seconds(n, 0);
                    report.add(n, Status.MAPPED, null);
                }
                case "timeout" -> {
                    timeout = Words.seconds(n, 0);
                    report.add(n, Status.MAPPED, null);
                }
                case "weight" -> {
                    weight = Words.number(n, 0);
                    report.add(
                            n,
                            n.args().size() > 1 ? Status.APPROXIMATED : Status.MAPPED,
                            n.args().size() > 1 ? "'reverse' is not supported" : null);
                }
                case "fall" -> {
                    fall = Words.number(n, 0);
                    report.add(n, Status.MAPPED, null);
                }
                case "rise" -> {
                    rise = Words.number(n, 0);
                    report.add(n, Status.MAPPED, null);
                }
                case "user" -> report.add(n, Status.NOT_SUPPORTED, "agents run scripts as nobody");
                default -> report.add(n, Status.NOT_SUPPORTED, "not a vrrp_script keyword Fulcrum knows");
            }
        }
        if (script == null) {
            report.add(s, Status.NOT_SUPPORTED, "no script");
            return;
        }
        String refused = ScriptLines.refused(argv, script);
        if (refused != null) {
            report.add(s, Status.NOT_SUPPORTED, refused + " (track that script)");
            ok = false;
        }
        if (!ok) return;
        report.add(s, Status.MAPPED, "a track script of the groups whose track_script names it");
        ctx.scripts.put(
                name,
                new VrrpGroup.TrackScript(
                        Words.name(name),
                        argv.get(0),
                        argv.subList(1, argv.size()),
                        interval,
                        timeout,
                        weight,
                        fall,
                        rise));
    }

    private void syncGroup(ConfNode s, Ctx ctx) {
        if (s.arg(0) == null) {
            report.add(s, Status.NOT_SUPPORTED, "a vrrp_sync_group needs a name");
            return;
        }
        report.add(s, Status.MAPPED, "syncGroup of its instances");
        Hook[] hooks = new Hook[VrrpImport.NOTIFY.size()];
        for (ConfNode n : s.children()) {
            if (n.keyword().equals("group") && n.isBlock()) {
                report.add(n, Status.MAPPED, null);
                for (ConfNode m : n.children()) {
                    report.add(m, Status.MAPPED, null);
                    ctx.syncGroupOf.put(m.keyword(), Words.name(s.arg(0)));
                    for (String a : m.args()) ctx.syncGroupOf.put(a, Words.name(s.arg(0)));
                }
            } else if (VrrpImport.NOTIFY.contains(n.keyword())) {
                ScriptLines.Parsed p = ScriptLines.hook(n);
                hooks[VrrpImport.NOTIFY.indexOf(n.keyword())] = p.hook();
                report.add(
                        n,
                        p.status(),
                        p.hook() == null
                                ? p.note()
                                : "syncGroupNotify of each of its groups" + (p.note() == null ? "" : "; " + p.note()));
            } else {
                report.add(n, Status.NOT_SUPPORTED, "not a vrrp_sync_group keyword Fulcrum knows");
            }
        }
        VrrpGroup.Notify notify = VrrpImport.notify(hooks);
        if (notify != null) ctx.syncGroupHooks.put(Words.name(s.arg(0)), notify);
    }

    // ------------------------------------------------------------------ merging directors

    private void mergeGroup(VrrpGroup g, ConfNode at) {
        VrrpGroup before = groups.get(g.name());
        if (before == null) {
            groups.put(g.name(), g);
            return;
        }
        List<VrrpGroup.Member> members = new ArrayList<>(before.members());
        members.addAll(g.members());
        if (before.vrid() != g.vrid() || !before.iface().equals(g.iface()))
            report.add(
                    at,
                    Status.APPROXIMATED,
                    "differs between directors (virtual_router_id or interface): the" + " first director's is kept");
        Set<VrrpGroup.VirtualAddress> vips = new LinkedHashSet<>(before.virtualAddresses());
        if (!vips.containsAll(g.virtualAddresses())
                || vips.size() != g.virtualAddresses().size())
            report.add(
                    at,
                    Status.APPROXIMATED,
                    "virtual_ipaddress differs between directors: the first director's is kept");
        groups.put(
                g.name(),
                new VrrpGroup(
                        before.name(),
                        before.description(),
                        before.labels(),
                        before.vrid(),
                        before.iface(),
                        before.version(),
                        before.advertInterval(),
                        before.virtualAddresses(),
                        members,
                        before.preempt(),
                        before.preemptDelay(),
                        before.authentication(),
                        before.unicast() || g.unicast(),
                        before.syncGroup(),
                        before.trackInterfaces(),
                        before.trackScripts(),
                        before.garp(),
                        before.notifications(),
                        before.vmac(),
                        before.connectionSync() != null ? before.connectionSync() : g.connectionSync(),
                        before.trackVirtualServers(),
                        before.syncGroupNotify() != null ? before.syncGroupNotify() : g.syncGroupNotify()));
    }

    private void mergeServer(VirtualServer v, ConfNode at) {
        VirtualServer before = servers.get(v.name());
        if (before == null) {
            servers.put(v.name(), v);
            return;
        }
        if (before.vrrpGroup() != null && before.vrrpGroup().equals(v.vrrpGroup())) return;
        List<String> dirs = new ArrayList<>(before.directors());
        for (String d : v.directors()) if (!dirs.contains(d)) dirs.add(d);
        if (before.vrrpGroup() != null || v.vrrpGroup() != null)
            report.add(at, Status.APPROXIMATED, "carried by a VRRP group on one director and not on another");
        servers.put(v.name(), withDirectors(before, before.vrrpGroup() != null ? List.of() : dirs));
    }

    static VirtualServer withDirectors(VirtualServer v, List<String> directors) {
        return new VirtualServer(
                v.name(),
                v.description(),
                v.labels(),
                v.service(),
                v.scheduler(),
                v.schedulerFlags(),
                v.forwarding(),
                v.tunnel(),
                v.persistence(),
                v.onePacket(),
                v.healthCheck(),
                v.sorryServer(),
                v.quorum(),
                v.hysteresis(),
                v.notifyQuorumUp(),
                v.notifyQuorumDown(),
                v.omega(),
                v.vrrpGroup(),
                directors,
                v.realServers());
    }

    /** keepalived's virtual_ipaddress entry: "ADDR[/LEN] [dev IF] [label L] ..."; default /32 or /128. */
    static VrrpGroup.VirtualAddress virtualAddress(ConfNode n, ImportReport report) {
        String[] ap = n.keyword().split("/", 2);
        InetAddress a = Words.address(ap[0]);
        if (a == null) {
            report.add(n, Status.NOT_SUPPORTED, "not an address");
            return null;
        }
        int max = a.getAddress().length == 4 ? 32 : 128;
        Integer len = ap.length > 1 ? Words.prefixLength(ap[1]) : Integer.valueOf(max);
        if (len == null || len < 0 || len > max) {
            report.add(n, Status.NOT_SUPPORTED, "'" + ap[1] + "' is not a prefix length of 0.." + max);
            return null;
        }
        String dev = null, label = null;
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < n.args().size(); i++) {
            String k = n.arg(i);
            if (k.equals("dev") && i + 1 < n.args().size()) dev = n.arg(++i);
            else if (k.equals("label") && i + 1 < n.args().size()) label = n.arg(++i);
            else ignored.add(k);
        }
        report.add(
                n,
                ignored.isEmpty() ? Status.MAPPED : Status.APPROXIMATED,
                ignored.isEmpty() ? null : "ignored: " + String.join(" ", ignored) + " (the kernel's defaults apply)");
        return new VrrpGroup.VirtualAddress(new IpPrefix(a, len), dev, label);
    }

    static VrrpGroup.Authentication authentication(ConfNode b, ImportReport report) {
        Enums.AuthType type = Enums.AuthType.NONE;
        String pass = null;
        report.add(b, Status.MAPPED, null);
        for (ConfNode n : b.children()) {
            switch (n.keyword()) {
                case "auth_type" -> {
                    if ("PASS".equalsIgnoreCase(n.arg(0))) {
                        type = Enums.AuthType.PASS;
                        report.add(n, Status.MAPPED, null);
                    } else {
                        report.add(
                                n, Status.NOT_SUPPORTED, "AH is deprecated by RFC 3768 §5.3.6.3; the group gets none");
                    }
                }
                case "auth_pass" -> {
                    pass = n.arg(0);
                    if (pass != null && pass.length() > 8) {
                        pass = pass.substring(0, 8);
                        report.add(n, Status.APPROXIMATED, "truncated to its first 8 characters, as keepalived does");
                    } else report.add(n, Status.MAPPED, null);
                }
                default -> report.add(n, Status.NOT_SUPPORTED, "not an authentication keyword");
            }
        }
        if (type == Enums.AuthType.NONE) return null;
        return new VrrpGroup.Authentication(type, pass == null ? null : new Secret(pass));
    }
}
