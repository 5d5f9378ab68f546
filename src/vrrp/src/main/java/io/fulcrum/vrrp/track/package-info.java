/**
 * Track scripts (keepalived's vrrp_script): when each runs and what its results do to its group
 * ({@link io.fulcrum.vrrp.track.ScriptTracker}, pure), and {@link io.fulcrum.vrrp.track.GroupScripts},
 * the interface behind which scripts and notify hooks actually run (on the scripts module; fakes in tests).
 */
package io.fulcrum.vrrp.track;
