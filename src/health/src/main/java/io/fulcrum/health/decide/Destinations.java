package io.fulcrum.health.decide;

import java.util.List;

/**
 * Which destinations a virtual server should have now: what the agent's reconciler programs.
 *
 * @param quorumUp     false: the alive real servers are out (keepalived perform_quorum_state) and
 *                     the sorry server, if any, is in
 * @param destinations in the order of the virtual server's real servers, the sorry server last
 */
public record Destinations(String virtualServer, boolean quorumUp, List<Destination> destinations) {
    public Destinations {
        destinations = List.copyOf(destinations);
    }

    public boolean sorryServerActive() {
        return destinations.stream().anyMatch(d -> d.sorry() && d.weight() > 0);
    }
}
