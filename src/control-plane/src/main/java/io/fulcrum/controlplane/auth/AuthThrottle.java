package io.fulcrum.controlplane.auth;

import io.fulcrum.controlplane.Settings;
import io.fulcrum.controlplane.service.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * The one {@link FailedAuthentications} of this control plane, shared by REST, the management API
 * and the agent stream: a source address that fails to authenticate more than
 * {@value Settings#AUTH_FAILURES_PER_MINUTE_DEFAULT} times a minute (the setting
 * {@link Settings#AUTH_FAILURES_PER_MINUTE}) is refused with 429 / RESOURCE_EXHAUSTED for a minute
 * after its last failure, and logged once a minute, never with what it sent.
 */
@ApplicationScoped
public class AuthThrottle {
    private static final System.Logger LOG = System.getLogger(AuthThrottle.class.getName());
    private static final long WINDOW_MILLIS = 60_000;
    private static final int MAX_SOURCES = 10_000;

    private final FailedAuthentications failures;

    public AuthThrottle() {
        String v = Settings.get(Settings.AUTH_FAILURES_PER_MINUTE);
        int limit = v == null ? Settings.AUTH_FAILURES_PER_MINUTE_DEFAULT : Integer.parseInt(v.trim());
        failures = new FailedAuthentications(limit, WINDOW_MILLIS, MAX_SOURCES, System::currentTimeMillis);
    }

    /** A 429 problem when {@code source} (an address; null when unknown) is blocked now. */
    public void check(String source) {
        if (source == null) return;
        failures.blockedFor(source).ifPresent(seconds -> {
            throw new Refused(seconds);
        });
    }

    /** Records a failed authentication from {@code source}. */
    public void failed(String source) {
        if (source == null) return;
        failures.failed(source).ifPresent(line -> LOG.log(Level.WARNING, line));
    }

    /** The refusal of a blocked source, with the seconds until it may try again (REST's Retry-After). */
    public static final class Refused extends ApiProblem {
        public final long retryAfterSeconds;

        Refused(long seconds) {
            super(
                    429,
                    "Too many requests",
                    "too many failed authentications from this address; try again in " + seconds + " s",
                    List.of());
            this.retryAfterSeconds = seconds;
        }
    }
}
