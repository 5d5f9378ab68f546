/**
 * The control plane (Quarkus): its entry point (the embedded PostgreSQL first, when no database is
 * configured), every configuration key with its default ({@link io.fulcrum.controlplane.Settings}),
 * and what happens once on start. The work is in the subpackages: {@code api} (REST), {@code service}
 * (the model's reads and writes, revisions, audit), {@code store} (rows), {@code agents} (the agents'
 * streams), {@code grpc} (the gRPC port), {@code auth}, {@code db}.
 */
package io.fulcrum.controlplane;
