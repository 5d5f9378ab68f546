/**
 * The agent protocol (fulcrum.agent.v1) against the model: {@link io.fulcrum.wire.agent.DesiredStates}
 * encodes a configuration document as keyed resources (the management API's message of each director,
 * VRRP group, virtual server and real server), digests them and applies snapshots and deltas;
 * {@link io.fulcrum.wire.agent.DesiredDocuments} decodes resources back into a checked document, each
 * error on its resource. Pure: no I/O, no gRPC calls.
 */
package io.fulcrum.wire.agent;
