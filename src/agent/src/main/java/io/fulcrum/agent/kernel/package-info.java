/**
 * The reconciler's {@link io.fulcrum.agent.reconcile.IpvsKernel} over the netlink module's IPVS client:
 * {@link io.fulcrum.agent.kernel.KernelMapping} is the one place where the agent's table types and the
 * kernel's netlink records become each other. No decisions here.
 */
package io.fulcrum.agent.kernel;
