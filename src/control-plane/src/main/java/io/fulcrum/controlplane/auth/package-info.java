/**
 * Who may call: bearer API tokens (random secrets stored as SHA-256 hashes) with the roles viewer,
 * operator and admin, checked for every REST path by {@link io.fulcrum.controlplane.auth.AuthFilter}
 * (the gRPC management API applies the same check).
 */
package io.fulcrum.controlplane.auth;
