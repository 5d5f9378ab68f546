/**
 * The VRRP state machine (RFC 3768, RFC 5798): pure, driven by events and an injected clock, answering
 * with actions; {@link io.fulcrum.vrrp.machine.VrrpEngine} runs a director's machines and their sync groups.
 */
package io.fulcrum.vrrp.machine;
