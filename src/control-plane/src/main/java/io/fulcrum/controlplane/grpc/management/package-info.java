/**
 * The typed management API (fulcrum.v1) over gRPC: the same service layer and the same representations
 * as REST (messages converted by fulcrum-wire's RestJson), its problems mapped to gRPC status codes.
 */
package io.fulcrum.controlplane.grpc.management;
