/**
 * The VRRP runtime: {@link io.fulcrum.vrrp.runtime.VrrpRouter} runs a director's groups on one thread
 * against a {@link io.fulcrum.vrrp.runtime.Host} (the real one: {@link io.fulcrum.vrrp.runtime.LinuxHost},
 * raw sockets and rtnetlink). A reload is planned purely ({@link io.fulcrum.vrrp.runtime.ReloadPlanner}
 * over the running groups, the new document and a {@link io.fulcrum.vrrp.runtime.HostSnapshot}) and carried
 * out by {@link io.fulcrum.vrrp.runtime.ReloadExecutor}; each group's state is one
 * {@link io.fulcrum.vrrp.runtime.GroupState}.
 */
package io.fulcrum.vrrp.runtime;
