/**
 * Reconcile: dump the kernel's IPVS table once, plan (the pure {@link io.fulcrum.agent.reconcile.Planner}:
 * only what differs, changes in place, foreign rules left alone and reported as drift), apply the plan
 * step by step. The kernel is reached only through {@link io.fulcrum.agent.reconcile.IpvsKernel}; the
 * ownership record is the one file this package writes.
 */
package io.fulcrum.agent.reconcile;
