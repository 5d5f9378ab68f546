package io.fulcrum.health;

import io.fulcrum.health.decide.Decisions;
import io.fulcrum.health.decide.Destinations;
import io.fulcrum.health.decide.Health;
import io.fulcrum.health.decide.Quorum;
import io.fulcrum.health.decide.RealServerHealth;
import io.fulcrum.health.decide.RealServerRef;
import io.fulcrum.health.decide.VirtualServerHealth;
import io.fulcrum.model.Enums;
import io.fulcrum.model.VirtualServer;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * An immutable snapshot of the health checker: every real server's health (keyed by virtual server
 * and real server name) and every virtual server's quorum state. {@link #effectiveDestinations} turns
 * it into what the reconciler should program.
 */
public record HealthView(
        Map<RealServerRef, RealServerHealth> realServers, Map<String, VirtualServerHealth> virtualServers) {
    public static final HealthView EMPTY = new HealthView(Map.of(), Map.of());

    public HealthView {
        realServers = immutable(realServers);
        virtualServers = immutable(virtualServers);
    }

    /** {@code m} when it cannot change (an {@link Overlaid} snapshot: not copied), else a copy. */
    private static <K, V> Map<K, V> immutable(Map<K, V> m) {
        return m instanceof Overlaid<K, V> ? m : Map.copyOf(m);
    }

    /** The health of one real server, or null when the checker does not know it. */
    public RealServerHealth get(String virtualServer, String realServer) {
        return realServers.get(new RealServerRef(virtualServer, realServer));
    }

    /** UP or DOWN; a real server the checker does not know counts as UP (as one without a check). */
    public Health health(String virtualServer, String realServer) {
        RealServerHealth h = get(virtualServer, realServer);
        return h == null ? Health.UP : h.health();
    }

    /**
     * The destinations {@code v} should have now: see {@link Decisions#destinations}. A virtual
     * server the checker has not seen yet gets its quorum from the live weight, without hysteresis.
     */
    public Destinations effectiveDestinations(VirtualServer v) {
        VirtualServerHealth vh = virtualServers.get(v.name());
        boolean quorumUp = vh != null
                ? vh.quorumUp()
                : Quorum.initial(Decisions.aliveWeight(v, rs -> get(v.name(), rs)), v.quorum(), 0);
        return Decisions.destinations(v, rs -> get(v.name(), rs), quorumUp);
    }

    /**
     * How many real servers of {@code v} take new connections now: its {@link #effectiveDestinations}
     * that are not the sorry server, have a weight above 0 (not down and inhibited, not taken out with
     * the quorum) and are not draining. Zero: nobody healthy serves it, at most its sorry server.
     */
    public int servingRealServers(VirtualServer v) {
        Set<String> draining = new HashSet<>(); // once, not per destination: tracked servers may have thousands
        for (var r : v.realServers()) if (r.adminState() == Enums.AdminState.DRAINING) draining.add(r.name());
        int n = 0;
        for (var d : effectiveDestinations(v).destinations()) {
            if (!d.sorry() && d.weight() > 0 && !draining.contains(d.realServer())) n++;
        }
        return n;
    }
}
