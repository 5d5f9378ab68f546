package io.fulcrum.controlplane.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LayeredMapTest {
    @Test
    void aNewVersionHasItsChangesInKeyOrderAndTheOldOneIsUntouched() {
        LayeredMap<String> m = LayeredMap.of(new TreeMap<>(Map.of("a", "1", "b", "2", "d", "4")));
        LayeredMap<String> n = m.with(Map.of("c", "3", "a", "1'"), Set.of("b", "x"));
        assertThat(new ArrayList<>(n.entrySet()))
                .containsExactly(Map.entry("a", "1'"), Map.entry("c", "3"), Map.entry("d", "4"));
        assertThat(n).hasSize(3).containsEntry("c", "3").doesNotContainKey("b");
        assertThat(n.get("b")).isNull();
        assertThat(m).isEqualTo(Map.of("a", "1", "b", "2", "d", "4"));
        // removed, then back
        assertThat(n.with(Map.of("b", "2"), Set.of())).isEqualTo(Map.of("a", "1'", "b", "2", "c", "3", "d", "4"));
    }

    @Test
    void changingNothingKeepsTheSameMap() {
        LayeredMap<String> m = LayeredMap.of(new TreeMap<>(Map.of("a", "1")));
        assertThat(m.with(Map.of("a", "1"), Set.of("gone"))).isSameAs(m);
    }

    @Test
    void aLayeredMapIsSharedAndAnyOtherMapCopiedInKeyOrder() {
        LayeredMap<String> m = LayeredMap.of(new TreeMap<>(Map.of("a", "1")));
        assertThat(LayeredMap.sharing(m)).isSameAs(m);
        Map<String, String> plain = new HashMap<>(Map.of("b", "2", "a", "1"));
        LayeredMap<String> copy = LayeredMap.sharing(plain);
        plain.put("c", "3");
        assertThat(new ArrayList<>(copy.keySet())).containsExactly("a", "b");
    }

    /** Random writes, through many folds of the layer: always what a plain sorted map holds. */
    @Test
    void manyVersionsAlwaysHoldWhatAPlainSortedMapHolds() {
        Random random = new Random(42);
        TreeMap<String, String> expected = new TreeMap<>();
        LayeredMap<String> m = LayeredMap.empty();
        for (int round = 0; round < 3000; round++) {
            Map<String, String> put = new HashMap<>();
            Set<String> removed = new HashSet<>();
            for (int i = random.nextInt(20); i > 0; i--) {
                String k = "k" + random.nextInt(5000);
                if (random.nextInt(4) == 0) {
                    removed.add(k);
                    put.remove(k);
                } else {
                    put.put(k, "v" + round);
                    removed.remove(k);
                }
            }
            m = m.with(put, removed);
            removed.forEach(expected::remove);
            expected.putAll(put);
            if (round % 97 == 0 || round == 2999) {
                assertThat(m).hasSize(expected.size()).isEqualTo(expected);
                assertThat(new ArrayList<>(m.keySet())).isEqualTo(List.copyOf(expected.keySet()));
            }
        }
    }
}
