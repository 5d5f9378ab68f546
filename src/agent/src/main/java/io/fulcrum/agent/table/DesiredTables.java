package io.fulcrum.agent.table;

import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Defaults;
import io.fulcrum.model.Enums;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.Validator;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;

import java.util.HashSet;
import java.util.Set;

/** The one place where the domain model becomes the IPVS table a director should hold. */
public final class DesiredTables {
    private DesiredTables() {}

    /**
     * The table of {@code director}: the virtual servers whose VRRP group has it as a member, or
     * that name it among their directors. Disabled real servers are left out; draining ones are
     * marked so the planner takes them down gracefully.
     */
    public static Table forDirector(ConfigDocument doc, String director) {
        Set<String> groups = new HashSet<>();
        for (VrrpGroup g : doc.vrrpGroups()) {
            if (g.members().stream().anyMatch(m -> m.director().equals(director))) groups.add(g.name());
        }
        Table.Builder table = new Table.Builder();
        for (VirtualServer v : doc.virtualServers()) {
            boolean served = v.vrrpGroup() != null ? groups.contains(v.vrrpGroup()) : v.directors().contains(director);
            if (served) addTo(table, v);
        }
        return table.build();
    }

    /** Adds one virtual server's service and destinations. */
    public static void addTo(Table.Builder table, VirtualServer v) {
        ServiceKey key = v.service() instanceof VirtualServer.InetService s
                ? ServiceKey.inet(s.address(), s.port(), s.protocol())
                : ServiceKey.fwmark(((VirtualServer.FwmarkService) v.service()).fwmark(), v.service().family());
        int hostPrefix = v.service().family() == Enums.AddressFamily.INET ? 32 : 128;
        var p = v.persistence();
        table.service(new Service(key, v.scheduler(), v.schedulerFlags(), p == null ? null : p.timeout(),
                p == null || p.prefixLength() == null ? hostPrefix : p.prefixLength(), v.onePacket()));
        for (RealServer r : v.realServers()) {
            if (r.adminState() == Enums.AdminState.DISABLED) continue;
            Enums.Forwarding fwd = r.forwarding() != null ? r.forwarding() : v.forwarding();
            VirtualServer.Tunnel t = v.tunnel();
            boolean tun = fwd == Enums.Forwarding.TUN;
            table.destination(key, new Destination(r.address(), Validator.effectivePort(v, r), fwd,
                    tun ? (t == null ? Defaults.TUNNEL_TYPE : t.type()) : null, tun && t != null ? t.port() : null,
                    tun ? (t == null ? Defaults.TUNNEL_CHECKSUM : t.checksum()) : null,
                    r.weight(), r.upperThreshold(), r.lowerThreshold(), r.adminState() == Enums.AdminState.DRAINING, 0));
        }
    }
}
