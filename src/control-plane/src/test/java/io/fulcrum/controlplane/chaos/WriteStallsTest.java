package io.fulcrum.controlplane.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteStallsTest {
    static final Fault PAUSE = new Fault(1, 10_000, FaultType.REPLICA_PAUSE, List.of(1), 45_000);
    static final Fault DB = new Fault(2, 70_000, FaultType.DATABASE_KILL, List.of(), 5_000);
    static final List<History.FaultOutcome> FAULTS = List.of(
            new History.FaultOutcome(PAUSE, 10_000, 55_000, 100, 55_040, null),
            new History.FaultOutcome(DB, 70_000, 75_300, 200, 75_320, null));

    @Test
    void aMomentBelongsToTheFaultInForceUntilFiveSecondsAfterItsEnd() {
        assertThat(WriteStalls.at(9_999, FAULTS)).isNull();
        assertThat(WriteStalls.at(10_000, FAULTS)).isEqualTo(FaultType.REPLICA_PAUSE);
        assertThat(WriteStalls.at(60_000, FAULTS)).isEqualTo(FaultType.REPLICA_PAUSE);
        assertThat(WriteStalls.at(60_001, FAULTS)).isNull();
        assertThat(WriteStalls.at(80_300, FAULTS)).isEqualTo(FaultType.DATABASE_KILL);
    }

    @Test
    void aFaultThatNeverEndedHoldsEveryLaterMoment() {
        List<History.FaultOutcome> open = List.of(new History.FaultOutcome(DB, 70_000, -1, 0, -1, "restart failed"));
        assertThat(WriteStalls.at(1_000_000, open)).isEqualTo(FaultType.DATABASE_KILL);
    }

    @Test
    void skipsAndWritesAreCountedByTheFaultInForceAndFirstTriesApartFromRetries() {
        Map<FaultType, WriteStalls.Window> w = WriteStalls.attribute(
                List.of(12_000L, 13_000L, 50_000L, 65_000L),
                List.of(
                        new WriteStalls.Timing(11_000, 20, 1, true), // the live replica, at once
                        new WriteStalls.Timing(11_200, 5_060, 2, true), // the frozen one timed out first
                        new WriteStalls.Timing(11_400, 30, 1, true),
                        new WriteStalls.Timing(72_000, 3_400, 5, true),
                        new WriteStalls.Timing(72_100, 30_000, 9, false), // never acknowledged: not timed
                        new WriteStalls.Timing(90_000, 15, 1, true)),
                FAULTS);
        assertThat(w.keySet()).containsExactly(FaultType.DATABASE_KILL, FaultType.REPLICA_PAUSE, null);
        WriteStalls.Window pause = w.get(FaultType.REPLICA_PAUSE);
        assertThat(pause.skipped()).isEqualTo(3);
        assertThat(pause.firstTry()).containsExactly(20, 30);
        assertThat(pause.retried()).containsExactly(5_060);
        assertThat(w.get(FaultType.DATABASE_KILL).retried()).containsExactly(3_400);
        assertThat(w.get(null).skipped()).isEqualTo(1);
        assertThat(w.get(null).firstTry()).containsExactly(15);
        assertThat(WriteStalls.text(w))
                .contains("replica SIGSTOP")
                .contains("no fault")
                .contains("2 answered at the first try (p50    20, p99    30, max    30 ms)");
    }
}
