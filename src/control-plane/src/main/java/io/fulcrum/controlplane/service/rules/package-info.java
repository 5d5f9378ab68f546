/**
 * The write rules, one class per kind of resource: what a write checks, which references it keeps and
 * what it may change, with no SQL of their own (the stores do the reading and writing).
 */
package io.fulcrum.controlplane.service.rules;
