/**
 * API tokens (stored as SHA-256 hashes), the caller of a request and the REST authentication filter.
 */
package io.fulcrum.controlplane.auth;
