/**
 * Track scripts (keepalived's vrrp_script): when each runs and what its results mean for its group
 * ({@link io.fulcrum.vrrp.track.ScriptTracker}, pure), and where scripts and notify hooks run
 * ({@link io.fulcrum.vrrp.track.GroupScripts}).
 */
package io.fulcrum.vrrp.track;
