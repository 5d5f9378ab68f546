package io.fulcrum.agent.bench.keepalived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetTest {
    private final Fleet fleet = Fleet.of(new BenchCase(300, 3, "nat", "tcp", 30));

    @Test
    void everyVirtualAndRealServerHasItsOwnAddressWithoutNetworkOrBroadcastHosts() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String vip = Fleet.serviceAddress(i);
            assertThat(seen.add(vip)).as(vip).isTrue();
            assertThat(vip).doesNotEndWith(".0").doesNotEndWith(".255");
            for (int d = 0; d < 17; d++) {
                String rs = Fleet.realServerAddress(i, d);
                assertThat(seen.add(rs)).as(rs).isTrue();
                assertThat(rs).startsWith("10." + (200 + d) + ".");
            }
        }
    }

    @Test
    void theDocumentServesEveryVirtualServerFromTheOneDirectorWithItsCheck() {
        ConfigDocument doc = fleet.document();

        assertThat(doc.servedBy(Fleet.DIRECTOR)).hasSize(300);
        VirtualServer v = doc.servedBy(Fleet.DIRECTOR).get(299);
        assertThat(v.name()).isEqualTo("vs-299");
        assertThat(v.service().toString()).contains(Fleet.serviceAddress(299));
        assertThat(v.realServers()).hasSize(3);
        assertThat(v.healthCheck().type().name()).isEqualToIgnoringCase("tcp");
    }

    @Test
    void keepalivedConfHasEveryVirtualServerAndRealServerWithTheSameCheckAndForwarding() {
        String dr = Fleet.of(new BenchCase(2, 2, "dr", "http", 7)).keepalivedConf();

        assertThat(dr).contains("virtual_server 10.100.0.1 80", "virtual_server 10.100.0.2 80");
        assertThat(dr).contains("real_server 10.200.0.1 80", "real_server 10.201.0.2 80");
        assertThat(dr).contains("lb_kind DR", "HTTP_GET", "delay_loop 7");
        assertThat(dr).doesNotContain("TCP_CHECK");
    }

    @Test
    void bothProgramsRunOneVrrpGroupForTheFirstVipsOnTheSegment() {
        VrrpGroup g = fleet.document().groupsOf(Fleet.DIRECTOR).get(0);

        assertThat(g.iface()).isEqualTo(Segment.DIRECTOR_INTERFACE);
        assertThat(g.vrid()).isEqualTo(Fleet.VRID);
        assertThat(g.virtualAddresses()).hasSize(Fleet.GROUP_VIPS);
        assertThat(g.virtualAddresses().get(0).address().address().getHostAddress())
                .as("the steady client's VIP")
                .isEqualTo(Fleet.serviceAddress(0));
        assertThat(fleet.keepalivedConf())
                .contains(
                        "vrrp_instance vg1 {", "interface kb0", "virtual_router_id 51", "priority 150", "advert_int 1");
        assertThat(Fleet.of(new BenchCase(2, 1, "dr", "tcp", 5))
                        .document()
                        .groupsOf(Fleet.DIRECTOR)
                        .get(0)
                        .virtualAddresses())
                .hasSize(2);
    }

    @Test
    void theSegmentsClientReachesEveryVipThroughTheDirector() {
        assertThat(Segment.commands())
                .contains(List.of("ip", "-n", "kbseg", "route", "add", "10.96.0.0/11", "via", "10.9.0.1"));
        for (int i : new int[] {0, 9_999, 65_535, 262_143}) {
            int second = Integer.parseInt(Fleet.serviceAddress(i).split("\\.")[1]);
            assertThat(second).as(Fleet.serviceAddress(i)).isBetween(96, 127);
        }
    }

    @Test
    void theExpectedTableFollowsWeightsAndAddedRealServers() {
        Fleet changed = fleet.withWeight(0, 0, 2).withAddedRealServer(1);

        Snapshot s = changed.expected();

        assertThat(s.services()).hasSize(300);
        assertThat(s.destinationCount()).isEqualTo(901);
        assertThat(s.weight(Fleet.serviceKey(0), Fleet.destinationKey(0, 0))).isEqualTo(2);
        assertThat(s.weight(Fleet.serviceKey(1), Fleet.destinationKey(1, 3))).isEqualTo(1);
        assertThat(fleet.expected().destinationCount())
                .as("the original is unchanged")
                .isEqualTo(900);
        assertThat(changed.documentJson()).contains("\"weight\":2");
    }

    @Test
    void aRealServerThatIsNotThereCannotBeChanged() {
        assertThatThrownBy(() -> fleet.withWeight(300, 0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fleet.withWeight(0, 3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fleet.withAddedRealServer(0).withAddedRealServer(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
