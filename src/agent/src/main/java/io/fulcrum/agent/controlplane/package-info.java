/**
 * The agent's side of the control-plane connection (fulcrum.agent.v1): one stream kept open with
 * backoff, the desired state saved to disk so that it stays in force while the control plane is
 * away, and {@link io.fulcrum.agent.controlplane.StatusMessages}, the one place where the agent's,
 * the health checker's and VRRP's types become protocol messages (hello, ACK, NACK, status, events).
 */
package io.fulcrum.agent.controlplane;
