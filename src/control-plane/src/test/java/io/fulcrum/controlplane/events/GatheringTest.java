package io.fulcrum.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatheringTest {
    /** A timer that fires only when the test says so. */
    private final List<Runnable> armed = new ArrayList<>();

    private final List<Long> delays = new ArrayList<>();
    private final List<String> ran = new ArrayList<>();
    private final Gathering gathering = new Gathering(
            5,
            (millis, task) -> {
                delays.add(millis);
                armed.add(task);
            },
            Runnable::run);

    private void fire() {
        List<Runnable> due = new ArrayList<>(armed);
        armed.clear();
        due.forEach(Runnable::run);
    }

    @Test
    void tasksHandedInDuringAGatheringRunTogetherInOrderWhenItsTimerFires() {
        gathering.execute(() -> ran.add("a"));
        gathering.execute(() -> ran.add("b"));
        gathering.execute(() -> ran.add("c"));

        assertThat(ran).isEmpty();
        assertThat(armed).as("one timer for the whole gathering").hasSize(1);
        assertThat(delays).containsExactly(5L);
        fire();
        assertThat(ran).containsExactly("a", "b", "c");
        assertThat(gathering.waiting()).isZero();
    }

    @Test
    void aTaskAfterAGatheringArmsTheNextOne() {
        gathering.execute(() -> ran.add("a"));
        fire();
        gathering.execute(() -> ran.add("b"));

        assertThat(ran).containsExactly("a");
        assertThat(armed).hasSize(1);
        fire();
        assertThat(ran).containsExactly("a", "b");
    }

    @Test
    void aTaskHandedInWhileTheGatheringIsHandedOnIsNotLost() {
        Gathering[] self = new Gathering[1];
        self[0] = new Gathering(5, (millis, task) -> armed.add(task), task -> {
            task.run();
            if (ran.size() == 1) self[0].execute(() -> ran.add("late"));
        });
        self[0].execute(() -> ran.add("first"));
        fire();
        fire(); // the timer the late task armed (it may have gone with the first already)
        assertThat(ran).containsExactly("first", "late");
    }
}
