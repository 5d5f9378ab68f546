package io.fulcrum.health.schedule;

import io.fulcrum.health.spec.CheckSpec;
import java.time.Duration;

/**
 * Where in its interval a check first runs: a hash of what it probes, spread uniformly over the
 * interval so that thousands of checks configured at once do not fire in one burst, and stable, so
 * that a check keeps its phase across runs and tests are reproducible.
 */
public final class Jitter {
    private Jitter() {}

    public static Duration firstDelay(CheckSpec spec) {
        long span = spec.interval().toNanos();
        if (span <= 0) return Duration.ZERO;
        // from the target's text, not its hashCode: that includes enums' identity hashes, which differ
        // from one JVM to the next
        long h = mix(spec.target().toString().hashCode() * 0x9E3779B97F4A7C15L
                + spec.address().hashCode());
        return Duration.ofNanos(Math.floorMod(h, span));
    }

    /** The finaliser of SplitMix64: spreads consecutive inputs (ports, addresses) over all bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
