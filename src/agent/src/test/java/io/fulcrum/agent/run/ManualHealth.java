package io.fulcrum.agent.run;

import io.fulcrum.health.HealthMonitor;
import io.fulcrum.health.probe.ProbeResult;
import io.fulcrum.health.probe.Prober;
import io.fulcrum.health.schedule.Timer;
import io.fulcrum.health.spec.CheckSpec;
import io.fulcrum.model.Enums;
import io.fulcrum.scripts.ScriptPolicy;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A health checker for agent tests: a real {@link HealthMonitor} on a timer whose time moves only
 * when the test advances it, probing a network where the addresses in {@link #refusing} refuse. Safe
 * from several threads (the agent's loop, the test): the timer's work runs under its lock.
 */
public final class ManualHealth {
    public final Set<InetAddress> refusing = ConcurrentHashMap.newKeySet();
    public final ManualTimer timer = new ManualTimer();
    public final HealthMonitor monitor = new HealthMonitor(
            timer,
            new Prober() {
                @Override
                public CompletionStage<ProbeResult> probe(CheckSpec spec) {
                    return CompletableFuture.completedFuture(
                            refusing.contains(spec.address())
                                    ? ProbeResult.fail("connect refused")
                                    : ProbeResult.ok("connected"));
                }

                @Override
                public Set<Enums.CheckType> types() {
                    return EnumSet.allOf(Enums.CheckType.class);
                }
            },
            ScriptPolicy.none());

    /** Time moves only in {@link #advance}; due tasks run on the caller's thread, under the timer's lock. */
    public static final class ManualTimer implements Timer {
        private record Task(Instant at, long seq, Runnable run, boolean[] cancelled) {}

        private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> {
            int c = a.at.compareTo(b.at);
            return c != 0 ? c : Long.compare(a.seq, b.seq);
        });
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");
        private long seq;

        @Override
        public synchronized Instant now() {
            return now;
        }

        @Override
        public synchronized Cancellable schedule(Duration delay, Runnable task) {
            boolean[] cancelled = {false};
            queue.add(new Task(now.plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task, cancelled));
            return () -> {
                synchronized (this) {
                    cancelled[0] = true;
                }
            };
        }

        @Override
        public synchronized void execute(Runnable task) {
            task.run();
        }

        @Override
        public boolean inTimerThread() {
            return Thread.holdsLock(this);
        }

        public synchronized void advance(Duration d) {
            Instant target = now.plus(d);
            for (int bound = 1_000_000; !queue.isEmpty() && !queue.peek().at.isAfter(target); ) {
                if (--bound == 0) throw new AssertionError("a runaway schedule");
                Task t = queue.poll();
                if (t.cancelled[0]) continue;
                now = t.at;
                t.run.run();
            }
            now = target;
        }
    }
}
