/**
 * The control plane's gRPC port: one server for the agent stream and the management API, over TLS
 * with the operator's certificate or a self-signed one generated once and kept in the data directory.
 */
package io.fulcrum.controlplane.grpc;
