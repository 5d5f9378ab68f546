/**
 * The health checker's pure rules, keepalived's semantics: rise/fall of one check, quorum with
 * hysteresis, inhibit, the sorry server, and from them the destinations a virtual server should have.
 * No I/O and no clock: values in, values out.
 */
package io.fulcrum.health.decide;
