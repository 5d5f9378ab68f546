package io.fulcrum.keepalived;

import io.fulcrum.keepalived.ImportReport.Status;
import io.fulcrum.model.Defaults;
import io.fulcrum.model.Enums;
import io.fulcrum.model.Hook;
import io.fulcrum.model.VrrpGroup;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One vrrp_instance to a VRRP group with this director as its one member. */
final class VrrpImport {
    private VrrpImport() {}

    static VrrpGroup instance(ConfNode inst, KeepalivedImport.Ctx ctx, ImportReport report) {
        String name = Words.name(inst.arg(0) == null ? "vrrp" : inst.arg(0));
        String iface = null;
        Integer vrid = null;
        int priority = KeepalivedImport.KEEPALIVED_PRIORITY;
        Enums.InitialState state = Defaults.INITIAL_STATE;
        Duration advert = Defaults.ADVERT_INTERVAL;
        boolean preempt = Defaults.PREEMPT;
        Duration preemptDelay = Defaults.PREEMPT_DELAY;
        VrrpGroup.Authentication auth = null;
        InetAddress unicastSrc = null;
        boolean unicast = false;
        List<VrrpGroup.VirtualAddress> vips = new ArrayList<>();
        List<VrrpGroup.TrackInterface> trackIfaces = new ArrayList<>();
        List<VrrpGroup.TrackScript> trackScripts = new ArrayList<>();
        Hook[] notify = new Hook[5];
        VrrpGroup.Garp garp = ctx.garp;
        int version = ctx.version;
        boolean vmac = false;
        VrrpGroup.ConnectionSync sync = ctx.syncDaemon.getOrDefault(name, ctx.syncDaemonAll);
        List<ConfNode> ownInterfaces = new ArrayList<>();
        report.add(inst, Status.MAPPED, "VRRP group " + name + ", member " + ctx.director);
        for (ConfNode n : inst.children()) {
            Status st = Status.MAPPED;
            String note = null;
            switch (n.keyword()) {
                case "state" ->
                    state = "MASTER".equalsIgnoreCase(n.arg(0)) ? Enums.InitialState.MASTER : Enums.InitialState.BACKUP;
                case "interface" -> iface = n.arg(0);
                case "virtual_router_id" -> vrid = Words.integer(n.arg(0));
                case "priority" -> priority = Words.number(n, 0);
                case "advert_int" -> advert = Words.seconds(n, 0);
                case "nopreempt" -> preempt = false;
                case "preempt" -> preempt = true;
                case "preempt_delay" -> preemptDelay = Words.seconds(n, 0);
                case "version" -> version = Words.number(n, 0);
                case "use_vmac" -> vmac = true;
                case "authentication" -> {
                    auth = KeepalivedImport.authentication(n, report);
                    continue;
                }
                case "virtual_ipaddress", "virtual_ipaddress_excluded" -> {
                    if (n.keyword().endsWith("excluded")) {
                        st = Status.APPROXIMATED;
                        note = "carried like virtual_ipaddress (Fulcrum's adverts list every address)";
                    }
                    for (ConfNode a : n.children()) {
                        VrrpGroup.VirtualAddress va = KeepalivedImport.virtualAddress(a, report);
                        if (va == null) continue;
                        if (vips.stream()
                                .anyMatch(v -> v.address()
                                        .address()
                                        .equals(va.address().address()))) {
                            report.add(
                                    a,
                                    Status.APPROXIMATED,
                                    "the same address again: keepalived adds it once;"
                                            + " the first entry is kept (a group carries an address once)");
                            continue;
                        }
                        vips.add(va);
                    }
                }
                case "unicast_src_ip" -> {
                    unicastSrc = Words.address(n.arg(0));
                    unicast = true;
                    note = "the member's unicastAddress";
                }
                case "unicast_peer" -> {
                    unicast = true;
                    note = "unicast: the peers are the other members' unicastAddress (import their keepalived.conf"
                            + " with this one)";
                    for (ConfNode p : n.children())
                        report.add(p, Status.MAPPED, "a peer: the unicastAddress of another member");
                }
                case "track_interface" -> {
                    for (ConfNode t : n.children()) {
                        Integer w = "weight".equals(t.arg(0)) ? Words.integer(t.arg(1)) : null;
                        trackIfaces.add(new VrrpGroup.TrackInterface(t.keyword(), w));
                        report.add(t, Status.MAPPED, null);
                    }
                    ownInterfaces.add(n);
                }
                case "track_script" -> {
                    for (ConfNode t : n.children()) {
                        VrrpGroup.TrackScript s = ctx.scripts.get(t.keyword());
                        if (s == null) {
                            report.add(t, Status.NOT_SUPPORTED, "no usable vrrp_script of this name (see its entry)");
                            continue;
                        }
                        if ("weight".equals(t.arg(0)) && Words.integer(t.arg(1)) != null)
                            s = new VrrpGroup.TrackScript(
                                    s.name(),
                                    s.script(),
                                    s.arguments(),
                                    s.interval(),
                                    s.timeout(),
                                    Words.integer(t.arg(1)),
                                    s.fall(),
                                    s.rise());
                        trackScripts.add(s);
                        report.add(t, Status.MAPPED, null);
                    }
                }
                case "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify" -> {
                    ScriptLines.Parsed p = ScriptLines.hook(n);
                    notify[NOTIFY.indexOf(n.keyword())] = p.hook();
                    st = p.status();
                    note = p.note();
                }
                case "garp_master_delay" ->
                    garp = new VrrpGroup.Garp(
                            Words.seconds(n, 0), garp.masterRepeat(), garp.masterRefresh(), garp.masterRefreshRepeat());
                case "garp_master_repeat" ->
                    garp = new VrrpGroup.Garp(
                            garp.masterDelay(),
                            Words.integer(n.arg(0)),
                            garp.masterRefresh(),
                            garp.masterRefreshRepeat());
                case "garp_master_refresh" ->
                    garp = new VrrpGroup.Garp(
                            garp.masterDelay(), garp.masterRepeat(), Words.seconds(n, 0), garp.masterRefreshRepeat());
                case "garp_master_refresh_repeat" ->
                    garp = new VrrpGroup.Garp(
                            garp.masterDelay(), garp.masterRepeat(), garp.masterRefresh(), Words.integer(n.arg(0)));
                case "lvs_sync_daemon_interface" -> {
                    sync = new VrrpGroup.ConnectionSync(n.arg(0), Defaults.SYNC_ID);
                    note = "connectionSync";
                }
                default -> {
                    st = Status.NOT_SUPPORTED;
                    note = INSTANCE_UNSUPPORTED.getOrDefault(n.keyword(), "not a vrrp_instance keyword Fulcrum knows");
                    if (n.isBlock())
                        for (ConfNode c : n.children()) report.add(c, Status.NOT_SUPPORTED, "inside " + n.keyword());
                }
            }
            report.add(n, st, note);
        }
        // keepalived: "Ignoring track_interface eth0 since own interface" (its config test then fails):
        // the group's own interface is tracked anyway, in keepalived as in Fulcrum
        for (ConfNode n : ownInterfaces)
            for (ConfNode t : n.children())
                if (t.keyword().equals(iface) && t.args().isEmpty()) {
                    trackIfaces.removeIf(ti -> ti.iface().equals(t.keyword()) && ti.weight() == null);
                    report.add(t, Status.APPROXIMATED, "the group's own interface: always tracked, as keepalived does");
                }
        if (state == Enums.InitialState.MASTER && (!preempt || !preemptDelay.isZero())) {
            // keepalived: "nopreempt will not work with initial state MASTER - clearing" (and preempt_delay)
            for (ConfNode n : inst.children())
                if (n.keyword().equals("nopreempt") || n.keyword().equals("preempt_delay"))
                    report.add(
                            n,
                            Status.APPROXIMATED,
                            "ignored, as keepalived ignores it on an instance in state"
                                    + " MASTER (\"clearing\"); use state BACKUP on every member for it to work");
            preempt = true;
            preemptDelay = Defaults.PREEMPT_DELAY;
        }
        if (iface == null || vrid == null || vips.isEmpty()) {
            report.add(inst, Status.NOT_SUPPORTED, "needs interface, virtual_router_id and virtual_ipaddress");
            return null;
        }
        String syncGroup = ctx.syncGroupOf.get(inst.arg(0));
        VrrpGroup.Notify hooks = notify(notify);
        return new VrrpGroup(
                name,
                null,
                Map.of(),
                vrid,
                iface,
                version,
                advert,
                vips,
                List.of(new VrrpGroup.Member(ctx.director, priority, state, unicastSrc)),
                preempt,
                preemptDelay,
                auth,
                unicast,
                syncGroup,
                trackIfaces,
                trackScripts,
                garp,
                hooks,
                vmac,
                sync,
                List.of(),
                syncGroup == null ? null : ctx.syncGroupHooks.get(syncGroup));
    }

