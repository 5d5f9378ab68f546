package io.fulcrum.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShutdownTest {
    @Test
    void partsCloseInReverseOrderOfStartAndAFailureDoesNotStopTheRest() {
        List<String> closed = new ArrayList<>();
        Shutdown s = new Shutdown("test");
        s.add("database", () -> closed.add("database"));
        s.add("stream", () -> {
            closed.add("stream");
            throw new IllegalStateException("boom");
        });
        s.add("loop", () -> closed.add("loop"));
        s.close();
        s.close();
        assertThat(closed).containsExactly("loop", "stream", "database");
        assertThat(s.stopRequested()).isTrue();
    }

    @Test
    void aRequestedStopWakesTheWaiter() throws Exception {
        Shutdown s = new Shutdown("test");
        Thread t = Threads.start("test-stopper", s::requestStop);
        assertThat(s.awaitStop(Duration.ofSeconds(30))).isTrue();
        t.join();
    }
}
