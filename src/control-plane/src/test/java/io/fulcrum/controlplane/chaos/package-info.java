/**
 * The fault-injection run (issue 18, {@code bin/fulcrum bench chaos}, {@code ChaosIT}): two control-plane
 * replicas on one PostgreSQL, simulated agents and REST writers under seeded faults. The decisions (the fault
 * schedule, the verification of the recorded history) are pure; processes, the proxy, REST and gRPC sit
 * behind small classes of their own.
 */
package io.fulcrum.controlplane.chaos;
