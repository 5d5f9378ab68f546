package io.fulcrum.agent.controlplane;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: the n-th delay (from 0) is uniform in [0, min(max, initial * 2^n)),
 * so that many agents that lost the control plane at once do not come back at once. {@link #reset()}
 * once a connection proved good. Not thread-safe (one reconnecting thread uses it).
 */
public final class Backoff {
    public static final Duration INITIAL = Duration.ofMillis(500);
    public static final Duration MAX = Duration.ofSeconds(30);

    private final long initialNanos;
    private final long maxNanos;
    private final DoubleSupplier random;
    private int attempt;

    /** @param random values in [0, 1) */
    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, not " + initial + " and " + max);
        }
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** 0.5 s doubling to 30 s. */
    public static Backoff standard() {
        return new Backoff(INITIAL, MAX, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The bound of the next delay: initial doubled once per attempt so far, at most max. */
    public Duration ceiling() {
        long c = initialNanos;
        for (int i = 0; i < attempt && c < maxNanos; i++) c = c > maxNanos / 2 ? maxNanos : c * 2;
        return Duration.ofNanos(Math.min(c, maxNanos));
    }

    /** The delay before the next attempt; each call counts an attempt. */
    public Duration next() {
        long ceiling = ceiling().toNanos();
        if (attempt < 64) attempt++;
        double r = random.getAsDouble();
        if (!(r >= 0) || r >= 1) r = 0; // a bad source never makes a delay above the ceiling
        return Duration.ofNanos((long) (r * ceiling));
    }

    public void reset() {
        attempt = 0;
    }
}
