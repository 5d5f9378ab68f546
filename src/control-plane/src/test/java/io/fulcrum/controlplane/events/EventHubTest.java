package io.fulcrum.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventHubTest {
    private final EventHub hub = new EventHub();

    private static LiveEvent revision(long r) {
        return new LiveEvent.Revision(r, Instant.EPOCH, List.of());
    }

    @Test
    void everyWatcherSeesEveryEventInOneNumberedOrder() {
        FakeSink a = new FakeSink(), b = new FakeSink();
        List<Sequenced> none = new ArrayList<>();
        hub.subscribe(new EventHub.Request(EventType.filterable(), null), a, none)
                .start(none);
        hub.subscribe(new EventHub.Request(EventType.filterable(), null), b, none)
                .start(none);
        for (long r = 1; r <= 3; r++) hub.publish(revision(r));
        assertThat(a.ids()).containsExactly(1L, 2L, 3L);
        assertThat(b.written).isEqualTo(a.written);
        assertThat(hub.latestRevision()).isEqualTo(3);
    }

    @Test
    void aWatcherResumesAfterItsLastEventIdOrIsToldToResync() {
        for (long r = 1; r <= 3; r++) hub.publish(revision(r));
        FakeSink resumed = new FakeSink();
        List<Sequenced> preface = new ArrayList<>();
        Subscription s = hub.subscribe(new EventHub.Request(EventType.filterable(), 1L), resumed, preface);
        hub.publish(revision(4));
        s.start(preface);
        assertThat(resumed.ids()).containsExactly(2L, 3L, 4L);

        FakeSink unknown = new FakeSink();
        List<Sequenced> p2 = new ArrayList<>();
        hub.subscribe(new EventHub.Request(EventType.filterable(), 99L), unknown, p2)
                .start(p2);
        assertThat(unknown.written.get(0).event()).isEqualTo(new LiveEvent.Resync("unknown Last-Event-ID", 4));
    }

    @Test
    void aStalledWatcherIsForgottenAndTheHubHoldsNoMoreThanItsQueue() {
        FakeSink stalled = new FakeSink();
        stalled.ready = false;
        List<Sequenced> none = new ArrayList<>();
        hub.subscribe(new EventHub.Request(EventType.filterable(), null), stalled, none)
                .start(none);
        int max = 0;
        for (long r = 1; r <= 5 * EventHub.QUEUE; r++) {
            hub.publish(revision(r));
            max = Math.max(max, hub.queued());
        }
        assertThat(max).isLessThanOrEqualTo(EventHub.QUEUE);
        assertThat(hub.watchers()).isZero();
        assertThat(stalled.aborted).isTrue(); // no timer in this test: at once
    }
}
