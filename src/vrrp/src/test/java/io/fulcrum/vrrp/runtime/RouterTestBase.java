package io.fulcrum.vrrp.runtime;

import io.fulcrum.runtime.LogCapture;
import io.fulcrum.vrrp.machine.Timing;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * What the router tests share: a fake host, a manual clock ({@link #now}) and the loop turned by the
 * test ({@link #at}), so that nothing sleeps; the log lines ({@link LogCapture}) and transitions the router reports.
 */
abstract class RouterTestBase {
    static final long S = 1_000_000_000L;
    /** v2, priority 100, 1 s: Master_Down_Interval (RFC 3768 §6.1). */
    static final long MDI_100 = Timing.masterDown(2, 100, S);

    long now;
    final VrrpRouterTest.FakeHost host = new VrrpRouterTest.FakeHost();
    private final LogCapture capture = LogCapture.everything("io.fulcrum.vrrp");
    final List<String> logs = capture.lines();
    final List<String> transitions = new ArrayList<>();

    @AfterEach
    void stopCapturing() {
        capture.close();
    }

    /** Moves the clock to {@code time} and turns the loop until nothing is queued; false once the router stopped. */
    boolean at(VrrpRouter r, long time) throws Exception {
        now = time;
        boolean running;
        do {
            running = r.step(false);
        } while (running && r.queued() > 0);
        return running;
    }
}
