package io.fulcrum.runtime;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations as people write them in reasons: "2s", "1.5s", "250ms". */
public final class Durations {
    private Durations() {}

    public static String text(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000 && ms * 1_000_000 == d.toNanos()) return ms + "ms";
        if (ms % 1000 == 0) return (ms / 1000) + "s";
        if (ms < 1000) return d.toNanos() / 1000 + "us";
        return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + "s";
    }
}
