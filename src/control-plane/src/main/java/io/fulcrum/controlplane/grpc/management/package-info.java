/**
 * The management API (fulcrum.v1) on the gRPC port: the REST API's calls on the same service layer,
 * with the same bearer tokens and roles, and the REST problem's fields mapped to gRPC statuses in one
 * place ({@link io.fulcrum.controlplane.grpc.management.GrpcProblems}). No rules of its own.
 */
package io.fulcrum.controlplane.grpc.management;
