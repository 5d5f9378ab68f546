package io.fulcrum.health.decide;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuorumTest {
    @Test
    void withoutHysteresisQuorumFollowsTheLiveWeight() {
        assertThat(Quorum.next(true, 1, 2, 0)).isFalse();
        assertThat(Quorum.next(false, 2, 2, 0)).isTrue();
        assertThat(Quorum.next(true, 2, 2, 0)).isTrue();
    }

    @Test
    void hysteresisWidensTheBandBothWays() {
        // quorum 3, hysteresis 1: lost below 2, regained at 4
        assertThat(Quorum.next(true, 2, 3, 1)).isTrue();
        assertThat(Quorum.next(true, 1, 3, 1)).isFalse();
        assertThat(Quorum.next(false, 3, 3, 1)).isFalse();
        assertThat(Quorum.next(false, 4, 3, 1)).isTrue();
    }

    @Test
    void zeroLiveWeightNeverHasQuorum() {
        assertThat(Quorum.next(true, 0, 1, 5)).isFalse();
        assertThat(Quorum.next(false, 0, 0, 0)).isFalse();
        assertThat(Quorum.initial(0, 0, 0)).isFalse();
    }

    @Test
    void aNewVirtualServerNeedsQuorumPlusHysteresis() {
        assertThat(Quorum.initial(3, 3, 1)).isFalse();
        assertThat(Quorum.initial(4, 3, 1)).isTrue();
    }
}
