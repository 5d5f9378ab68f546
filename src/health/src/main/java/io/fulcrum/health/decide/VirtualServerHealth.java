package io.fulcrum.health.decide;

/**
 * The health-derived state of one virtual server.
 *
 * @param quorumUp          the live weight satisfies quorum (with hysteresis)
 * @param aliveWeight       summed weight of live, enabled real servers
 * @param sorryServerActive the sorry server is in rotation (quorum lost and one is configured)
 */
public record VirtualServerHealth(boolean quorumUp, long aliveWeight, boolean sorryServerActive) {}
