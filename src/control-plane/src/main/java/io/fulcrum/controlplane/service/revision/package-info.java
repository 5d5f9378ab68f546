/**
 * The global revision and the audit trail: every write's commit, the cache invalidation it causes, the
 * feed of revisions committed by any replica (PostgreSQL NOTIFY), and audit reads.
 */
package io.fulcrum.controlplane.service.revision;
