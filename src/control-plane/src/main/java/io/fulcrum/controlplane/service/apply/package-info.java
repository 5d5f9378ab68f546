/**
 * Declarative automation: the plan of a whole configuration document against the stored state (the
 * model's pure {@code Planner}) and its apply, all or nothing, through the same write rules as REST.
 */
package io.fulcrum.controlplane.service.apply;
