package io.fulcrum.keepalived;

import io.fulcrum.keepalived.ImportReport.Status;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.Enums;
import io.fulcrum.model.HealthCheck;
import io.fulcrum.model.Hook;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** One virtual_server (or a virtual_server_group's) to virtual servers, its checkers to health checks. */
final class ServerImport {
    private ServerImport() {}

    /** keepalived's delay_loop default (keepalived.conf(5): "60 seconds if not specified"). */
    static final Duration KEEPALIVED_DELAY_LOOP = Duration.ofSeconds(60);
    /** keepalived's persistence_timeout without a value: "default 6 minutes". */
    static final Duration KEEPALIVED_PERSISTENCE = Duration.ofMinutes(6);

    static final String GROUP_LABEL = "keepalived/virtual-server-group";

    /** The name of a service: "tcp-192.168.10.100-80", "fwmark-1". */
    static String name(VirtualServer.Service s) {
        if (s instanceof VirtualServer.InetService i)
            return Words.name(i.protocol().name().toLowerCase(Locale.ROOT) + "-"
                    + Addresses.format(i.address()).replace(':', '_') + "-" + i.port());
        VirtualServer.FwmarkService f = (VirtualServer.FwmarkService) s;
        return "fwmark-" + f.fwmark() + (f.family() == Enums.AddressFamily.INET6 ? "-inet6" : "");
    }

    /** The name of a real server: "10.0.0.1-80". */
    static String name(InetAddress address, int port) {
        return Words.name(Addresses.format(address).replace(':', '_') + "-" + port);
    }

    static List<VirtualServer> virtualServer(ConfNode vs, KeepalivedImport.Ctx ctx, ImportReport report) {
        // the services: one, or every entry of the virtual_server_group it names
        List<Object[]> services = new ArrayList<>(); // {address or null, port, fwmark or null}
        String group = null;
        if ("group".equals(vs.arg(0))) {
            group = vs.arg(1);
            ConfNode g = ctx.serverGroups.get(group);
            if (g == null) {
                report.add(vs, Status.NOT_SUPPORTED, "no virtual_server_group " + group);
                return List.of();
            }
            for (ConfNode e : g.children()) {
                if (e.keyword().equals("fwmark")) {
                    services.add(new Object[] {null, 0, Words.fwmark(e, 0)});
                    report.add(e, Status.MAPPED, null);
                    continue;
                }
                List<InetAddress> addrs = range(e.keyword());
                Integer port = Words.integer(e.arg(0));
                if (addrs.isEmpty() || port == null) {
                    report.add(e, Status.NOT_SUPPORTED, "not an address (or range) and a port");
                    continue;
                }
                for (InetAddress a : addrs) services.add(new Object[] {a, port, null});
                report.add(e, Status.MAPPED, addrs.size() > 1 ? addrs.size() + " virtual servers" : null);
            }
        } else if ("fwmark".equals(vs.arg(0))) {
            services.add(new Object[] {null, 0, Words.fwmark(vs, 1)});
        } else {
            InetAddress a = Words.address(vs.arg(0));
            Integer port = vs.arg(1) == null ? Integer.valueOf(0) : Words.integer(vs.arg(1));
            if (a == null || port == null) {
                report.add(vs, Status.NOT_SUPPORTED, "not an address and port, fwmark or group");
                return List.of();
            }
            services.add(new Object[] {a, port, null});
        }
        report.add(
                vs,
                group != null ? Status.APPROXIMATED : Status.MAPPED,
                group != null ? services.size() + " virtual servers, one per entry of group " + group : null);

        Settings s = new Settings();
        for (ConfNode n : vs.children()) s.read(n, report);
        List<VirtualServer> out = new ArrayList<>();
        for (Object[] svc : services) {
            VirtualServer.Service service;
            if (svc[2] != null) service = new VirtualServer.FwmarkService((Long) svc[2], s.family);
            else service = new VirtualServer.InetService((InetAddress) svc[0], (Integer) svc[1], s.protocol);
            String carrying = null;
            if (service instanceof VirtualServer.InetService i) {
                for (VrrpGroup g : ctx.groups)
                    if (g.virtualAddresses().stream()
                            .anyMatch(va -> va.address().address().equals(i.address()))) carrying = g.name();
            }
            List<RealServer> reals = new ArrayList<>();
            List<HealthCheck> checks = new ArrayList<>();
            int vport = svc[2] != null ? 0 : (Integer) svc[1];
            for (ConfNode r : s.realServers) {
                RealServerAndCheck rc = realServer(r, s, vport, report);
                if (rc != null) {
                    reals.add(rc.rs);
                    checks.add(rc.check);
                }
            }
            // one check on the virtual server when every real server has the same, else each its own
            HealthCheck vcheck = null;
            boolean same = !checks.isEmpty() && checks.stream().allMatch(c -> Objects.equals(c, checks.get(0)));
            if (same && checks.get(0) != null) {
                vcheck = checks.get(0);
                for (int i = 0; i < reals.size(); i++) reals.set(i, withCheck(reals.get(i), null));
            }
            Map<String, String> labels = group != null ? Map.of(GROUP_LABEL, Words.name(group)) : Map.of();
            out.add(new VirtualServer(
                    name(service),
                    null,
                    labels,
                    service,
                    s.scheduler,
                    s.flags,
                    s.forwarding,
                    s.tunnel,
                    s.persistence,
                    s.ops,
                    vcheck,
                    s.sorry,
                    s.quorum,
                    s.hysteresis,
                    s.quorumUp,
                    s.quorumDown,
                    s.omega,
                    carrying,
                    carrying == null ? List.of(ctx.director) : List.of(),
                    reals));
        }
        return out;
    }

    /** "10.0.0.1" or keepalived's range "10.0.0.1-10" (the last byte). */
    static List<InetAddress> range(String s) {
        int dash = s.lastIndexOf('-');
        InetAddress single = Words.address(s);
        if (single != null) return List.of(single);
        if (dash < 0) return List.of();
        InetAddress first = Words.address(s.substring(0, dash));
        Integer last = Words.integer(s.substring(dash + 1));
        if (first == null || last == null) return List.of();
        byte[] b = first.getAddress();
        int from = b[b.length - 1] & 0xff;
        List<InetAddress> out = new ArrayList<>();
        for (int x = from; x <= last && x <= 255; x++) {
            b[b.length - 1] = (byte) x;
            out.add(Words.address(Addresses.format(addr(b))));
        }
        return out;
    }

    private static InetAddress addr(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The settings of one virtual_server block. */
    static final class Settings {
        Enums.Scheduler scheduler = Enums.Scheduler.WLC;
        Set<Enums.SchedulerFlag> flags = EnumSet.noneOf(Enums.SchedulerFlag.class);
        Enums.Forwarding forwarding = Enums.Forwarding.NAT;
        VirtualServer.Tunnel tunnel;
        VirtualServer.Persistence persistence;
        Duration persistenceTimeout;
        Integer granularity;
        Enums.Protocol protocol = Enums.Protocol.TCP;
        Enums.AddressFamily family = Enums.AddressFamily.INET;
        boolean ops, omega;
        int quorum = 1, hysteresis = 0;
        Hook quorumUp, quorumDown;
        VirtualServer.SorryServer sorry;
        InetAddress sorryAddress;
        Integer sorryPort;
        boolean sorryInhibit;
        Enums.Forwarding sorryForwarding;
        boolean inhibit;
        String virtualHost;
        /** The check fields set on the virtual server (delay_loop, connect_timeout, retry, ...). */
        HealthCheck base = HealthCheck.EMPTY;

        final List<ConfNode> realServers = new ArrayList<>();

        void read(ConfNode n, ImportReport report) {
            Status st = Status.MAPPED;
            String note = null;
            switch (n.keyword()) {
                case "lb_algo", "lvs_sched" -> {
                    scheduler = enumOf(Enums.Scheduler.class, n.arg(0));
                    if (scheduler == null) {
                        scheduler = Enums.Scheduler.WLC;
                        st = Status.NOT_SUPPORTED;
                        note = "unknown scheduler; wlc";
                    }
                }
                case "lb_kind", "lvs_method" -> {
                    Enums.Forwarding f = forwarding(n.arg(0));
                    if (f == null) {
                        st = Status.NOT_SUPPORTED;
                        note = "unknown method";
                    } else {
                        if (f == Enums.Forwarding.FULLNAT) {
                            st = Status.APPROXIMATED;
                            note = "FNAT (Alibaba's keepalived) as fullnat: IPVS masquerading plus netfilter source"
                                    + " NAT to the director's fullnatAddresses, which must be set; no TOA, so the"
                                    + " real servers see the director's address (docs/fullnat.md)";
                        }
                        forwarding = f;
                        if (f == Enums.Forwarding.TUN && n.args().size() > 1)
                            tunnel = tunnel(n.args().subList(1, n.args().size()));
                    }
                }
                case "persistence_timeout" -> {
                    persistenceTimeout = n.arg(0) == null ? KEEPALIVED_PERSISTENCE : Words.seconds(n, 0);
                    persistence = new VirtualServer.Persistence(persistenceTimeout, granularity);
                }
                case "persistence_granularity" -> {
                    granularity = Words.prefixLength(n.arg(0));
                    if (persistence != null)
                        persistence = new VirtualServer.Persistence(persistenceTimeout, granularity);
                }
                case "protocol" -> {
                    Enums.Protocol p = enumOf(Enums.Protocol.class, n.arg(0));
                    if (p != null) protocol = p;
                }
                case "ip_family" ->
                    family = "inet6".equals(n.arg(0)) ? Enums.AddressFamily.INET6 : Enums.AddressFamily.INET;
                case "ops" -> ops = true;
                case "omega" -> omega = true;
                case "alpha" -> base = with(base, "alpha", Boolean.TRUE);
                case "quorum" -> quorum = Words.number(n, 0);
                case "hysteresis" -> hysteresis = Words.number(n, 0);
                case "quorum_up", "quorum_down" -> {
                    ScriptLines.Parsed p = ScriptLines.hook(n);
                    if (n.keyword().equals("quorum_up")) quorumUp = p.hook();
                    else quorumDown = p.hook();
                    st = p.status();
                    note = p.note();
                }
                case "sorry_server" -> {
                    sorryAddress = Words.address(n.arg(0));
                    sorryPort = Words.integer(n.arg(1));
                }
                case "sorry_server_inhibit" -> sorryInhibit = true;
                case "sorry_server_lvs_method" -> sorryForwarding = forwarding(n.arg(0));
                case "sh-port" -> flags.add(Enums.SchedulerFlag.SH_PORT);
                case "sh-fallback" -> flags.add(Enums.SchedulerFlag.SH_FALLBACK);
                case "mh-port" -> flags.add(Enums.SchedulerFlag.MH_PORT);
                case "mh-fallback" -> flags.add(Enums.SchedulerFlag.MH_FALLBACK);
                case "virtualhost" -> {
                    virtualHost = n.arg(0);
                    note = "http.virtualHost of the http checks";
                }
                case "inhibit_on_failure" -> inhibit = n.arg(0) == null || bool(n.arg(0));
                case "delay_loop", "connect_timeout", "retry", "delay_before_retry" -> {
                    base = checkField(base, n);
                    note = "the real servers' health check";
                }
                case "real_server" -> {
                    realServers.add(n);
                    return;
                }
                default -> {
                    st = Status.NOT_SUPPORTED;
                    note = KeepalivedImport.UNSUPPORTED.getOrDefault(
                            n.keyword(), "not a virtual_server keyword Fulcrum knows");
                }
            }
            if (sorryAddress != null)
                sorry = new VirtualServer.SorryServer(sorryAddress, sorryPort, sorryForwarding, sorryInhibit);
            report.add(n, st, note);
        }
    }

    private record RealServerAndCheck(RealServer rs, HealthCheck check) {}

    private static RealServerAndCheck realServer(ConfNode r, Settings s, int vport, ImportReport report) {
        InetAddress a = Words.address(r.arg(0));
        Integer port = r.arg(1) == null ? null : Words.integer(r.arg(1));
        if (a == null) {
            report.add(r, Status.NOT_SUPPORTED, "not an address");
            return null;
        }
        report.add(r, Status.MAPPED, null);
        int weight = 1, upper = 0, lower = 0;
        Enums.Forwarding fwd = null;
        boolean inhibit = s.inhibit;
        Hook up = null, down = null;
        HealthCheck rsBase = HealthCheck.EMPTY;
        String vhost = s.virtualHost;
        HealthCheck check = null;
        boolean sni = false; // the checker's enable_sni: the SNI is the virtualhost, wherever it is set
        List<ConfNode> kids = r.children();
        for (ConfNode n : kids) {
            Status st = Status.MAPPED;
            String note = null;
            switch (n.keyword()) {
                case "weight" -> weight = Words.number(n, 0);
                case "lvs_method" -> fwd = forwarding(n.arg(0));
                case "inhibit_on_failure" -> inhibit = n.arg(0) == null || bool(n.arg(0));
                case "uthreshold" -> upper = Words.number(n, 0);
                case "lthreshold" -> lower = Words.number(n, 0);
                case "notify_up", "notify_down" -> {
                    ScriptLines.Parsed p = ScriptLines.hook(n);
                    if (n.keyword().equals("notify_up")) up = p.hook();
                    else down = p.hook();
                    st = p.status();
                    note = p.note();
                }
                case "virtualhost" -> vhost = n.arg(0);
                case "alpha" -> rsBase = with(rsBase, "alpha", n.arg(0) == null || bool(n.arg(0)));
                case "delay_loop", "connect_timeout", "retry", "delay_before_retry" -> rsBase = checkField(rsBase, n);
                case "HTTP_GET",
                        "SSL_GET",
                        "TCP_CHECK",
                        "SMTP_CHECK",
                        "DNS_CHECK",
                        "MISC_CHECK",
                        "UDP_CHECK",
                        "PING_CHECK" -> {
                    if (check != null) {
                        report.add(
                                n,
                                Status.NOT_SUPPORTED,
                                "Fulcrum runs one check per real server: only the first is kept");
                        continue;
                    }
                    check = CheckImport.checker(n, report);
                    sni = n.children().stream().anyMatch(k -> k.keyword().equals("enable_sni"));
                    continue;
                }
                case "BFD_CHECK", "FILE_CHECK" -> {
                    st = Status.NOT_SUPPORTED;
                    note = "not implemented: the real server is not checked by it";
                    if (n.isBlock())
                        for (ConfNode c : n.children()) report.add(c, Status.NOT_SUPPORTED, "inside " + n.keyword());
                }
                default -> {
                    st = Status.NOT_SUPPORTED;
                    note = KeepalivedImport.UNSUPPORTED.getOrDefault(
                            n.keyword(), "not a real_server keyword Fulcrum knows");
                }
            }
            report.add(n, st, note);
        }
        HealthCheck effective = null;
        if (check != null) {
            effective = s.base.overriddenBy(rsBase).overriddenBy(check);
            if (vhost != null
                    && (effective.type() == Enums.CheckType.HTTP || effective.type() == Enums.CheckType.HTTPS)) {
                HealthCheck.Http h =
                        effective.http() == null ? new HealthCheck.Http(null, null, null, null) : effective.http();
                if (h.virtualHost() == null) {
                    h = new HealthCheck.Http(h.urls(), vhost, sni && h.sni() == null ? vhost : h.sni(), h.tlsVerify());
                    effective = with(effective, "http", h);
                }
            }
            effective = CheckImport.keepalivedDefaults(effective);
        }
        int effectivePort = port != null ? port : vport;
        RealServer rs = new RealServer(
                name(a, effectivePort),
                null,
                Map.of(),
                a,
                effectivePort != vport ? Integer.valueOf(effectivePort) : null,
                weight,
                upper,
                lower,
                fwd,
                effective,
                inhibit,
                Enums.AdminState.ENABLED,
                up,
                down);
        return new RealServerAndCheck(rs, effective);
    }

    static RealServer withCheck(RealServer r, HealthCheck h) {
        return new RealServer(
                r.name(),
                r.description(),
                r.labels(),
                r.address(),
                r.port(),
                r.weight(),
                r.upperThreshold(),
                r.lowerThreshold(),
                r.forwarding(),
                h,
                r.inhibitOnFailure(),
                r.adminState(),
                r.notifyUp(),
                r.notifyDown());
    }

    static HealthCheck checkField(HealthCheck h, ConfNode n) {
        return switch (n.keyword()) {
            case "delay_loop" -> with(h, "interval", Words.seconds(n, 0));
            case "connect_timeout" -> with(h, "timeout", Words.seconds(n, 0));
            case "retry", "nb_get_retry" -> with(h, "retries", Words.integer(n.arg(0)));
            case "delay_before_retry" -> with(h, "delayBeforeRetry", Words.seconds(n, 0));
            default -> h;
        };
    }

    /** {@code h} with one field replaced. */
    static HealthCheck with(HealthCheck h, String field, Object v) {
        return new HealthCheck(
                field.equals("type") ? (Enums.CheckType) v : h.type(),
                field.equals("interval") ? (Duration) v : h.interval(),
                field.equals("timeout") ? (Duration) v : h.timeout(),
                field.equals("retries") ? (Integer) v : h.retries(),
                field.equals("delayBeforeRetry") ? (Duration) v : h.delayBeforeRetry(),
                h.fall(),
                h.rise(),
                field.equals("port") ? (Integer) v : h.port(),
                field.equals("connectAddress") ? (InetAddress) v : h.connectAddress(),
                field.equals("bindAddress") ? (InetAddress) v : h.bindAddress(),
                field.equals("alpha") ? (Boolean) v : h.alpha(),
                field.equals("http") ? (HealthCheck.Http) v : h.http(),
                field.equals("smtp") ? (HealthCheck.Smtp) v : h.smtp(),
                field.equals("dns") ? (HealthCheck.Dns) v : h.dns(),
                field.equals("udp") ? (HealthCheck.Udp) v : h.udp(),
                field.equals("misc") ? (HealthCheck.Misc) v : h.misc());
    }

    static Enums.Forwarding forwarding(String s) {
        if (s == null) return null;
        return switch (s.toUpperCase(Locale.ROOT)) {
            case "NAT" -> Enums.Forwarding.NAT;
            case "DR" -> Enums.Forwarding.DR;
            case "TUN" -> Enums.Forwarding.TUN;
            case "FNAT", "FULLNAT" -> Enums.Forwarding.FULLNAT; // Alibaba's keepalived fork
            default -> null;
        };
    }

    private static VirtualServer.Tunnel tunnel(List<String> a) {
        Enums.TunnelType type = Enums.TunnelType.IPIP;
        Integer port = null;
        Enums.TunnelChecksum csum = Enums.TunnelChecksum.NONE;
        for (int i = 0; i < a.size(); i++) {
            switch (a.get(i)) {
                case "ipip" -> type = Enums.TunnelType.IPIP;
                case "gue" -> type = Enums.TunnelType.GUE;
                case "gre" -> type = Enums.TunnelType.GRE;
                case "port" -> port = i + 1 < a.size() ? Words.integer(a.get(++i)) : null;
                case "csum" -> csum = Enums.TunnelChecksum.CSUM;
                case "remcsum" -> csum = Enums.TunnelChecksum.REMCSUM;
                default -> {}
            }
        }
        return new VirtualServer.Tunnel(type, port, csum);
    }

    static boolean bool(String s) {
        return s == null || List.of("yes", "on", "true", "1").contains(s.toLowerCase(Locale.ROOT));
    }

    static <E extends Enum<E>> E enumOf(Class<E> type, String s) {
        if (s == null) return null;
        for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(s)) return e;
        return null;
    }
}
