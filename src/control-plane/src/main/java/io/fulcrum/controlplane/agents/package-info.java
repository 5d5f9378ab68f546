/**
 * The agents' streams (fulcrum.agent.v1): enrollment tokens, per-director snapshots and deltas of the
 * desired state, pushes in commit order, and each director's live status.
 */
package io.fulcrum.controlplane.agents;
