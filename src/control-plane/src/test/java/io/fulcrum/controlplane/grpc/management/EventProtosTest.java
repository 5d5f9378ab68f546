package io.fulcrum.controlplane.grpc.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.api.v1.Event;
import io.fulcrum.api.v1.WatchResponse;
import io.fulcrum.controlplane.events.LiveEvent;
import io.fulcrum.controlplane.events.Sequenced;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class EventProtosTest {
    private static Sequenced agent(long id) {
        return new Sequenced(
                id, new LiveEvent.Agent("d1", LiveEvent.AgentAction.ACK, id, "v", Instant.ofEpochMilli(id), null));
    }

    private static List<Sequenced> agents(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(EventProtosTest::agent).toList();
    }

    private static List<Long> ids(List<WatchResponse> responses) {
        List<Long> ids = new ArrayList<>();
        for (WatchResponse r : responses) for (Event e : r.getEventsList()) ids.add(e.getId());
        return ids;
    }

    @Test
    void theEventsOfABatchGoInOneResponseInOrder() {
        List<WatchResponse> out = EventProtos.responses(agents(1, 256), EventProtos.RESPONSE_BYTES);
        assertThat(out).hasSize(1);
        assertThat(ids(out)).isEqualTo(LongStream.rangeClosed(1, 256).boxed().toList());
    }

    @Test
    void theByteBoundSplitsABatchIntoResponsesThatKeepTheOrder() {
        List<Sequenced> batch = agents(1, 10);
        int one = batch.get(0).encoded(EventProtos.EVENT).getSerializedSize();
        List<WatchResponse> out = EventProtos.responses(batch, 3 * one);
        assertThat(out).extracting(WatchResponse::getEventsCount).containsExactly(3, 3, 3, 1);
        assertThat(ids(out)).isEqualTo(LongStream.rangeClosed(1, 10).boxed().toList());
    }

    @Test
    void anEventBiggerThanTheBoundGoesAloneRatherThanNotAtAll() {
        List<WatchResponse> out = EventProtos.responses(agents(1, 3), 1);
        assertThat(out).extracting(WatchResponse::getEventsCount).containsExactly(1, 1, 1);
        assertThat(EventProtos.responses(List.of(), 1)).isEmpty();
    }

    @Test
    void eachEventIsConvertedOnceForEveryWatcher() {
        List<Sequenced> batch = agents(1, 5);
        WatchResponse first =
                EventProtos.responses(batch, EventProtos.RESPONSE_BYTES).get(0);
        WatchResponse second =
                EventProtos.responses(batch, EventProtos.RESPONSE_BYTES).get(0);
        for (int i = 0; i < 5; i++) {
            assertThat(second.getEvents(i)).isSameAs(first.getEvents(i));
            assertThat(first.getEvents(i)).isSameAs(batch.get(i).encoded(EventProtos.EVENT));
        }
    }

    @Test
    void aResyncStaysAnEventOfItsOwnAtItsPlace() {
        List<Sequenced> batch = new ArrayList<>(agents(1, 2));
        batch.add(Sequenced.unnumbered(new LiveEvent.Resync(LiveEvent.Resync.FELL_BEHIND, 42)));
        WatchResponse out =
                EventProtos.responses(batch, EventProtos.RESPONSE_BYTES).get(0);
        assertThat(out.getEventsCount()).isEqualTo(3);
        Event last = out.getEvents(2);
        assertThat(last.hasResync()).isTrue();
        assertThat(last.getId()).isZero();
        assertThat(last.getResync().getReason()).isEqualTo("client fell behind");
        assertThat(last.getResync().getRevision()).isEqualTo(42);
    }
}
