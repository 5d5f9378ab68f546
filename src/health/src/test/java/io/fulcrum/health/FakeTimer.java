package io.fulcrum.health;

import io.fulcrum.health.schedule.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/** A {@link Timer} whose time moves only when the test advances it; due tasks run in time order on the test thread. */
public final class FakeTimer implements Timer {
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private record Task(Instant at, long seq, Runnable run, boolean[] cancelled) {}

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> {
        int c = a.at.compareTo(b.at);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private Instant now = T0;
    private long seq;

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        queue.add(new Task(now.plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    @Override
    public boolean inTimerThread() {
        return true;
    }

    /** Runs every task due up to now + {@code d}, each at its own time, then sets the time to now + {@code d}. */
    public void advance(Duration d) {
        advanceTo(now.plus(d));
    }

    public void advanceTo(Instant target) {
        int bound = 10_000_000; // loops are bounded
        while (!queue.isEmpty() && !queue.peek().at.isAfter(target)) {
            if (--bound == 0) throw new AssertionError("more than 10^7 timer tasks: a runaway schedule");
            Task t = queue.poll();
            if (t.cancelled[0]) continue;
            now = t.at;
            t.run.run();
        }
        now = target;
    }

    /**
     * A stalled event loop: time jumps by {@code d} with nothing running, then every task that fell due
     * runs late, at the new time.
     */
    public void stall(Duration d) {
        now = now.plus(d);
        int bound = 10_000_000;
        while (!queue.isEmpty() && !queue.peek().at.isAfter(now)) {
            if (--bound == 0) throw new AssertionError("runaway schedule");
            Task t = queue.poll();
            if (!t.cancelled[0]) t.run.run();
        }
    }

    /** Seconds since {@link #T0}, for readable assertions. */
    public double seconds(Instant at) {
        return Duration.between(T0, at).toNanos() / 1e9;
    }
}
