package io.fulcrum.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventRingTest {
    private static Sequenced ev(long id) {
        return new Sequenced(id, new LiveEvent.Resync("r", id));
    }

    @Test
    void resumesAfterAnIdItStillHolds() {
        EventRing ring = new EventRing(3);
        for (long i = 1; i <= 5; i++) ring.add(ev(i));
        assertThat(ring.after(2).orElseThrow()).extracting(Sequenced::id).containsExactly(3L, 4L, 5L);
        assertThat(ring.after(4).orElseThrow()).extracting(Sequenced::id).containsExactly(5L);
        assertThat(ring.after(5).orElseThrow()).isEmpty();
        assertThat(ring.size()).isEqualTo(3);
    }

    @Test
    void anIdNoLongerHeldOrNeverIssuedIsUnknown() {
        EventRing ring = new EventRing(3);
        for (long i = 1; i <= 5; i++) ring.add(ev(i));
        assertThat(ring.after(1)).isEmpty(); // 2 was dropped
        assertThat(ring.after(6)).isEmpty(); // another process's id
    }

    @Test
    void anEmptyRingResumesFromZero() {
        assertThat(new EventRing(3).after(0).orElseThrow()).isEqualTo(List.of());
    }
}
