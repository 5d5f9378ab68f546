/**
 * The agent protocol (fulcrum.agent.v1) against the model: {@link io.fulcrum.wire.agent.DesiredStates}
 * encodes a configuration document as keyed resources (the configuration document's JSON of each
 * director, VRRP group, virtual server and real server), digests them, applies snapshots and deltas,
 * and decodes resources back into a checked document. Pure: no I/O, no gRPC calls.
 */
package io.fulcrum.wire.agent;
