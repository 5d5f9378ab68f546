package io.fulcrum.agent.bench.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangeTest {
    private final Fleet fleet = Fleet.of(new BenchCase(50, 4, "nat", "tcp", 30));

    @Test
    void theWeightChangeAndTheAdditionTouchOneRealServerEach() {
        Change w = Change.weight(fleet);
        Change a = Change.addition(w.after());

        assertThat(SnapshotDiff.between(fleet.expected(), w.after().expected()).weightsChanged())
                .containsExactly(w.entry());
        assertThat(SnapshotDiff.between(w.after().expected(), a.after().expected())
                        .destinationsAdded())
                .containsExactly(a.entry());
        assertThat(a.weight()).isEqualTo(1);
    }

    @Test
    void aRollingDeploymentTouchesADifferentRealServerEveryTimeUntilItWrapsAround() {
        Fleet f = fleet;
        Set<String> touched = new HashSet<>();
        for (int k = 0; k < 48 * 4; k++) {
            Change c = Change.rolling(f, k);
            assertThat(touched.add(c.entry()))
                    .as("change %d touches %s again", k, c.entry())
                    .isTrue();
            assertThat(c.service()).isBetween(2, 49);
            SnapshotDiff d = SnapshotDiff.between(f.expected(), c.after().expected());
            assertThat(d.weightsChanged()).containsExactly(c.entry());
            assertThat(c.after().weight(c.service(), c.dest())).isEqualTo(c.weight());
            f = c.after();
        }
        Change again = Change.rolling(f, 48 * 4);
        assertThat(again.weight()).as("the second pass flips the weight back").isEqualTo(1);
    }

    @Test
    void aFleetOfOneVirtualServerStillHasItsChanges() {
        Fleet one = Fleet.of(new BenchCase(1, 2, "dr", "tcp", 5));

        assertThat(Change.addition(one).service()).isZero();
        assertThat(Change.rolling(one, 1).dest()).isEqualTo(1);
    }
}
