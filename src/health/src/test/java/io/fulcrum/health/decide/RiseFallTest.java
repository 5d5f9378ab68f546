package io.fulcrum.health.decide;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RiseFallTest {
    static RiseFall run(RiseFall s, int rise, int fall, boolean... rounds) {
        for (boolean ok : rounds) s = s.next(ok, rise, fall);
        return s;
    }

    @Test
    void upServerGoesDownOnlyAfterFallFailedRoundsInARow() {
        RiseFall s = RiseFall.initial(false);
        assertThat(run(s, 1, 3, false, false).health()).isEqualTo(Health.UP);
        assertThat(run(s, 1, 3, false, false, false).health()).isEqualTo(Health.DOWN);
    }

    @Test
    void aGoodRoundInBetweenRestartsTheFallCount() {
        assertThat(run(RiseFall.initial(false), 1, 3, false, false, true, false, false)
                        .health())
                .isEqualTo(Health.UP);
    }

    @Test
    void downServerComesBackAfterRiseGoodRoundsInARow() {
        RiseFall down = run(RiseFall.initial(false), 2, 1, false);
        assertThat(run(down, 2, 1, true).health()).isEqualTo(Health.DOWN);
        assertThat(run(down, 2, 1, true, false, true).health()).isEqualTo(Health.DOWN);
        assertThat(run(down, 2, 1, true, true).health()).isEqualTo(Health.UP);
    }

    @Test
    void alphaStartsDownAndNeedsRiseGoodRounds() {
        RiseFall s = RiseFall.initial(true);
        assertThat(s.health()).isEqualTo(Health.DOWN);
        assertThat(run(s, 1, 1, true).health()).isEqualTo(Health.UP);
        assertThat(run(s, 3, 1, true, true).health()).isEqualTo(Health.DOWN);
    }

    @Test
    void countersSaturateInsteadOfOverflowing() {
        RiseFall s = new RiseFall(Health.UP, Integer.MAX_VALUE, 0).next(true, 1, 1);
        assertThat(s.goodInRow()).isEqualTo(Integer.MAX_VALUE);
    }
}
