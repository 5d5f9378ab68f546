/**
 * The plan of a declarative configuration change: what applying a desired document to the stored
 * state would create, update and delete (field by field, and which directors each change reaches),
 * and every fleet-wide refusal at once. Pure; the REST endpoint, the gRPC method and the CLI share it.
 */
package io.fulcrum.model.plan;
