package io.fulcrum.agent.table;

import io.fulcrum.health.HealthView;
import io.fulcrum.health.decide.Destinations;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Defaults;
import io.fulcrum.model.Enums;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.Validator;
import io.fulcrum.model.VirtualServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/** The one place where the domain model becomes the IPVS table a director should hold. */
public final class DesiredTables {
    private DesiredTables() {}

    /**
     * The table of {@code director}: the virtual servers whose VRRP group has it as a member, or
     * that name it among their directors. Disabled real servers are left out; draining ones are
     * marked so the planner takes them down gracefully.
     */
    public static Table forDirector(ConfigDocument doc, String director) {
        Table.Builder table = new Table.Builder();
        for (VirtualServer v : doc.servedBy(director)) addTo(table, v);
        return table.build();
    }

    /**
     * The same table after the health checker's decisions: real servers that are down are left out
     * (or kept at weight 0 when they inhibit on failure), weights a check set dynamically apply, and
     * the sorry server is in while the virtual server has no quorum.
     */
    public static Table forDirector(ConfigDocument doc, String director, HealthView health) {
        Table.Builder table = new Table.Builder();
        for (VirtualServer v : doc.servedBy(director)) addTo(table, v, health.effectiveDestinations(v));
        return table.build();
    }

    /** The entry of {@code v} (served by the director) in {@link #forDirector(ConfigDocument, String, HealthView)}'s table. */
    public static Table.Entry entry(VirtualServer v, HealthView health) {
        Table.Builder table = new Table.Builder();
        addTo(table, v, health.effectiveDestinations(v));
        return table.build().services().get(serviceKey(v));
    }

    /** Adds one virtual server's service and destinations (every real server not disabled, at its weight). */
    public static void addTo(Table.Builder table, VirtualServer v) {
        ServiceKey key = addService(table, v);
        for (RealServer r : v.realServers()) {
            if (r.adminState() == Enums.AdminState.DISABLED) continue;
            table.destination(
                    key,
                    destination(
                            v,
                            r.address(),
                            Validator.effectivePort(v, r),
                            r.forwarding(),
                            r.weight(),
                            r.upperThreshold(),
                            r.lowerThreshold(),
                            r.adminState() == Enums.AdminState.DRAINING));
        }
    }

    /** Adds one virtual server's service with the destinations the health checker decided. */
    static void addTo(Table.Builder table, VirtualServer v, Destinations decided) {
        ServiceKey key = addService(table, v);
        Map<String, RealServer> byName = new HashMap<>();
        for (RealServer r : v.realServers()) byName.put(r.name(), r);
        for (io.fulcrum.health.decide.Destination d : decided.destinations()) {
            if (d.sorry()) {
                table.destination(key, destination(v, d.address(), d.port(), d.forwarding(), d.weight(), 0, 0, false));
            } else {
                RealServer r = byName.get(d.realServer()); // the decisions name only v's own real servers
                table.destination(
                        key,
                        destination(
                                v,
                                r.address(),
                                d.port(),
                                r.forwarding(),
                                d.weight(),
                                r.upperThreshold(),
                                r.lowerThreshold(),
                                r.adminState() == Enums.AdminState.DRAINING));
            }
        }
    }

    /** The IPVS service a virtual server is in the kernel. */
    public static ServiceKey serviceKey(VirtualServer v) {
        return v.service() instanceof VirtualServer.InetService s
                ? ServiceKey.inet(s.address(), s.port(), s.protocol())
                : ServiceKey.fwmark(
                        ((VirtualServer.FwmarkService) v.service()).fwmark(),
                        v.service().family());
    }

    private static ServiceKey addService(Table.Builder table, VirtualServer v) {
        ServiceKey key = serviceKey(v);
        int hostPrefix = v.service().family() == Enums.AddressFamily.INET ? 32 : 128;
        var p = v.persistence();
        table.service(new Service(
                key,
                v.scheduler(),
                v.schedulerFlags(),
                p == null ? null : p.timeout(),
                p == null || p.prefixLength() == null ? hostPrefix : p.prefixLength(),
                v.onePacket()));
        return key;
    }

    /** A destination of {@code v}; {@code forwarding} null: the virtual server's. */
    private static Destination destination(
            VirtualServer v,
            InetAddress address,
            int port,
            Enums.Forwarding forwarding,
            int weight,
            int upper,
            int lower,
            boolean draining) {
        Enums.Forwarding fwd = forwarding != null ? forwarding : v.forwarding();
        // IPVS masquerades a FULLNAT service; its source NAT is netfilter's (io.fulcrum.agent.fullnat)
        if (fwd == Enums.Forwarding.FULLNAT) fwd = Enums.Forwarding.NAT;
        VirtualServer.Tunnel t = v.tunnel();
        boolean tun = fwd == Enums.Forwarding.TUN;
        return new Destination(
                address,
                port,
                fwd,
                tun ? (t == null ? Defaults.TUNNEL_TYPE : t.type()) : null,
                tun && t != null ? t.port() : null,
                tun ? (t == null ? Defaults.TUNNEL_CHECKSUM : t.checksum()) : null,
                weight,
                upper,
                lower,
                draining,
                0);
    }
}
