/**
 * The embedded PostgreSQL server the control plane starts when no external database is configured:
 * binaries from Maven Central, a cluster in the data directory that survives restarts, run
 * unprivileged when the control plane runs as root.
 */
package io.fulcrum.controlplane.db;
