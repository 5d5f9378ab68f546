package io.fulcrum.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailedAuthenticationsTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final FailedAuthentications limiter = new FailedAuthentications(3, 60_000, 100, now::get);

    @Test
    void aSourceIsBlockedOnlyAfterMoreFailuresThanTheLimitWithinTheWindow() {
        for (int i = 0; i < 3; i++) {
            limiter.failed("10.0.0.1");
            assertThat(limiter.blockedFor("10.0.0.1")).isEmpty();
        }
        limiter.failed("10.0.0.1");
        assertThat(limiter.blockedFor("10.0.0.1")).contains(60L);
        assertThat(limiter.blockedFor("10.0.0.2")).isEmpty();
    }

    @Test
    void failuresSpreadOverLongerThanTheWindowNeverBlock() {
        for (int i = 0; i < 20; i++) {
            limiter.failed("10.0.0.1");
            now.addAndGet(30_000);
        }
        assertThat(limiter.blockedFor("10.0.0.1")).isEmpty();
    }

    @Test
    void aBlockEndsAWindowAfterTheLastFailure() {
        for (int i = 0; i < 4; i++) limiter.failed("10.0.0.1");
        now.addAndGet(59_000);
        assertThat(limiter.blockedFor("10.0.0.1")).contains(1L);
        limiter.failed("10.0.0.1"); // still guessing: the block runs from this failure on
        now.addAndGet(59_000);
        assertThat(limiter.blockedFor("10.0.0.1")).isPresent();
        now.addAndGet(1_000);
        assertThat(limiter.blockedFor("10.0.0.1")).isEmpty();
        limiter.failed("10.0.0.1");
        assertThat(limiter.blockedFor("10.0.0.1")).isEmpty();
    }

    @Test
    void aBlockedSourceIsLoggedOncePerWindowWithTheCountSinceTheLastLine() {
        int lines = 0;
        Optional<String> last = Optional.empty();
        for (int i = 0; i < 100; i++) {
            Optional<String> l = limiter.failed("10.0.0.1");
            if (l.isPresent()) {
                lines++;
                last = l;
            }
            now.addAndGet(1_000); // 100 failures over 100 s: two windows
        }
        assertThat(lines).isEqualTo(2);
        assertThat(last.orElseThrow()).startsWith("60 failed authentications from 10.0.0.1");
    }

    @Test
    void theNumberOfRememberedSourcesIsBounded() {
        for (int i = 0; i < 1_000; i++) limiter.failed("10.0." + (i / 256) + "." + (i % 256));
        assertThat(limiter.size()).isEqualTo(100);
    }
}
