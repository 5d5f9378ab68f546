/**
 * Reads of the model (single resources, pages by name and label, the whole configuration), the row to
 * stored-value mapping, and this replica's read cache.
 */
package io.fulcrum.controlplane.service.read;
