package io.fulcrum.controlplane.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AppliedRevisionsTest {
    @Test
    void theAcksGatheredAreWrittenTogetherWithEachDirectorsNewest() {
        List<Map<String, Long>> written = new CopyOnWriteArrayList<>();
        // gathers for an hour: only close() writes, so the batch is exactly what was ACKed
        AppliedRevisions acks = new AppliedRevisions("test-acks", TimeUnit.HOURS.toMillis(1), written::add);
        acks.acked("lb1", 7);
        acks.acked("lb2", 7);
        acks.acked("lb1", 9);
        acks.acked("lb1", 8); // an older ACK after a newer one: the applied revision never goes back
        assertThat(written).isEmpty();
        acks.close();
        assertThat(written).containsExactly(Map.of("lb1", 9L, "lb2", 7L));
    }

    @Test
    void anAckAfterAWriteStartsTheNextBatch() throws Exception {
        List<Map<String, Long>> written = new CopyOnWriteArrayList<>();
        CountDownLatch first = new CountDownLatch(1);
        AppliedRevisions acks = new AppliedRevisions("test-acks", 1, batch -> {
            written.add(batch);
            first.countDown();
        });
        acks.acked("lb1", 1);
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
        acks.acked("lb1", 2);
        acks.close();
        assertThat(written).containsExactly(Map.of("lb1", 1L), Map.of("lb1", 2L));
    }

    @Test
    void closingWithNothingPendingWritesNothing() {
        List<Map<String, Long>> written = new CopyOnWriteArrayList<>();
        new AppliedRevisions("test-acks", 1, written::add).close();
        assertThat(written).isEmpty();
    }
}
