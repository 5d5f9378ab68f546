/**
 * The director's local scripts, run safely: {@link io.fulcrum.scripts.ScriptPolicy} (only root-owned
 * files of the one allowed directory the director's own configuration names, checked when a desired
 * state is accepted and again before every run), {@link io.fulcrum.scripts.ScriptRunner} (no shell, as
 * nobody through setpriv, in a session of its own, killed with everything it started at its timeout)
 * and {@link io.fulcrum.scripts.HookRunner} (notify hooks, queued per subject, never blocking the caller).
 * Used by health misc checks, VRRP track scripts and notify hooks; knows nothing of what a script's
 * exit status means to them.
 */
package io.fulcrum.scripts;
