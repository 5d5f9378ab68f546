package io.fulcrum.agent.bench.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DisruptionTest {
    private static final Snapshot BEFORE = new Snapshot(Map.of(
            "10.100.0.1:80", Map.of("10.200.0.1:80", 1, "10.201.0.1:80", 1),
            "10.100.0.2:80", Map.of("10.200.0.2:80", 1)));

    @Test
    void theIntendedChangeAloneIsNoDisruption() {
        Disruption d = new Disruption(BEFORE, Set.of("10.100.0.1:80 10.200.0.1:80"));

        d.observe(new Snapshot(Map.of(
                "10.100.0.1:80", Map.of("10.200.0.1:80", 2, "10.201.0.1:80", 1),
                "10.100.0.2:80", Map.of("10.200.0.2:80", 1))));

        assertThat(d.result().none()).isTrue();
        assertThat(d.result().pictures()).isEqualTo(1);
    }

    @Test
    void destinationsRemovedAndReAddedDuringAReloadAreCountedOnce() {
        Disruption d = new Disruption(BEFORE, Set.of());

        d.observe(new Snapshot(Map.of("10.100.0.1:80", Map.of("10.200.0.1:80", 1), "10.100.0.2:80", Map.of())));
        d.observe(new Snapshot(Map.of("10.100.0.1:80", Map.of(), "10.100.0.2:80", Map.of())));
        d.observe(BEFORE);

        Disruption.Result r = d.result();
        assertThat(r.destinationsRemoved()).isEqualTo(3);
        assertThat(r.worstMissing()).isEqualTo(3);
        assertThat(r.servicesRemoved()).isZero();
        assertThat(r.pictures()).isEqualTo(3);
        assertThat(CaseReport.disruption(r)).isEqualTo("3 destinations removed (up to 3 at once) (3 pictures)");
    }

    @Test
    void aServiceGoneTakesItsDestinationsWithIt() {
        Disruption d = new Disruption(BEFORE, Set.of());

        d.observe(new Snapshot(Map.of("10.100.0.1:80", Map.of("10.200.0.1:80", 1, "10.201.0.1:80", 5))));

        Disruption.Result r = d.result();
        assertThat(r.servicesRemoved()).isEqualTo(1);
        assertThat(r.destinationsRemoved()).isEqualTo(1);
        assertThat(r.weightsDisturbed()).isEqualTo(1);
    }

    @Test
    void aDiffListsWhatWentWhatCameAndWhatChanged() {
        SnapshotDiff d = SnapshotDiff.between(
                BEFORE,
                new Snapshot(Map.of(
                        "10.100.0.1:80", Map.of("10.200.0.1:80", 3, "10.202.0.1:80", 1),
                        "10.100.0.3:80", Map.of("10.200.0.3:80", 1))));

        assertThat(d.servicesRemoved()).containsExactly("10.100.0.2:80");
        assertThat(d.servicesAdded()).containsExactly("10.100.0.3:80");
        assertThat(d.destinationsRemoved())
                .containsExactlyInAnyOrder("10.100.0.1:80 10.201.0.1:80", "10.100.0.2:80 10.200.0.2:80");
        assertThat(d.destinationsAdded())
                .containsExactlyInAnyOrder("10.100.0.1:80 10.202.0.1:80", "10.100.0.3:80 10.200.0.3:80");
        assertThat(d.weightsChanged()).containsExactly("10.100.0.1:80 10.200.0.1:80");
        assertThat(SnapshotDiff.between(BEFORE, BEFORE).isEmpty()).isTrue();
    }

    @Test
    void aServiceIsCompleteOnceEveryDestinationIsThereWithItsWeight() {
        Completion c = new Completion(BEFORE);

        assertThat(c.offer("10.100.0.1:80", Map.of("10.200.0.1:80", 1))).isFalse();
        assertThat(c.offer("10.100.0.1:80", Map.of("10.200.0.1:80", 1, "10.201.0.1:80", 2)))
                .isFalse();
        assertThat(c.offer("10.100.0.1:80", Map.of("10.200.0.1:80", 1, "10.201.0.1:80", 1)))
                .isTrue();
        assertThat(c.complete()).isFalse();
        assertThat(c.pending()).containsExactly("10.100.0.2:80");
        assertThat(c.offer("10.100.0.2:80", Map.of("10.200.0.2:80", 1, "10.209.0.2:80", 1)))
                .isTrue();
        assertThat(c.complete()).isTrue();
    }
}
