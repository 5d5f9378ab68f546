package io.fulcrum.health.decide;

import io.fulcrum.model.Enums;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.Validator;
import io.fulcrum.model.VirtualServer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The pure rules that turn real servers' health into a virtual server's destinations. */
public final class Decisions {
    private Decisions() {}

    /** keepalived's weight of a sorry server in rotation (check/ipwrapper.c: weight 1). */
    public static final int SORRY_SERVER_WEIGHT = 1;

    /** The weight a live real server carries: the dynamic weight its check set, else the configured one. */
    public static int weight(RealServer r, RealServerHealth h) {
        return h != null && h.weight() != null ? h.weight() : r.weight();
    }

    /**
     * Summed weight of the live real servers that count for quorum: enabled ones (disabled ones are
     * not in the table, draining ones take no new connections). Unknown servers count as up.
     */
    public static long aliveWeight(VirtualServer v, Function<String, RealServerHealth> health) {
        long sum = 0;
        for (RealServer r : v.realServers()) {
            if (r.adminState() != null && r.adminState() != Enums.AdminState.ENABLED) continue;
            RealServerHealth h = health.apply(r.name());
            if (h == null || h.up()) sum += weight(r, h);
        }
        return sum;
    }

    /**
     * The destinations of {@code v}: with quorum, live real servers with their weight; real servers
     * that are down are left out, or kept with weight 0 when {@code inhibitOnFailure}. Without quorum
     * and with a sorry server, the sorry server is in and the live servers are taken out as well
     * (keepalived check/ipwrapper.c update_quorum_state: perform_quorum_state only when s_svr is set);
     * without quorum and without a sorry server the live servers stay, since nothing could replace
     * them. With quorum, the sorry server is out, or kept with weight 0 when its {@code inhibit} is set.
     * Disabled real servers are never listed.
     */
    public static Destinations destinations(
            VirtualServer v, Function<String, RealServerHealth> health, boolean quorumUp) {
        List<Destination> out = new ArrayList<>();
        boolean liveServe = quorumUp || v.sorryServer() == null;
        for (RealServer r : v.realServers()) {
            if (r.adminState() == Enums.AdminState.DISABLED) continue;
            RealServerHealth h = health.apply(r.name());
            boolean live = h == null || h.up();
            int port = Validator.effectivePort(v, r);
            if (live && liveServe) {
                out.add(new Destination(r.name(), r.address(), port, r.forwarding(), weight(r, h), false));
            } else if (r.inhibitOnFailure()) {
                out.add(new Destination(r.name(), r.address(), port, r.forwarding(), 0, false));
            }
        }
        VirtualServer.SorryServer s = v.sorryServer();
        if (s != null && (!quorumUp || s.inhibit())) {
            int port = Validator.effectivePort(v, s);
            out.add(new Destination(null, s.address(), port, s.forwarding(), quorumUp ? 0 : SORRY_SERVER_WEIGHT, true));
        }
        return new Destinations(v.name(), quorumUp, out);
    }
}
