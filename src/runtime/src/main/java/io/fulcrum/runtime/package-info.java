/**
 * Process plumbing written once for every Fulcrum process: {@link io.fulcrum.runtime.Logs} (the
 * logging set-up of a plain JVM process: {@link java.lang.System.Logger} with levels, text or JSON),
 * {@link io.fulcrum.runtime.Threads} (every thread named after its owner) and
 * {@link io.fulcrum.runtime.Shutdown} (one owner of a process's shutdown, in a stated order).
 */
package io.fulcrum.runtime;
