package io.fulcrum.vrrp;

import java.util.logging.LogManager;

/**
 * A java.util.logging manager that keeps its handlers while the JVM stops. The JDK's own resets itself
 * (closes and drops every handler) in a shutdown hook of its own, which runs alongside the process's
 * {@link io.fulcrum.runtime.Shutdown} hook: the lines a graceful stop logs (a master's goodbye, the
 * "MASTER -> INITIALIZE: stopped" transition) would be lost. Chosen by {@link VrrpMain} with the system
 * property {@code java.util.logging.manager} before any logger exists. An explicit reset (configuring)
 * still resets.
 */
public final class KeptAtExitLogManager extends LogManager {
    /** The JDK's shutdown hook that resets the log manager (java.util.logging.LogManager.Cleaner). */
    private static final String CLEANER = LogManager.class.getName() + "$Cleaner";

    @Override
    public void reset() {
        if (Thread.currentThread().getClass().getName().equals(CLEANER)) return; // the JVM stops: keep logging to the end
        super.reset();
    }
}
