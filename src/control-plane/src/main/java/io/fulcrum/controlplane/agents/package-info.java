/**
 * The agents' streams (fulcrum.agent.v1): per-director snapshots and deltas of the
 * desired state, pushes in commit order, enrollment tokens' rules, and what the agents report of each
 * director's live status (kept by {@code store.DirectorStatusStore}).
 */
package io.fulcrum.controlplane.agents;
