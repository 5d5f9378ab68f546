package io.fulcrum.keepalived;

import io.fulcrum.model.Addresses;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Defaults;
import io.fulcrum.model.Enums;
import io.fulcrum.model.HealthCheck;
import io.fulcrum.model.Hook;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One director's part of a configuration document as keepalived.conf: its VRRP groups as
 * vrrp_instance, the virtual servers it serves as virtual_server (those of one virtual_server_group
 * label together again), each real server's effective check as its checker. What keepalived cannot say
 * is written as a '!' comment where it belongs. VRRP passwords are write-only: unless {@code
 * withSecrets}, the authentication block is a comment for the operator to fill in.
 */
public final class KeepalivedExport {
    private final StringBuilder out = new StringBuilder();
    private final boolean withSecrets;

    private KeepalivedExport(boolean withSecrets) {
        this.withSecrets = withSecrets;
    }

    public static String export(ConfigDocument doc, String director, boolean withSecrets) {
        doc.requireDirector(director, "the document");
        return new KeepalivedExport(withSecrets).render(doc, director);
    }

    private String render(ConfigDocument doc, String director) {
        List<VrrpGroup> groups = doc.groupsOf(director);
        line(
                0,
                "! keepalived.conf of director " + director + ", written by Fulcrum"
                        + (doc.revision() != null ? " from revision " + doc.revision() : ""));
        line(0, "global_defs {");
        line(1, "router_id " + director);
        // Fulcrum's agents run every script as nobody; keepalived refuses to run scripts without this
        line(1, "enable_script_security");
        line(1, "script_user nobody");
        for (VrrpGroup g : groups) {
            if (g.connectionSync() != null) {
                line(
                        1,
                        "lvs_sync_daemon " + g.connectionSync().iface() + " " + g.name()
                                + (g.connectionSync().syncId() != Defaults.SYNC_ID
                                        ? " id " + g.connectionSync().syncId()
                                        : ""));
                break;
            }
        }
        line(0, "}");
        Set<String> scripts = new LinkedHashSet<>();
        for (VrrpGroup g : groups)
            for (VrrpGroup.TrackScript s : g.trackScripts()) {
                String name = scriptName(g, s);
                if (!scripts.add(name)) continue;
                line(0, "");
                line(0, "vrrp_script " + name + " {");
                line(1, "script " + scriptLine(s.script(), s.arguments()));
                line(1, "interval " + Words.seconds(s.interval()));
                line(1, "timeout " + Words.seconds(s.timeout()));
                line(1, "weight " + s.weight());
                line(1, "fall " + s.fall());
                line(1, "rise " + s.rise());
                line(0, "}");
            }
        Map<String, List<String>> sync = new LinkedHashMap<>();
        Map<String, VrrpGroup.Notify> syncHooks = new LinkedHashMap<>();
        for (VrrpGroup g : groups)
            if (g.syncGroup() != null) {
                sync.computeIfAbsent(g.syncGroup(), k -> new ArrayList<>()).add(g.name());
                if (g.syncGroupNotify() != null) syncHooks.putIfAbsent(g.syncGroup(), g.syncGroupNotify());
            }
        for (var e : sync.entrySet()) {
            line(0, "");
            line(0, "vrrp_sync_group " + e.getKey() + " {");
            line(1, "group {");
            for (String n : e.getValue()) line(2, n);
            line(1, "}");
            notify(1, syncHooks.get(e.getKey()));
            line(0, "}");
        }
        for (VrrpGroup g : groups) instance(g, director);
        Map<String, List<VirtualServer>> byGroup = new LinkedHashMap<>();
        for (VirtualServer v : doc.servedBy(director)) {
            String label = v.labels().get(ServerImport.GROUP_LABEL);
            byGroup.computeIfAbsent(label != null ? "g:" + label : "v:" + v.name(), k -> new ArrayList<>())
                    .add(v);
        }
        for (var e : byGroup.entrySet()) {
            List<VirtualServer> vs = e.getValue();
            if (e.getKey().startsWith("g:")) {
                String name = e.getKey().substring(2);
                line(0, "");
                line(0, "virtual_server_group " + name + " {");
                for (VirtualServer v : vs) line(1, service(v.service()));
                line(0, "}");
                virtualServer(vs.get(0), "group " + name);
            } else {
                virtualServer(vs.get(0), service(vs.get(0).service()));
            }
        }
        return out.toString();
    }

