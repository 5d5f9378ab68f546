/**
 * Process plumbing written once for every Fulcrum process: {@link io.fulcrum.runtime.Logs} (the
 * logging set-up of a plain JVM process: {@link java.lang.System.Logger} with levels, text or JSON),
 * {@link io.fulcrum.runtime.Threads} (every thread named after its owner) and
 * {@link io.fulcrum.runtime.Shutdown} (one owner of a process's shutdown, in a stated order),
 * {@link io.fulcrum.runtime.FileWatcher} (a followed file's changes), {@link io.fulcrum.runtime.Processes}
 * (ending child processes and what they started) and {@link io.fulcrum.runtime.Durations} (durations as
 * reasons and log lines print them: "2s", "250ms").
 */
package io.fulcrum.runtime;
