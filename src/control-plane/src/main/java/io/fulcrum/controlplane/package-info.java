/**
 * The control plane's process: its entry point (embedded PostgreSQL first, then Quarkus), its settings,
 * the start-up banner and the one owner of its shutdown order.
 * The work is in the subpackages: {@code api} (REST), {@code service} (the model's reads and
 * writes, revisions, audit), {@code store} (rows), {@code agents} (the agents' streams), {@code grpc}
 * (the gRPC port), {@code auth}, {@code db}.
 */
package io.fulcrum.controlplane;
