package io.fulcrum.agent.bench.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckTimingTest {
    private static final long MS = 1_000_000L;

    @Test
    void aCheckerOnTimeHasNoDeviation() {
        List<List<Long>> checks = List.of(List.of(0L, 1000 * MS, 2000 * MS), List.of(500 * MS, 1500 * MS));

        CheckTiming.Result r = CheckTiming.of(checks, 1);

        assertThat(r).isEqualTo(new CheckTiming.Result(2, 3, 1000.0, 0.0, 0.0));
    }

    @Test
    void theDeviationIsHowFarEachIntervalIsFromTheConfiguredOneEitherWay() {
        // intervals 900, 1100 (one server, times out of order), 1500 (another); 1,000 configured
        List<List<Long>> checks = List.of(List.of(2000 * MS, 0L, 900 * MS), List.of(100 * MS, 1600 * MS));

        CheckTiming.Result r = CheckTiming.of(checks, 1);

        assertThat(r.intervals()).isEqualTo(3);
        assertThat(r.meanMillis()).isEqualTo(3500.0 / 3);
        assertThat(r.p50DeviationMillis()).isEqualTo(100.0);
        assertThat(r.p99DeviationMillis()).isEqualTo(500.0);
    }

    @Test
    void theP99IsTheSlowOnePercent() {
        List<List<Long>> checks = new ArrayList<>();
        for (int i = 0; i < 119; i++) checks.add(List.of(0L, 30_000 * MS));
        checks.add(List.of(0L, 37_000 * MS));
        for (int i = 0; i < 80; i++) checks.add(List.of(0L, 30_010 * MS));

        CheckTiming.Result r = CheckTiming.of(checks, 30);

        assertThat(r.realServers()).isEqualTo(200);
        assertThat(r.p50DeviationMillis()).isEqualTo(0.0);
        assertThat(r.p99DeviationMillis()).isEqualTo(10.0);
        assertThat(CheckTiming.of(checks.subList(119, 121), 30).p99DeviationMillis())
                .isEqualTo(7000.0);
    }

    @Test
    void realServersCheckedOnceGiveNoInterval() {
        assertThat(CheckTiming.of(List.of(List.of(5L), List.of()), 30)).isEqualTo(CheckTiming.Result.NOT_MEASURED);
    }
}