    /** keepalived's notify keywords in {@link VrrpGroup.Notify}'s order (the generic notify is {@code any}). */
    static final List<String> NOTIFY =
            List.of("notify_master", "notify_backup", "notify_fault", "notify_stop", "notify");

    /** The hooks in {@link #NOTIFY}'s order as a Notify, or null when none is given. */
    static VrrpGroup.Notify notify(Hook[] h) {
        for (Hook x : h) if (x != null) return new VrrpGroup.Notify(h[0], h[1], h[2], h[3], h[4]);
        return null;
    }

    static final Map<String, String> INSTANCE_UNSUPPORTED = Map.ofEntries(
            Map.entry("smtp_alert", "Fulcrum sends no mail: watch the events API"),
            Map.entry("dont_track_primary", "the group's interface is always tracked"),
            Map.entry("track_process", "Fulcrum tracks scripts and interfaces; use a track script"),
            Map.entry("track_file", "Fulcrum tracks scripts and interfaces; use a track script"),
            Map.entry("virtual_routes", "routes are the host's configuration"),
            Map.entry("virtual_rules", "rules are the host's configuration"),
            Map.entry("mcast_src_ip", "adverts leave from the interface's primary address"),
            Map.entry("garp_lower_prio_repeat", "not implemented"),
            Map.entry("native_ipv6", "the family follows the virtual addresses"));
}
