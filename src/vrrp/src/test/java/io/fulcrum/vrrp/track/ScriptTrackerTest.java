package io.fulcrum.vrrp.track;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.health.decide.Health;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.vrrp.machine.Event;
import io.fulcrum.vrrp.machine.VrrpMachine;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** keepalived's track_script rules on a fake clock: rise/fall, the init state, weights, the schedule. Nothing runs, nothing sleeps. */
class ScriptTrackerTest {
    static final long S = 1_000_000_000L;

    static ScriptTracker tracker(int weight, int fall, int rise) {
        return new ScriptTracker(
                new VrrpGroup.TrackScript(
                        "chk",
                        "/etc/fulcrum/scripts/chk.sh",
                        List.of(),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(1),
                        weight,
                        fall,
                        rise),
                0);
    }

    /** One run at {@code t}: started, finished at once. */
    static ScriptTracker.Change run(ScriptTracker t, long at, boolean ok) {
        assertThat(t.due(at)).as("due at " + at).isTrue();
        t.started(at);
        return t.finished(ok, ok ? "exit status 0" : "exit status 1", at);
    }

    @Test
    void aNegativeWeightLowersThePriorityAfterFallFailuresAndRestoresItAfterRiseSuccesses() {
        ScriptTracker t = tracker(-30, 2, 3);
        assertThat(t.effect())
                .as("no result yet: nothing")
                .isEqualTo(new Event.PriorityAdjusted("track script chk", 0));

        assertThat(run(t, 0, true).event()).isEqualTo(new Event.PriorityAdjusted("track script chk", 0));
        assertThat(t.health()).isEqualTo(Health.UP);
        assertThat(run(t, 2 * S, false)).as("1 failure of 2").isNull();
        ScriptTracker.Change down = run(t, 4 * S, false);
        assertThat(down.event()).isEqualTo(new Event.PriorityAdjusted("track script chk", -30));
        assertThat(down.message())
                .isEqualTo("track script chk failed (exit status 1), 2 failure(s) in a row: priority -30");

        assertThat(run(t, 6 * S, true)).isNull();
        assertThat(run(t, 8 * S, true)).isNull();
        assertThat(run(t, 10 * S, true).event()).isEqualTo(new Event.PriorityAdjusted("track script chk", 0));
    }

    @Test
    void aPositiveWeightRaisesThePriorityWhileUp() {
        ScriptTracker t = tracker(20, 1, 1);
        assertThat(run(t, 0, true).event()).isEqualTo(new Event.PriorityAdjusted("track script chk", 20));
        assertThat(run(t, 2 * S, false).event()).isEqualTo(new Event.PriorityAdjusted("track script chk", 0));
    }

    @Test
    void weightZeroIsAFaultWhileDownAndUnknownUntilTheFirstResult() {
        ScriptTracker t = tracker(0, 1, 2);
        assertThat(t.effect()).isEqualTo(new Event.TrackFault("track script chk", null));

        ScriptTracker.Change first = run(t, 0, false);
        assertThat(first.event()).isEqualTo(new Event.TrackFault("track script chk", true));
        assertThat(first.message())
                .isEqualTo("track script chk failed (exit status 1): the group goes to FAULT (weight 0)");
        assertThat(run(t, 2 * S, true)).as("1 success of rise 2").isNull();
        assertThat(run(t, 4 * S, true).event()).isEqualTo(new Event.TrackFault("track script chk", false));
    }

    @Test
    void theFirstResultDecidesWhateverRiseAndFallSay() {
        // keepalived: a script in its init state goes up on one success and down on one failure
        assertThat(run(tracker(-10, 5, 5), 0, true)).isNotNull();
        assertThat(run(tracker(-10, 5, 5), 0, false).event())
                .isEqualTo(new Event.PriorityAdjusted("track script chk", -10));
    }

    @Test
    void runsAtOnceThenEveryIntervalStartToStart() {
        ScriptTracker t = tracker(-10, 1, 1);
        assertThat(t.nextDeadline()).isZero();
        t.started(0);
        assertThat(t.nextDeadline()).as("not while it runs").isEqualTo(VrrpMachine.NEVER);
        t.finished(true, "exit status 0", S / 2);
        assertThat(t.nextDeadline()).isEqualTo(2 * S);
        assertThat(t.due(2 * S - 1)).isFalse();
    }

    @Test
    void aRunThatOverrunsTheIntervalSkipsTheMissedStarts() {
        ScriptTracker t = tracker(-10, 1, 1);
        t.started(0);
        assertThat(t.due(3 * S)).as("still running at the next slot").isFalse();
        t.finished(false, "exit status 1", 5 * S);
        assertThat(t.nextDeadline()).as("slots at 2 and 4 s skipped").isEqualTo(6 * S);
    }
}
