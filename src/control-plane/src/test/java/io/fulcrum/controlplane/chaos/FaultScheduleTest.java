package io.fulcrum.controlplane.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {
    static final FaultSchedule.Settings FIVE_MINUTES = new FaultSchedule.Settings(
            Duration.ofMinutes(5),
            Duration.ofSeconds(15),
            Duration.ofSeconds(3),
            Duration.ofSeconds(10),
            Duration.ofSeconds(3),
            Duration.ofSeconds(4),
            Duration.ofSeconds(2),
            Duration.ofSeconds(45),
            50,
            10);

    @Test
    void theSameSeedPlansTheSameFaultsAndAnotherSeedOthers() {
        assertThat(FaultSchedule.plan(7, FIVE_MINUTES)).isEqualTo(FaultSchedule.plan(7, FIVE_MINUTES));
        assertThat(FaultSchedule.plan(8, FIVE_MINUTES)).isNotEqualTo(FaultSchedule.plan(7, FIVE_MINUTES));
    }

    @Test
    void faultsComeOneAfterAnotherWithGapsInRangeAndNoneInTheQuietTail() {
        for (long seed = 0; seed < 50; seed++) {
            List<Fault> faults = FaultSchedule.plan(seed, FIVE_MINUTES);
            long previousEnd = 0;
            for (Fault f : faults) {
                long gap = f.atMillis() - previousEnd;
                assertThat(gap).as("gap before %s", f).isBetween(3_000L, 10_000L);
                assertThat(f.atMillis() + f.holdMillis()).isLessThanOrEqualTo(285_000L);
                previousEnd = f.atMillis() + f.holdMillis();
            }
            assertThat(faults)
                    .extracting(Fault::number)
                    .containsExactlyElementsOf(
                            IntStream.rangeClosed(1, faults.size()).boxed().toList());
        }
    }

    @Test
    void everyRoundOfFiveHoldsEveryTypeOnce() {
        List<Fault> faults = FaultSchedule.plan(3, FIVE_MINUTES);
        assertThat(faults.size()).isGreaterThanOrEqualTo(10);
        for (int round = 0; round + 5 <= faults.size(); round += 5) {
            Set<FaultType> types = EnumSet.noneOf(FaultType.class);
            for (Fault f : faults.subList(round, round + 5)) types.add(f.type());
            assertThat(types).containsExactlyInAnyOrder(FaultType.values());
        }
    }

    @Test
    void eachTypeHoldsForItsSettingAndTargetsWhatExists() {
        for (Fault f : FaultSchedule.plan(11, FIVE_MINUTES)) {
            switch (f.type()) {
                case REPLICA_PAUSE -> assertThat(f.holdMillis()).isEqualTo(45_000);
                case CONNECTIONS_CUT -> assertThat(f.holdMillis()).isZero();
                case DATABASE_KILL -> assertThat(f.holdMillis()).isEqualTo(4_000);
                case REPLICA_KILL -> assertThat(f.holdMillis()).isEqualTo(3_000);
                case AGENT_KILL -> assertThat(f.holdMillis()).isEqualTo(2_000);
            }
            if (f.type() == FaultType.AGENT_KILL)
                assertThat(f.targets())
                        .hasSize(10)
                        .doesNotHaveDuplicates()
                        .allMatch(i -> i >= 0 && i < 50)
                        .isSorted();
            else if (f.type() == FaultType.CONNECTIONS_CUT)
                assertThat(f.targets()).containsExactly(0, 1);
            else if (f.type() == FaultType.DATABASE_KILL)
                assertThat(f.targets()).isEmpty();
            else assertThat(f.targets()).singleElement().matches(i -> i == 0 || i == 1);
        }
    }

    @Test
    void aRunTooShortForAnyFaultPlansNone() {
        FaultSchedule.Settings s = new FaultSchedule.Settings(
                Duration.ofSeconds(10),
                Duration.ofSeconds(8),
                Duration.ofSeconds(3),
                Duration.ofSeconds(3),
                Duration.ofSeconds(3),
                Duration.ofSeconds(3),
                Duration.ofSeconds(3),
                Duration.ofSeconds(3),
                1,
                1);
        assertThat(FaultSchedule.plan(1, s)).isEmpty();
    }

    @Test
    void impossibleSettingsAreRefused() {
        assertThatThrownBy(() -> new FaultSchedule.Settings(
                        Duration.ofMinutes(1),
                        Duration.ZERO,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(4),
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ZERO,
                        10,
                        1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FaultSchedule.Settings(
                        Duration.ofMinutes(1),
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ZERO,
                        10,
                        11))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
