package io.fulcrum.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SubscriptionTest {
    private final FakeSink sink = new FakeSink();
    private final AtomicInteger ended = new AtomicInteger();

    /** A subscription written by the thread that queues to it (the hub's writers are tested below). */
    private Subscription sub(int capacity, EventType... types) {
        return sub(capacity, Runnable::run, sink, types);
    }

    private Subscription sub(int capacity, Executor writer, Subscription.Sink to, EventType... types) {
        Subscription s = new Subscription(
                types.length == 0 ? EventType.filterable() : EnumSet.of(types[0], types),
                capacity,
                () -> 42,
                ended::incrementAndGet,
                writer);
        s.attach(to);
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
        for (long i = 1; i <= Subscription.BATCH + 36; i++) s.offer(agent(i));
        assertThat(sink.written).isEmpty();
        assertThat(s.queued()).isEqualTo(Subscription.BATCH + 36);
        sink.ready = true;
        s.drain();
        assertThat(sink.written).hasSize(Subscription.BATCH + 36);
        assertThat(sink.writes).isEqualTo(2); // BATCH + 36
        assertThat(sink.batches.get(0)).hasSize(Subscription.BATCH);
        assertThat(s.queued()).isZero();
    }

    @Test
    void everythingQueuedForAWatcherGoesOutInOneWriteInOrder() {
        Subscription s = sub(1000);
        s.start(List.of());
        sink.ready = false;
        for (long i = 1; i <= 100; i++) s.offer(agent(i));
        sink.ready = true;
        s.drain();
        assertThat(sink.writes).isEqualTo(1);
        assertThat(sink.ids()).isEqualTo(LongStream.rangeClosed(1, 100).boxed().toList());
    }

    @Test
    void theBatchBoundSplitsABacklogIntoWritesThatKeepTheOrder() {
        Subscription s = sub(3 * Subscription.BATCH);
        s.start(List.of());
        sink.ready = false;
        for (long i = 1; i <= 2L * Subscription.BATCH + 1; i++) s.offer(agent(i));
        sink.ready = true;
        s.drain();
        assertThat(sink.batches).extracting(List::size).containsExactly(Subscription.BATCH, Subscription.BATCH, 1);
        assertThat(sink.ids())
                .isEqualTo(LongStream.rangeClosed(1, 2L * Subscription.BATCH + 1)
                        .boxed()
                        .toList());
    }

    @Test
    void theResyncOfAWatcherThatFellBehindIsWrittenAloneAndLastThenTheStreamEnds() {
        Subscription s = sub(5);
        s.start(List.of());
        s.offer(agent(1));
        s.offer(agent(2));
        sink.ready = false;
        for (long i = 3; i <= 20; i++) s.offer(agent(i));
        sink.ready = true;
        s.drain();
        assertThat(sink.ids()).startsWith(1L, 2L);
        List<Sequenced> last = sink.batches.get(sink.batches.size() - 1);
        assertThat(last).extracting(Sequenced::event).containsExactly(new LiveEvent.Resync("client fell behind", 42));
        assertThat(sink.ended).isTrue();
    }

    @Test
    void aResyncForAnUnknownIdLeadsTheBatchOfWhatFollowsIt() {
        Subscription s = sub(10);
        s.offer(agent(7));
        s.offer(agent(8));
        s.start(List.of(Sequenced.unnumbered(new LiveEvent.Resync(LiveEvent.Resync.UNKNOWN_ID, 42))));
        assertThat(sink.writes).isEqualTo(1);
        assertThat(sink.written.get(0).event()).isInstanceOf(LiveEvent.Resync.class);
        assertThat(sink.ids()).containsExactly(0L, 7L, 8L);
        assertThat(sink.ended).isFalse();
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

    @Test
    void thePublisherOnlyQueuesAndOneDrainOnTheWriterWritesWhatQueuedMeanwhile() {
        List<Runnable> handedToWriter = new ArrayList<>();
        Subscription s = sub(10, handedToWriter::add, sink);
        s.start(List.of());
        for (long i = 1; i <= 3; i++) s.offer(agent(i));
        assertThat(sink.written).isEmpty();
        assertThat(handedToWriter).hasSize(1);
        handedToWriter.get(0).run();
        assertThat(sink.ids()).containsExactly(1L, 2L, 3L);
        assertThat(sink.writes).isEqualTo(1);
    }

    @Test
    void aSinkThatCannotTakeMoreIsNotAskedAgainUntilItsTransportCalls() {
        List<Runnable> handedToWriter = new ArrayList<>();
        Subscription s = sub(100, handedToWriter::add, sink);
        s.start(List.of());
        sink.ready = false;
        s.offer(agent(1));
        handedToWriter.remove(0).run();
        for (long i = 2; i <= 50; i++) s.offer(agent(i));
        assertThat(handedToWriter).isEmpty();
        sink.ready = true;
        s.drain(); // the transport's ready/drain handler
        assertThat(sink.written).hasSize(50);
    }

    @Test
    void aSlowSinkHoldsNeitherThePublisherNorTheStreamsEndWhichWaitsForTheWrite() throws Exception {
        CountDownLatch inWrite = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger overlapping = new AtomicInteger();
        AtomicInteger writing = new AtomicInteger();
        FakeSink slow = new FakeSink() {
            @Override
            public void write(List<Sequenced> batch) {
                writing.incrementAndGet();
                inWrite.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.write(batch);
                writing.decrementAndGet();
            }

            @Override
            public void end() {
                if (writing.get() != 0) overlapping.incrementAndGet();
                super.end();
            }
        };
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Subscription s = sub(1_000, writer, slow);
            s.start(List.of());
            s.offer(agent(1));
            assertThat(inWrite.await(30, TimeUnit.SECONDS)).isTrue();
            for (long i = 2; i <= 500; i++) s.offer(agent(i)); // returns while the sink is stuck
            assertThat(s.queued()).isEqualTo(499);
            Thread stopping = new Thread(s::shutdown);
            stopping.start();
            release.countDown();
            stopping.join(30_000);
            assertThat(stopping.isAlive()).isFalse();
            assertThat(overlapping.get()).isZero();
            assertThat(slow.ended).isTrue();
            assertThat(slow.ids()).startsWith(1L);
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void theReplayIsWrittenOutsideTheLockSoThePublisherDoesNotWaitForIt() throws Exception {
        CountDownLatch inWrite = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FakeSink slow = new FakeSink() {
            @Override
            public void write(List<Sequenced> batch) {
                inWrite.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.write(batch);
            }
        };
        Subscription s = sub(100, Runnable::run, slow);
        Thread starting = new Thread(() -> s.start(List.of(agent(1))));
        starting.start();
        try {
            assertThat(inWrite.await(30, TimeUnit.SECONDS)).isTrue();
            s.offer(agent(2)); // returns while the replay's write is stuck: it only queues
            assertThat(s.queued()).isEqualTo(1);
        } finally {
            release.countDown();
            starting.join(30_000);
        }
        assertThat(slow.ids()).containsExactly(1L, 2L);
    }

    @Test
    void aSinkThatThrowsAnErrorLeavesNoWriterBehindSoTheStreamCanStillEnd() throws Exception {
        FakeSink broken = new FakeSink() {
            @Override
            public void write(List<Sequenced> batch) {
                throw new AssertionError("the sink failed");
            }
        };
        Subscription s = sub(10, Runnable::run, broken);
        s.start(List.of());
        try {
            s.offer(agent(1));
        } catch (AssertionError expected) {
            // the error reaches the caller
        }
        Thread stopping = new Thread(s::shutdown);
        stopping.start();
        stopping.join(30_000);
        assertThat(stopping.isAlive()).as("shutdown waits for no writer").isFalse();
        assertThat(broken.ended).isTrue();
    }
}
