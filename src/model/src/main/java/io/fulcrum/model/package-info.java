/**
 * The domain model the control plane and the agents share: immutable records (director, VRRP group,
 * virtual server, real server, health check, the configuration document), their defaults and their
 * semantic validation ({@link io.fulcrum.model.Validator}). Pure: no I/O, no wire or storage types.
 */
package io.fulcrum.model;