    private static String scriptName(VrrpGroup g, VrrpGroup.TrackScript s) {
        return s.name();
    }

    private void instance(VrrpGroup g, String director) {
        VrrpGroup.Member me = g.members().stream()
                .filter(m -> m.director().equals(director))
                .findFirst()
                .orElseThrow();
        line(0, "");
        line(0, "vrrp_instance " + g.name() + " {");
        line(1, "state " + me.initialState().name());
        line(1, "interface " + g.iface());
        line(1, "virtual_router_id " + g.vrid());
        line(1, "priority " + me.priority());
        line(1, "advert_int " + Words.seconds(g.advertInterval()));
        if (g.version() != Defaults.VRRP_VERSION) line(1, "version " + g.version());
        if (me.initialState() == Enums.InitialState.MASTER
                && (!g.preempt() || !g.preemptDelay().isZero())) {
            // keepalived clears both on a MASTER instance, and its config test then fails
            line(
                    1,
                    "! preempt " + g.preempt() + ", preempt delay " + Words.seconds(g.preemptDelay())
                            + "s: keepalived ignores nopreempt and preempt_delay in state MASTER");
        } else {
            if (!g.preempt()) line(1, "nopreempt");
            if (!g.preemptDelay().isZero()) line(1, "preempt_delay " + Words.seconds(g.preemptDelay()));
        }
        if (g.vmac()) line(1, "use_vmac");
        if (g.authentication() != null && g.authentication().type() == Enums.AuthType.PASS) {
            if (g.authentication().password() != null && withSecrets) {
                line(1, "authentication {");
                line(2, "auth_type PASS");
                line(2, "auth_pass " + quote(g.authentication().password().reveal()));
                line(1, "}");
            } else {
                // keepalived refuses PASS without a password; the block is left for the operator to write
                line(1, "! authentication { auth_type PASS; auth_pass ... }: the group has a password, write-only in");
                line(1, "! Fulcrum: write the block here, or this director's adverts will not match its peers'");
            }
        }
        line(1, "virtual_ipaddress {");
        for (VrrpGroup.VirtualAddress a : g.virtualAddresses())
            line(
                    2,
                    a.address()
                            + (a.device() != null ? " dev " + a.device() : "")
                            + (a.label() != null ? " label " + a.label() : ""));
        line(1, "}");
        if (g.unicast()) {
            if (me.unicastAddress() != null) line(1, "unicast_src_ip " + Addresses.format(me.unicastAddress()));
            line(1, "unicast_peer {");
            for (VrrpGroup.Member m : g.members())
                if (m != me && m.unicastAddress() != null) line(2, Addresses.format(m.unicastAddress()));
            line(1, "}");
        }
        // the group's own interface is tracked anyway; keepalived refuses it listed without a weight
        List<VrrpGroup.TrackInterface> tracked = g.trackInterfaces().stream()
                .filter(t -> !(t.iface().equals(g.iface()) && t.weight() == null))
                .toList();
        if (!tracked.isEmpty()) {
            line(1, "track_interface {");
            for (VrrpGroup.TrackInterface t : tracked)
                line(2, t.iface() + (t.weight() != null ? " weight " + t.weight() : ""));
            line(1, "}");
        }
        if (!g.trackScripts().isEmpty()) {
            line(1, "track_script {");
            for (VrrpGroup.TrackScript t : g.trackScripts()) line(2, scriptName(g, t));
            line(1, "}");
        }
        if (!g.trackVirtualServers().isEmpty())
            line(
                    1,
                    "! trackVirtualServers " + g.trackVirtualServers()
                            + ": keepalived has no counterpart (a track_script checking the service would be one)");
        if (g.notifications() != null) {
            notify(1, g.notifications());
        }
        VrrpGroup.Garp garp = g.garp();
        if (!garp.masterDelay().equals(Defaults.GARP.masterDelay()))
            line(1, "garp_master_delay " + Words.seconds(garp.masterDelay()));
        if (garp.masterRepeat() != Defaults.GARP.masterRepeat()) line(1, "garp_master_repeat " + garp.masterRepeat());
        if (!garp.masterRefresh().equals(Defaults.GARP.masterRefresh()))
            line(1, "garp_master_refresh " + Words.seconds(garp.masterRefresh()));
        if (garp.masterRefreshRepeat() != Defaults.GARP.masterRefreshRepeat())
            line(1, "garp_master_refresh_repeat " + garp.masterRefreshRepeat());
        line(0, "}");
    }

