/**
 * The agent's Prometheus metrics: what it sees (the kernel's IPVS counters, VRRP, health checks,
 * reconciles) in the Prometheus text format, served over HTTP on its own address (loopback by default).
 */
package io.fulcrum.agent.metrics;
