package io.fulcrum.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SubscriptionTest {
    private final FakeSink sink = new FakeSink();
    private final AtomicInteger ended = new AtomicInteger();

    private Subscription sub(int capacity, EventType... types) {
        Subscription s = new Subscription(
                types.length == 0 ? EventType.filterable() : EnumSet.of(types[0], types),
                capacity,
                () -> 42,
                ended::incrementAndGet);
        s.attach(sink);
        return s;
    }

    private static Sequenced revision(long id, long revision) {
        return new Sequenced(id, new LiveEvent.Revision(revision, Instant.EPOCH, List.of()));
    }

    private static Sequenced agent(long id) {
        return new Sequenced(id, new LiveEvent.Agent("d1", LiveEvent.AgentAction.ACK, 1, "v", Instant.EPOCH, null));
    }

    @Test
    void eventsWaitUntilStartedThenFollowTheReplay() {
        Subscription s = sub(10);
        s.offer(agent(1));
        assertThat(sink.written).isEmpty();
        s.start(List.of(agent(0)));
        assertThat(sink.ids()).containsExactly(0L, 1L);
        s.offer(agent(2));
        assertThat(sink.ids()).containsExactly(0L, 1L, 2L);
    }

    @Test
    void aRevisionTheReplayHoldsIsNotSentAgainLive() {
        Subscription s = sub(10);
        s.offer(revision(7, 5));
        s.offer(revision(8, 6));
        s.start(List.of(Sequenced.unnumbered(new LiveEvent.Revision(5, Instant.EPOCH, List.of()))));
        assertThat(sink.written)
                .extracting(e -> ((LiveEvent.Revision) e.event()).revision())
                .containsExactly(5L, 6L);
    }

    @Test
    void aRevisionTheReplayHeldIsNotSentAgainWhenItIsPublishedOnlyAfterTheStart() {
        Subscription s = sub(10);
        // the replay read revision 5 from the audit trail before the revision reader published it
        s.start(List.of(Sequenced.unnumbered(new LiveEvent.Revision(5, Instant.EPOCH, List.of()))));
        s.offer(revision(7, 5));
        s.offer(revision(8, 6));
        assertThat(sink.written)
                .extracting(e -> ((LiveEvent.Revision) e.event()).revision())
                .containsExactly(5L, 6L);
    }

    @Test
    void onlyTheTypesAskedForAreQueued() {
        Subscription s = sub(10, EventType.REVISION);
        s.start(List.of());
        s.offer(agent(1));
        s.offer(revision(2, 1));
        assertThat(sink.ids()).containsExactly(2L);
    }

    @Test
    void nothingIsWrittenWhileTheSinkCannotTakeItAndAllOfItInBatchesAfter() {
        Subscription s = sub(1000);
        s.start(List.of());
        sink.ready = false;
        for (long i = 1; i <= 100; i++) s.offer(agent(i));
        assertThat(sink.written).isEmpty();
        assertThat(s.queued()).isEqualTo(100);
        sink.ready = true;
        s.drain();
        assertThat(sink.written).hasSize(100);
        assertThat(sink.writes).isEqualTo(2); // 64 + 36
        assertThat(s.queued()).isZero();
    }

    @Test
    void aWatcherThatFallsBehindGetsOneResyncThenItsStreamEndsAndItsQueueIsDropped() {
        Subscription s = sub(5);
        s.start(List.of());
        sink.ready = false;
        for (long i = 1; i <= 1000; i++) s.offer(agent(i));
        assertThat(s.queued()).isEqualTo(1); // the resync alone: memory stays bounded
        assertThat(ended.get()).isEqualTo(1);
        sink.ready = true;
        s.drain();
        assertThat(sink.written).hasSize(1);
        assertThat(sink.written.get(0).event()).isEqualTo(new LiveEvent.Resync("client fell behind", 42));
        assertThat(sink.written.get(0).id()).isZero();
        assertThat(sink.ended).isTrue();
        s.offer(agent(1001));
        assertThat(sink.written).hasSize(1);
    }

    @Test
    void aWatcherThatDoesNotEvenTakeItsResyncIsDisconnected() {
        Subscription s = sub(2);
        s.start(List.of());
        sink.ready = false;
        for (long i = 1; i <= 3; i++) s.offer(agent(i));
        assertThat(s.fellBehindAndPending()).isTrue();
        s.abortIfStuck();
        assertThat(sink.aborted).isTrue();
        assertThat(s.queued()).isZero();
    }

    @Test
    void aReplayLongerThanTheQueueIsHeldOnTopOfItsCapacity() {
        Subscription s = sub(3);
        sink.ready = false;
        s.start(List.of(agent(1), agent(2), agent(3), agent(4), agent(5)));
        for (long i = 6; i <= 8; i++) s.offer(agent(i));
        assertThat(s.queued()).isEqualTo(8);
        assertThat(ended.get()).isZero();
        s.offer(agent(9)); // the live events' own bound is the capacity
        assertThat(ended.get()).isEqualTo(1);
    }

    @Test
    void keepAliveOnlyWhenIdle() {
        Subscription s = sub(10);
        s.keepAlive();
        assertThat(sink.keepAlives).isZero(); // not started
        s.start(List.of());
        s.keepAlive();
        assertThat(sink.keepAlives).isEqualTo(1);
    }

    @Test
    void aCancelledWatcherGetsNothingMore() {
        Subscription s = sub(10);
        s.start(List.of());
        s.cancel();
        s.offer(agent(1));
        assertThat(sink.written).isEmpty();
        assertThat(ended.get()).isEqualTo(1);
    }
}
