package io.fulcrum.model.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.plan.PlanChange.Action;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The planner on 10,000 virtual servers x 10 real servers (correctness only; PlanTiming measures time). */
class PlannerScaleTest {
    private static final int VS = 10_000, RS = 10;
    private static final ConfigDocument STORED = Fleets.fleet(VS, RS, 41L, true);

    @Test
    void anIdenticalDocumentOfTenThousandVirtualServersChangesNothing() {
        Plan plan = Planner.plan(STORED, Fleets.fleet(VS, RS, null, false), PlanOptions.DEFAULT);

        assertThat(plan.errors()).isEmpty();
        assertThat(plan.warnings()).isEmpty();
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.count(Action.UNCHANGED)).isEqualTo(Fleets.DIRECTORS + VS / 100 + VS + VS * RS);
        assertThat(plan.basedOnRevision()).isEqualTo(41L);
    }

    @Test
    void oneWeightAmongAHundredThousandRealServersIsOneChangeReachingItsGroupsMembers() {
        int n = 4_321;
        VirtualServer v = Fleets.virtualServer(n, RS);
        List<RealServer> rs = new ArrayList<>(v.realServers());
        rs.set(7, Fleets.realServer(n, 7, 9));
        ConfigDocument desired = Fleets.withVirtualServer(Fleets.fleet(VS, RS, null, false), n, v.withRealServers(rs));

        Plan plan = Planner.plan(STORED, desired, PlanOptions.DEFAULT);

        assertThat(plan.changes()).singleElement().satisfies(c -> {
            assertThat(c.resource()).isEqualTo("vs-4321/rs-7");
            assertThat(c.at()).isEqualTo("/virtualServers/4321/realServers/7");
            assertThat(c.diff()).containsExactly(FieldDiff.of("/weight", IntNode.valueOf(1), IntNode.valueOf(9)));
            assertThat(c.directors()).containsExactlyElementsOf(Fleets.members(n / 100));
        });
    }

    @Test
    void pruningOneTeamsSliceDeletesOnlyItsLeftOutVirtualServers() {
        ConfigDocument full = Fleets.fleet(VS, RS, null, false);
        List<VirtualServer> vss = new ArrayList<>(full.virtualServers());
        vss.remove(250); // group 2, team t2
        vss.remove(0); // group 0, team t0: outside the scope, stays
        ConfigDocument desired = new ConfigDocument(
                null,
                List.of(),
                full.vrrpGroups().stream()
                        .filter(g -> g.labels().get("team").equals("t2"))
                        .toList(),
                vss.stream().filter(v -> v.labels().get("team").equals("t2")).toList());

        Plan plan = Planner.plan(
                STORED, desired, new PlanOptions(true, LabelSelector.parse("scope", List.of("team=t2")), false));

        assertThat(plan.errors()).isEmpty();
        assertThat(plan.count(Action.DELETE)).isEqualTo(1 + RS);
        assertThat(plan.changes())
                .filteredOn(c -> c.kind() == PlanChange.Kind.VIRTUAL_SERVER)
                .extracting(PlanChange::name)
                .containsExactly("vs-250");
    }
}
