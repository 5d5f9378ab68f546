package io.fulcrum.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Collects a monitor's events for tests that run on real time; waits are bounded. */
final class Events implements HealthListener {
    private final List<HealthEvent> all = new ArrayList<>();

    @Override
    public synchronized void onEvent(HealthEvent e) {
        all.add(e);
        notifyAll();
    }

    synchronized List<HealthEvent> all() {
        return List.copyOf(all);
    }

    /** The first event of {@code type} matching {@code p}, waiting up to {@code within}. */
    synchronized <T extends HealthEvent> T await(Class<T> type, Predicate<T> p, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            for (HealthEvent e : all) {
                if (type.isInstance(e) && p.test(type.cast(e))) return type.cast(e);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0)
                throw new AssertionError(
                        "no matching " + type.getSimpleName() + " within " + within + "; events: " + all);
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }

    <T extends HealthEvent> List<T> of(Class<T> type) {
        return all().stream().filter(type::isInstance).map(type::cast).toList();
    }
}