    /** keepalived's name of a forwarding method; fullnat, which it lacks, is written as NAT (see above). */
    private static String method(Enums.Forwarding f) {
        return f == Enums.Forwarding.FULLNAT ? "NAT" : f.name();
    }

    private static String service(VirtualServer.Service s) {
        if (s instanceof VirtualServer.InetService i) return Addresses.format(i.address()) + " " + i.port();
        return "fwmark " + ((VirtualServer.FwmarkService) s).fwmark();
    }

    private void virtualServer(VirtualServer v, String head) {
        line(0, "");
        line(0, "virtual_server " + head + " {");
        line(1, "lb_algo " + v.scheduler().name().toLowerCase(Locale.ROOT));
        if (v.forwarding() == Enums.Forwarding.FULLNAT)
            line(
                    1,
                    "! fullnat: keepalived has no FULLNAT; written as NAT, so the real servers must route back"
                            + " through the director (Fulcrum's source NAT to fullnatAddresses is not kept)");
        line(1, "lb_kind " + method(v.forwarding()) + tunnel(v));
        for (Enums.SchedulerFlag f : Enums.SchedulerFlag.values())
            if (v.schedulerFlags().contains(f))
                line(1, f.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (v.service() instanceof VirtualServer.InetService i)
            line(1, "protocol " + i.protocol().name());
        if (v.service() instanceof VirtualServer.FwmarkService f && f.family() == Enums.AddressFamily.INET6)
            line(1, "ip_family inet6");
        if (v.persistence() != null) {
            line(1, "persistence_timeout " + v.persistence().timeout().toSeconds());
            if (v.persistence().prefixLength() != null)
                line(
                        1,
                        "persistence_granularity "
                                + granularity(v, v.persistence().prefixLength()));
        }
        if (v.onePacket()) line(1, "ops");
        if (v.omega()) line(1, "omega");
        if (v.quorum() != Defaults.QUORUM) line(1, "quorum " + v.quorum());
        if (v.hysteresis() != Defaults.HYSTERESIS) line(1, "hysteresis " + v.hysteresis());
        if (v.notifyQuorumUp() != null) line(1, "quorum_up " + hook(v.notifyQuorumUp()));
        if (v.notifyQuorumDown() != null) line(1, "quorum_down " + hook(v.notifyQuorumDown()));
        if (v.sorryServer() != null) {
            VirtualServer.SorryServer s = v.sorryServer();
            line(1, "sorry_server " + Addresses.format(s.address()) + (s.port() != null ? " " + s.port() : ""));
            if (s.inhibit()) line(1, "sorry_server_inhibit");
            if (s.forwarding() != null) line(1, "sorry_server_lvs_method " + method(s.forwarding()));
        }
        for (RealServer r : v.realServers()) realServer(v, r);
        line(0, "}");
    }

    private static String granularity(VirtualServer v, int len) {
        if (v.service().family() == Enums.AddressFamily.INET6) return Integer.toString(len);
        long mask = len == 0 ? 0 : (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
        return (mask >> 24 & 255) + "." + (mask >> 16 & 255) + "." + (mask >> 8 & 255) + "." + (mask & 255);
    }

    private static String tunnel(VirtualServer v) {
        if (v.forwarding() != Enums.Forwarding.TUN || v.tunnel() == null) return "";
        VirtualServer.Tunnel t = v.tunnel();
        String s = " type " + t.type().name().toLowerCase(Locale.ROOT);
        if (t.port() != null) s += " port " + t.port();
        if (t.checksum() != Enums.TunnelChecksum.NONE)
            s += " " + t.checksum().name().toLowerCase(Locale.ROOT);
        return s;
    }

    private void realServer(VirtualServer v, RealServer r) {
        int port = r.port() != null ? r.port() : (v.service() instanceof VirtualServer.InetService i ? i.port() : 0);
        line(1, "real_server " + Addresses.format(r.address()) + (port != 0 ? " " + port : "") + " {");
        line(2, "weight " + r.weight());
        if (r.forwarding() != null) line(2, "lvs_method " + method(r.forwarding()));
        if (r.inhibitOnFailure()) line(2, "inhibit_on_failure");
        if (r.upperThreshold() != 0) line(2, "uthreshold " + r.upperThreshold());
        if (r.lowerThreshold() != 0) line(2, "lthreshold " + r.lowerThreshold());
        if (r.notifyUp() != null) line(2, "notify_up " + hook(r.notifyUp()));
        if (r.notifyDown() != null) line(2, "notify_down " + hook(r.notifyDown()));
        if (r.adminState() != Enums.AdminState.ENABLED)
            line(
                    2,
                    "! adminState " + r.adminState().name().toLowerCase(Locale.ROOT)
                            + ": keepalived has no counterpart (weight 0 drains)");
        HealthCheck h = (v.healthCheck() == null ? HealthCheck.EMPTY : v.healthCheck()).overriddenBy(r.healthCheck());
        if (h.type() != null && h.type() != Enums.CheckType.NONE) checker(h);
        line(1, "}");
    }

    private void checker(HealthCheck h) {
        String kind = switch (h.type()) {
            case HTTP -> "HTTP_GET";
            case HTTPS -> "SSL_GET";
            case TCP -> "TCP_CHECK";
            case SMTP -> "SMTP_CHECK";
            case DNS -> "DNS_CHECK";
            case MISC -> "MISC_CHECK";
            case UDP -> "UDP_CHECK";
            case PING -> "PING_CHECK";
            case NONE -> throw new IllegalStateException();
        };
        line(2, kind + " {");
        boolean misc = h.type() == Enums.CheckType.MISC;
        if (h.connectAddress() != null && !misc) line(3, "connect_ip " + Addresses.format(h.connectAddress()));
        if (h.port() != null && !misc) line(3, "connect_port " + h.port());
        if (h.bindAddress() != null && !misc) line(3, "bindto " + Addresses.format(h.bindAddress()));
        // Fulcrum's defaults where keepalived's differ (it checks every 60 s, and gives a misc script the
        // interval): written out, so that a rollback keeps the checks as they ran
        Duration timeout = h.timeout() != null ? h.timeout() : misc ? Defaults.HEALTH_CHECK.timeout() : null;
        if (timeout != null) line(3, (misc ? "misc_timeout " : "connect_timeout ") + Words.seconds(timeout));
        if (h.retries() != null) line(3, "retry " + h.retries());
        if (h.delayBeforeRetry() != null) line(3, "delay_before_retry " + Words.seconds(h.delayBeforeRetry()));
        line(3, "delay_loop " + Words.seconds(h.interval() != null ? h.interval() : Defaults.HEALTH_CHECK.interval()));
        if (h.alpha() != null) line(3, "alpha " + (h.alpha() ? "yes" : "no"));
        if ((h.fall() != null && h.fall() != 1) || (h.rise() != null && h.rise() != 1))
            line(3, "! fall " + h.fall() + " rise " + h.rise() + ": keepalived's checkers have no counterpart");
        if (h.http() != null) {
            HealthCheck.Http http = h.http();
            if (http.virtualHost() != null) line(3, "virtualhost " + quote(http.virtualHost()));
            if (http.sni() != null) {
                line(3, "enable_sni");
                if (!http.sni().equals(http.virtualHost()))
                    line(3, "! sni " + http.sni() + ": keepalived sends the virtualhost as SNI");
            }
            if (Boolean.TRUE.equals(http.tlsVerify()))
                line(3, "! tlsVerify: keepalived's SSL_GET does not verify the server's certificate");
            for (HealthCheck.Url u :
                    http.urls() == null ? List.of(new HealthCheck.Url("/", null, null, null, null)) : http.urls()) {
                line(3, "url {");
                line(4, "path " + quote(u.path()));
                if (u.digest() != null) line(4, "digest " + u.digest());
                if (u.statusCodes() != null) {
                    List<String> codes = u.statusCodes().stream()
                            .map(HealthCheck.StatusRange::toString)
                            .toList();
                    line(4, "status_code " + String.join(" ", codes));
                }
                if (u.bodyRegex() != null) line(4, "regex " + quote(u.bodyRegex()));
                if (u.bodyContains() != null)
                    line(4, "! bodyContains " + quote(u.bodyContains()) + ": use a regex in keepalived");
                line(3, "}");
            }
        }
        if (h.smtp() != null && h.smtp().heloName() != null)
            line(3, "helo_name " + quote(h.smtp().heloName()));
        if (h.dns() != null) {
            line(3, "type " + h.dns().type().name());
            line(3, "name " + quote(h.dns().name()));
        }
        if (h.misc() != null) {
            line(3, "misc_path " + scriptLine(h.misc().script(), h.misc().arguments()));
            if (Boolean.TRUE.equals(h.misc().dynamic())) line(3, "misc_dynamic");
        }
        if (h.udp() != null && h.udp().send() != null && !h.udp().send().isEmpty())
            line(3, "payload " + hex(h.udp().send()));
        line(2, "}");
    }

    /**
     * A group's or sync group's hooks as keepalived's notify_* lines (the generic one, {@code any}, as
     * {@code notify}), each one quoted command line (keepalived.conf(5): "quoted (if it has parameters)").
     */
    private void notify(int depth, VrrpGroup.Notify n) {
        if (n == null) return;
        if (n.master() != null) line(depth, "notify_master " + hook(n.master()));
        if (n.backup() != null) line(depth, "notify_backup " + hook(n.backup()));
        if (n.fault() != null) line(depth, "notify_fault " + hook(n.fault()));
        if (n.stop() != null) line(depth, "notify_stop " + hook(n.stop()));
        if (n.any() != null) line(depth, "notify " + hook(n.any()));
    }

    /** A hook as keepalived's quoted command line, which it splits back into the same words. */
    private static String hook(Hook h) {
        return scriptLine(h.script(), h.arguments());
    }

    /**
     * A script with its arguments as keepalived's quoted script line (a notify hook, a vrrp_script's
     * {@code script}, a {@code misc_path}: keepalived reads each alike), which it splits back into the same
     * words ({@link Words#scriptLine}).
     */
    private static String scriptLine(String script, List<String> args) {
        List<String> w = new ArrayList<>();
        w.add(script);
        if (args != null) w.addAll(args);
        return quote(Words.scriptLineText(w));
    }

    private static String hex(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) sb.append(String.format("%02x", b & 0xff));
        return sb.toString();
    }

    private static String quote(String s) {
        if (s.indexOf('"') >= 0)
            throw new ValidationException("", "a value with a double quote cannot be written to keepalived.conf: " + s);
        return "\"" + s + "\"";
    }

    private void line(int depth, String s) {
        out.append("    ".repeat(depth)).append(s).append('\n');
    }
}
