/**
 * The control plane's Prometheus metrics at {@code /q/metrics}: REST and gRPC latencies, writes, the
 * current revision, connected agents, each director's revision lag and NACKs, and the database pool, in
 * Micrometer's Prometheus registry.
 */
package io.fulcrum.controlplane.metrics;
