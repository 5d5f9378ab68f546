/**
 * The control plane's gRPC port: the server and its TLS material (the operator's or a generated one).
 */
package io.fulcrum.controlplane.grpc;
