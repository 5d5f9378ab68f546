/**
 * The JPA entities of the PostgreSQL schema (Flyway's {@code db/migration}): one row per resource with
 * its JSON spec in a jsonb column (without secrets) and its version (the ETag), audit records and API
 * tokens. Plain rows: reading and writing them is the service layer's job.
 */
package io.fulcrum.controlplane.store;
