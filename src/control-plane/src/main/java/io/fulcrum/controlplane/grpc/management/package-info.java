/**
 * The management API (fulcrum.v1) over gRPC: the same service layer as REST, its problems mapped to gRPC
 * status codes.
 */
package io.fulcrum.controlplane.grpc.management;
