/**
 * The embedded PostgreSQL: Maven Central's packaged binaries, run in the data directory when no external
 * database is configured.
 */
package io.fulcrum.controlplane.db;
