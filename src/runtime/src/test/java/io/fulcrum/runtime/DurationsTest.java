package io.fulcrum.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(Durations.text(Duration.ofSeconds(2))).isEqualTo("2s");
        assertThat(Durations.text(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(Durations.text(Duration.ofMillis(250))).isEqualTo("250ms");
    }
}
