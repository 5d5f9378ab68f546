/**
 * The management API's messages (fulcrum.v1) as the REST representation and as the domain model:
 * {@link io.fulcrum.wire.api.RestJson} is the one mapping between a message and openapi.yaml's JSON,
 * {@link io.fulcrum.wire.api.Resources} the conversions to and from the model (direct: {@code
 * ModelMessages} sets a message's fields from the model, {@code RestTrees} builds a message's REST
 * representation, which REST's reader checks).
 */
package io.fulcrum.wire.api;
