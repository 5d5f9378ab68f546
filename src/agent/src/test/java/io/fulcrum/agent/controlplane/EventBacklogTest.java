package io.fulcrum.agent.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.api.agent.v1.Event;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventBacklogTest {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    static Event event(int i) {
        return StatusMessages.notice(T0.plusSeconds(i), "health", "web/a", "change " + i);
    }

    @Test
    void theKeptEventsAreDrainedInTheOrderRaisedAndTheBacklogIsEmptyAfter() {
        EventBacklog b = new EventBacklog(10);
        b.add(event(1));
        b.add(event(2));
        assertThat(b.drain(T0)).extracting(Event::getMessage).containsExactly("change 1", "change 2");
        assertThat(b.isEmpty()).isTrue();
        assertThat(b.drain(T0)).isEmpty();
    }

    @Test
    void pastItsCapacityTheOldestAreDroppedAndTheGapIsSaidFirst() {
        EventBacklog b = new EventBacklog(3);
        for (int i = 1; i <= 5; i++) b.add(event(i));
        List<Event> out = b.drain(T0.plusSeconds(60));
        assertThat(out).hasSize(4);
        assertThat(out.get(0).getKind()).isEqualTo("agent");
        assertThat(out.get(0).getMessage())
                .isEqualTo("2 events dropped while disconnected from the control plane (the oldest, from "
                        + T0.plusSeconds(1) + "; 3 kept)");
        assertThat(out.subList(1, 4)).extracting(Event::getMessage).containsExactly("change 3", "change 4", "change 5");
        assertThat(b.isEmpty()).isTrue();
    }

    @Test
    void eventsAStreamTookButDidNotSendGoBackBeforeTheNewerOnes() {
        EventBacklog b = new EventBacklog(10);
        b.add(event(3));
        b.addFirst(List.of(event(1), event(2)));
        assertThat(b.drain(T0)).extracting(Event::getMessage).containsExactly("change 1", "change 2", "change 3");
    }
}
