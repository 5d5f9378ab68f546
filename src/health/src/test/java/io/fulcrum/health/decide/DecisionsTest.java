package io.fulcrum.health.decide;

import static io.fulcrum.health.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.model.Enums;
import io.fulcrum.model.VirtualServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionsTest {
    static final RealServerHealth UP = new RealServerHealth(Health.UP, "ok", null, null, null, true);
    static final RealServerHealth DOWN = new RealServerHealth(Health.DOWN, "connect refused", null, null, null, true);

    final VirtualServer v = sorry(
            vs(
                    "web",
                    80,
                    tcp().build(),
                    weight(rs("a", "10.0.0.1", 80), 4),
                    weight(inhibit(rs("b", "10.0.0.2", 8080)), 2),
                    admin(rs("c", "10.0.0.3", 80), Enums.AdminState.DISABLED),
                    admin(rs("d", "10.0.0.4", 80), Enums.AdminState.DRAINING)),
            "10.9.9.9",
            80,
            false);

    @Test
    void downServersAreLeftOutOrInhibitedWithWeightZero() {
        var d = Decisions.destinations(v, Map.of("a", DOWN, "b", DOWN, "d", UP)::get, true);
        assertThat(d.destinations())
                .containsExactly(
                        new Destination("b", ip("10.0.0.2"), 8080, null, 0, false),
                        new Destination("d", ip("10.0.0.4"), 80, null, 1, false));
        assertThat(d.sorryServerActive()).isFalse();
    }

    @Test
    void withoutQuorumLiveServersAreOutAndTheSorryServerIsIn() {
        var d = Decisions.destinations(v, Map.of("a", UP, "b", UP)::get, false);
        assertThat(d.destinations())
                .containsExactly(
                        new Destination("b", ip("10.0.0.2"), 8080, null, 0, false),
                        new Destination(null, ip("10.9.9.9"), 80, null, 1, true));
        assertThat(d.sorryServerActive()).isTrue();
    }

    @Test
    void withoutQuorumAndWithoutASorryServerLiveServersStayIn() {
        VirtualServer noSorry = vs("web", 80, tcp().build(), rs("a", "10.0.0.1", 80), rs("b", "10.0.0.2", 80));
        var d = Decisions.destinations(noSorry, Map.of("a", UP, "b", DOWN)::get, false);
        assertThat(d.destinations()).containsExactly(new Destination("a", ip("10.0.0.1"), 80, null, 1, false));
        assertThat(d.sorryServerActive()).isFalse();
    }

    @Test
    void anInhibitedSorryServerStaysWithWeightZeroWhileNotNeeded() {
        var d = Decisions.destinations(sorry(v, "10.9.9.9", 8080, true), Map.<String, RealServerHealth>of()::get, true);
        assertThat(d.destinations()).contains(new Destination(null, ip("10.9.9.9"), 8080, null, 0, true));
        assertThat(d.sorryServerActive()).isFalse();
    }

    @Test
    void aliveWeightCountsEnabledLiveServersWithTheirDynamicWeight() {
        var dyn = new RealServerHealth(Health.UP, "exit 9", null, null, 7, true);
        assertThat(Decisions.aliveWeight(v, Map.of("a", dyn, "b", UP, "d", UP)::get))
                .isEqualTo(7 + 2);
        assertThat(Decisions.aliveWeight(v, Map.of("a", DOWN, "b", UP)::get)).isEqualTo(2);
        assertThat(Decisions.destinations(v, Map.of("a", dyn)::get, true)
                        .destinations()
                        .get(0)
                        .weight())
                .isEqualTo(7);
    }
}
