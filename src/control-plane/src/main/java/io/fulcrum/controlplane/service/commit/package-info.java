/**
 * Group commit: concurrent writes share one transaction, each in its own savepoint, so the revision
 * row is locked once per batch instead of once per write.
 */
package io.fulcrum.controlplane.service.commit;
