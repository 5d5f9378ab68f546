/**
 * The VRRP state machines (RFC 3768 §6.4, RFC 5798 §6.4, keepalived's FAULT, tracking, preempt delay
 * and sync groups): an event and "now" (monotonic nanoseconds) in, the actions to take out. Pure: no
 * I/O, no clock of their own, no threads; the runtime owns all three.
 */
package io.fulcrum.vrrp.machine;
