package io.fulcrum.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Snapshots made of layers of changes read as the plain map of the same changes, through every fold. */
class OverlaidTest {
    @Test
    void everySnapshotReadsAsTheMapOfTheSameChanges() {
        Random random = new Random(3);
        Map<Integer, String> expected = new HashMap<>();
        for (int i = 0; i < 2_000; i++) expected.put(i, "v" + i);
        Map<Integer, String> snapshot = Map.copyOf(expected);
        boolean layeredSeen = false;
        for (int step = 0; step < 3_000; step++) {
            Map<Integer, String> before = Map.copyOf(expected);
            Map<Integer, String> previous = snapshot;
            Map<Integer, String> changes = new HashMap<>();
            for (int n = 1 + random.nextInt(12); n > 0; n--) {
                int k = random.nextInt(2_400);
                String v = random.nextInt(4) == 0 ? null : "s" + step + "-" + k;
                changes.put(k, v);
                if (v == null) expected.remove(k);
                else expected.put(k, v);
            }
            snapshot = Overlaid.of(snapshot, changes);
            layeredSeen |= snapshot instanceof Overlaid;
            assertThat(snapshot.size()).isEqualTo(expected.size());
            for (int k = -1; k < 2_401; k += 1 + random.nextInt(40)) {
                assertThat(snapshot.get(k)).isEqualTo(expected.get(k));
                assertThat(snapshot.containsKey(k)).isEqualTo(expected.containsKey(k));
            }
            if (step % 100 == 0) assertThat(snapshot).isEqualTo(expected);
            assertThat(previous).isEqualTo(before); // a snapshot is left alone by later ones
        }
        assertThat(layeredSeen).isTrue();
    }
}
