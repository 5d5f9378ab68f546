package io.fulcrum.health.schedule;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Timer} on a Netty event executor: wall-clock time read once at start, advanced by
 * {@link System#nanoTime()} so that schedules are immune to clock steps.
 */
public final class LoopTimer implements Timer {
    private final EventExecutor loop;
    private final Instant base;
    private final long baseNanos;

    public LoopTimer(EventExecutor loop, Clock clock) {
        this.loop = loop;
        this.base = clock.instant();
        this.baseNanos = System.nanoTime();
    }

    @Override
    public Instant now() {
        return base.plusNanos(System.nanoTime() - baseNanos);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = loop.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public boolean inTimerThread() {
        return loop.inEventLoop();
    }
}
