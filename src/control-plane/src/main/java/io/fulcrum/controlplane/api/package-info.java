/**
 * The REST API of openapi.yaml (JAX-RS resources under /api/v1): request bodies in, representations
 * with ETags out ({@link io.fulcrum.controlplane.api.Representations}, shared with the gRPC management
 * API), every failure as RFC 9457 problem+json. No business rules: every call goes to the service layer.
 */
package io.fulcrum.controlplane.api;
