package io.fulcrum.health.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * The clock and the one thread the health checker's state lives on. Production: a Netty event loop
 * ({@link LoopTimer}); tests: a fake that runs due tasks when the test advances time, so decisions are
 * tested without sleeping.
 */
public interface Timer {
    /** Now, monotonic (never steps back). */
    Instant now();

    /** Runs {@code task} on the timer's thread after {@code delay}. */
    Cancellable schedule(Duration delay, Runnable task);

    /** Runs {@code task} on the timer's thread as soon as possible. */
    void execute(Runnable task);

    /** The caller is the timer's thread. */
    boolean inTimerThread();

    /** A scheduled task that can be called off. */
    interface Cancellable {
        void cancel();
    }
}
