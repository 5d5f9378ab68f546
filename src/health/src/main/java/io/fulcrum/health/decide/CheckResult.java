package io.fulcrum.health.decide;

import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of one round of a health check (up to {@code retries} attempts).
 *
 * @param ok       the round passed
 * @param reason   what was observed, specific enough for an operator ("connect refused",
 *                 "status 500 not in [200]", "timeout after 2s waiting for the response")
 * @param weight   a weight the check asks for (keepalived misc_dynamic), or null
 * @param startedAt when the round's first attempt started
 * @param took     from the start of the first attempt to the end of the last
 * @param attempts attempts made in this round
 */
public record CheckResult(boolean ok, String reason, Integer weight, Instant startedAt, Duration took, int attempts) {
    public CheckResult {
        if (reason == null) throw new IllegalArgumentException("a check result needs a reason");
    }

    public static CheckResult of(boolean ok, String reason, Instant at) {
        return new CheckResult(ok, reason, null, at, Duration.ZERO, 1);
    }
}
