package io.fulcrum.health;

import static io.fulcrum.health.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.health.decide.Health;
import io.fulcrum.health.decide.RealServerHealth;
import io.fulcrum.health.decide.RealServerRef;
import io.fulcrum.health.decide.VirtualServerHealth;
import io.fulcrum.model.Enums;
import io.fulcrum.model.VirtualServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which real servers of a virtual server take new connections: what VRRP's trackVirtualServers looks at. */
class HealthViewTest {
    static final RealServerHealth UP = new RealServerHealth(Health.UP, "ok", null, null, null, true);
    static final RealServerHealth DOWN = new RealServerHealth(Health.DOWN, "connect refused", null, null, null, true);

    final VirtualServer web = vs(
            "web",
            80,
            tcp().build(),
            rs("a", "10.0.0.1", 80),
            inhibit(rs("b", "10.0.0.2", 80)),
            admin(rs("c", "10.0.0.3", 80), Enums.AdminState.DRAINING),
            admin(rs("d", "10.0.0.4", 80), Enums.AdminState.DISABLED));

    static HealthView view(VirtualServer v, Boolean quorumUp, Map<String, RealServerHealth> health) {
        Map<RealServerRef, RealServerHealth> rs = new HashMap<>();
        health.forEach((name, h) -> rs.put(new RealServerRef(v.name(), name), h));
        Map<String, VirtualServerHealth> vs =
                quorumUp == null ? Map.of() : Map.of(v.name(), new VirtualServerHealth(quorumUp, 0, !quorumUp));
        return new HealthView(rs, vs);
    }

    @Test
    void countsLiveEnabledRealServers() {
        assertThat(view(web, true, Map.of("a", UP, "b", UP)).servingRealServers(web))
                .isEqualTo(2);
        assertThat(view(web, true, Map.of("a", UP, "b", DOWN)).servingRealServers(web))
                .isEqualTo(1);
    }

    @Test
    void anInhibitedDownServerADrainingOneAndADisabledOneServeNobody() {
        assertThat(view(web, true, Map.of("a", DOWN, "b", DOWN, "c", UP, "d", UP))
                        .servingRealServers(web))
                .isZero();
    }

    @Test
    void aSorryServerInRotationDoesNotCountAsHealthy() {
        VirtualServer withSorry = sorry(web, "10.9.9.9", 80, false);
        assertThat(view(withSorry, false, Map.of("a", UP, "b", UP)).servingRealServers(withSorry))
                .as("quorum lost: the live servers are out, the sorry server is in")
                .isZero();
        assertThat(view(withSorry, true, Map.of("a", UP)).servingRealServers(withSorry))
                .isEqualTo(2);
    }

    @Test
    void realServersTheCheckerHasNotSeenCountAsUp() {
        assertThat(HealthView.EMPTY.servingRealServers(web)).isEqualTo(2);
    }
}
