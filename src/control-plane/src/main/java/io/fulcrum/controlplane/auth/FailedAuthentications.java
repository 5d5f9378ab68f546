package io.fulcrum.controlplane.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Slows a source that keeps presenting bad credentials: more than {@code limit} failed
 * authentications from one address within {@code windowMillis} block that address until the window
 * has passed since its last failure. While blocked, every request from it is refused before any
 * credential is looked at (a valid token too), so a blocked source learns nothing from its guesses;
 * the secrets themselves (256 random bits) cannot be guessed anyway, this keeps the noise and the
 * database lookups down. Pure: time comes from the injected clock, the caller logs what
 * {@link #failed} returns (once per window per source, not once per attempt).
 *
 * <p>Holds at most {@code maxSources} addresses (the least recently failing are forgotten), so a
 * flood from many addresses cannot grow it without bound.
 */
public final class FailedAuthentications {
    private final int limit;
    private final long windowMillis;
    private final int maxSources;
    private final LongSupplier clock;
    private final LinkedHashMap<String, Source> sources;

    private static final class Source {
        long windowStart;
        int failures;
        long lastFailure;
        /** Failures since the last line that was logged for this source. */
        int unreported;

        boolean logged;
        long loggedAt;
    }

    public FailedAuthentications(int limit, long windowMillis, int maxSources, LongSupplier clock) {
        if (limit < 1 || windowMillis < 1 || maxSources < 1) {
            throw new IllegalArgumentException("limit, window and size must be positive");
        }
        this.limit = limit;
        this.windowMillis = windowMillis;
        this.maxSources = maxSources;
        this.clock = clock;
        this.sources = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Source> eldest) {
                return size() > FailedAuthentications.this.maxSources;
            }
        };
    }

    /** Seconds until {@code source} may try again, when it is blocked now. */
    public synchronized Optional<Long> blockedFor(String source) {
        Source s = sources.get(source);
        if (s == null || s.failures <= limit) return Optional.empty();
        long wait = s.lastFailure + windowMillis - clock.getAsLong();
        if (wait <= 0) {
            sources.remove(source);
            return Optional.empty();
        }
        return Optional.of(Math.max(1, (wait + 999) / 1000));
    }

    /**
     * Records a failed authentication from {@code source}; returns the line to log when one is due:
     * the first time the source passes the limit, then at most once per window while it goes on.
     */
    public synchronized Optional<String> failed(String source) {
        long now = clock.getAsLong();
        Source s = sources.computeIfAbsent(source, k -> new Source());
        if (s.failures <= limit && now - s.windowStart >= windowMillis) {
            s.windowStart = now;
            s.failures = 0;
        }
        s.failures++;
        s.unreported++;
        s.lastFailure = now;
        if (s.failures <= limit || (s.logged && now - s.loggedAt < windowMillis)) return Optional.empty();
        String line = "%d failed authentications from %s; refusing it for %d s after its last failure"
                .formatted(s.unreported, source, windowMillis / 1000);
        s.logged = true;
        s.loggedAt = now;
        s.unreported = 0;
        return Optional.of(line);
    }

    /** How many sources are remembered (bounded by the size given). */
    synchronized int size() {
        return sources.size();
    }
}
