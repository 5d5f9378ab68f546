/**
 * The control plane's one event source: revisions, agents, VRRP, health and counters published into one
 * {@link io.fulcrum.controlplane.events.EventHub}, from which REST (server-sent events) and gRPC Watch
 * serve every watcher through its own bounded queue.
 */
package io.fulcrum.controlplane.events;
