package io.fulcrum.agent.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
    static List<Duration> delays(Backoff b, int n) {
        List<Duration> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(b.next());
        return out;
    }

    @Test
    void theCeilingDoublesFromHalfASecondToThirtySeconds() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.999999);
        assertThat(delays(b, 9))
                .extracting(d -> Math.round(d.toMillis() / 100.0) * 100)
                .containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L);
    }

    @Test
    void everyDelayIsTheRandomShareOfItsCeiling() {
        double[] r = {0.0, 0.5, 0.25, 0.75};
        int[] i = {0};
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> r[i[0]++ % r.length]);
        assertThat(delays(b, 4))
                .containsExactly(
                        Duration.ZERO, Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(3000));
    }

    @Test
    void aResetStartsAgainFromTheInitialCeiling() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.5);
        delays(b, 10);
        assertThat(b.ceiling()).isEqualTo(Duration.ofSeconds(30));
        b.reset();
        assertThat(b.ceiling()).isEqualTo(Duration.ofMillis(500));
        assertThat(b.next()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void manyAttemptsNeitherOverflowNorExceedTheMaximum() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.999);
        assertThat(delays(b, 10_000)).allMatch(d -> !d.isNegative() && d.compareTo(Duration.ofSeconds(30)) < 0);
    }

    @Test
    void aRandomSourceOutsideZeroToOneNeverMakesALongerDelay() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 7.0);
        assertThat(b.next()).isEqualTo(Duration.ZERO);
    }

    @Test
    void theStandardBackoffStaysWithinItsCeilings() {
        Backoff b = Backoff.standard();
        List<Duration> d = delays(b, 8);
        for (int k = 0; k < d.size(); k++) {
            assertThat(d.get(k)).isLessThan(Duration.ofMillis(Math.min(30_000, 500L << k)));
        }
    }

    @Test
    void anInitialDelayAboveTheMaximumIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), () -> 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
