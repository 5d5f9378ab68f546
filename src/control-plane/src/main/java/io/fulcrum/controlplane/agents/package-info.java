/**
 * The agents' side of the control plane: each agent's stream (fulcrum.agent.v1), this replica's cache
 * of the whole desired state brought up to the newest revision, which resources each director gets
 * and what changed for it (the pure {@link io.fulcrum.controlplane.agents.Snapshots}), enrollment
 * tokens, and what agents report back (ACK/NACK, rollout, VRRP states, live status).
 */
package io.fulcrum.controlplane.agents;
