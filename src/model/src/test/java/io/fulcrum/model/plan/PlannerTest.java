package io.fulcrum.model.plan;

import static io.fulcrum.model.plan.PlanFixtures.empty;
import static io.fulcrum.model.plan.PlanFixtures.exported;
import static io.fulcrum.model.plan.PlanFixtures.fleet;
import static io.fulcrum.model.plan.PlanFixtures.plan;
import static io.fulcrum.model.plan.PlanFixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fulcrum.model.Fixtures;
import io.fulcrum.model.plan.PlanChange.Action;
import io.fulcrum.model.plan.PlanChange.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a plan creates, updates, deletes and keeps, in which order, field by field, reaching which directors. */
class PlannerTest {

    @Test
    void theExportedDocumentPlannedAgainItsStoreChangesNothing() {
        Plan plan = plan(fleet(), exported(fleet()));

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.writes()).isFalse();
        assertThat(plan.refused()).isFalse();
        assertThat(plan.count(Action.UNCHANGED)).isEqualTo(3 + 1 + 2 + 3);
        assertThat(plan.basedOnRevision()).isEqualTo(PlanFixtures.REVISION);
    }

    @Test
    void oneRealServersWeightIsOneUpdateOfThatRealServerReachingTheDirectorsServingIt() {
        ObjectNode desired = Fixtures.set(exported(fleet()), "/virtualServers/0/realServers/1/weight", 5);

        Plan plan = plan(fleet(), desired);

        assertThat(plan.changes()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.REAL_SERVER);
            assertThat(c.resource()).isEqualTo("web/rs2");
            assertThat(c.action()).isEqualTo(Action.UPDATE);
            assertThat(c.at()).isEqualTo("/virtualServers/0/realServers/1");
            assertThat(c.diff()).containsExactly(FieldDiff.of("/weight", IntNode.valueOf(1), IntNode.valueOf(5)));
            assertThat(c.directors()).containsExactly("lb1", "lb2");
        });
        assertThat(plan.count(Action.UPDATE)).isEqualTo(1);
        assertThat(plan.count(Action.UNCHANGED)).isEqualTo(8);
    }

    @Test
    void anEmptyStoreGetsEveryResourceCreatedDependenciesFirst() {
        Plan plan = plan(empty(), fleet());

        assertThat(summary(plan))
                .containsExactly(
                        "create director lb1",
                        "create director lb2",
                        "create director lb3",
                        "create vrrp-group g1",
                        "create virtual-server web",
                        "create virtual-server dns",
                        "create real-server web/rs1",
                        "create real-server web/rs2",
                        "create real-server dns/a");
        assertThat(plan.changes()).allSatisfy(c -> assertThat(c.diff()).isEmpty());
        assertThat(plan.changes().get(3).directors()).containsExactly("lb1", "lb2");
        assertThat(plan.changes().get(5).directors()).containsExactly("lb3");
        assertThat(plan.changes().get(8).at()).isEqualTo("/virtualServers/1/realServers/0");
    }

    @Test
    void pruningAnEmptyDocumentDeletesEverythingDependentsFirst() {
        Plan plan = plan(fleet(), empty(), PlanOptions.DEFAULT.withPrune(true));

        assertThat(summary(plan))
                .containsExactly(
                        "delete real-server web/rs1",
                        "delete real-server web/rs2",
                        "delete real-server dns/a",
                        "delete virtual-server web",
                        "delete virtual-server dns",
                        "delete vrrp-group g1",
                        "delete director lb1",
                        "delete director lb2",
                        "delete director lb3");
        assertThat(plan.changes().get(0).directors()).containsExactly("lb1", "lb2");
        assertThat(plan.changes().get(4).directors()).containsExactly("lb3");
        assertThat(plan.changes().get(8).directors()).containsExactly("lb3");
        assertThat(plan.changes()).allSatisfy(c -> assertThat(c.at()).isNull());
        assertThat(plan.refused()).isFalse();
    }

    @Test
    void withoutPruneWhatTheDocumentLeavesOutIsKeptNotDeleted() {
        Plan plan = plan(fleet(), empty());

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.writes()).isFalse();
        assertThat(plan.count(Action.KEEP)).isEqualTo(9);
        assertThat(plan.count(Action.DELETE)).isZero();
    }

    @Test
    void aRealServerLeftOutOfItsVirtualServerIsKeptWithoutPruneAndDeletedWithIt() {
        ObjectNode desired = Fixtures.remove(exported(fleet()), "/virtualServers/0/realServers/1");

        Plan kept = plan(fleet(), desired);
        Plan pruned = plan(fleet(), desired, PlanOptions.DEFAULT.withPrune(true));

        assertThat(kept.changes()).isEmpty();
        assertThat(kept.count(Action.KEEP)).isEqualTo(1);
        assertThat(pruned.changes()).singleElement().satisfies(c -> {
            assertThat(summary(pruned)).containsExactly("delete real-server web/rs2");
            assertThat(c.directors()).containsExactly("lb1", "lb2");
        });
    }

    @Test
    void listingUnchangedShowsUnchangedAndKeptResourcesAfterTheChanges() {
        ObjectNode desired = Fixtures.set(exported(fleet()), "/virtualServers/0/realServers/1/weight", 5);
        Fixtures.remove(desired, "/virtualServers/1");

        Plan plan = plan(fleet(), desired, PlanOptions.DEFAULT.withListUnchanged(true));

        assertThat(summary(plan))
                .containsExactly(
                        "update real-server web/rs2",
                        "keep virtual-server dns",
                        "keep real-server dns/a",
                        "unchanged director lb1",
                        "unchanged director lb2",
                        "unchanged director lb3",
                        "unchanged vrrp-group g1",
                        "unchanged virtual-server web",
                        "unchanged real-server web/rs1");
        assertThat(plan.count(Action.UNCHANGED)).isEqualTo(6);
        assertThat(plan.count(Action.KEEP)).isEqualTo(2);
    }

    @Test
    void anUpdateNamesEachChangedFieldByItsPointerWithinTheResource() {
        ObjectNode desired = exported(fleet());
        Fixtures.set(desired, "/virtualServers/0/scheduler", "rr");
        Fixtures.set(desired, "/virtualServers/0/labels", Fixtures.object("{\"example.com/tier\": \"front\"}"));
        Fixtures.set(desired, "/vrrpGroups/0/members/1/priority", 120);
        Fixtures.set(desired, "/directors/2/description", "spare");

        Plan plan = plan(fleet(), desired);

        assertThat(summary(plan))
                .containsExactly("update director lb3", "update vrrp-group g1", "update virtual-server web");
        assertThat(plan.changes().get(0).diff())
                .containsExactly(FieldDiff.of("/description", null, TextNode.valueOf("spare")));
        assertThat(plan.changes().get(1).diff())
                .containsExactly(FieldDiff.of("/members/1/priority", IntNode.valueOf(100), IntNode.valueOf(120)));
        assertThat(plan.changes().get(2).diff()).extracting(FieldDiff::path).containsExactly("/labels", "/scheduler");
        assertThat(plan.changes().get(2).diff().get(1))
                .isEqualTo(FieldDiff.of("/scheduler", TextNode.valueOf("wlc"), TextNode.valueOf("rr")));
    }

    @Test
    void aChangedLabelIsNamedByItsEscapedKey() {
        ObjectNode stored =
                Fixtures.set(fleet(), "/virtualServers/0/labels", Fixtures.object("{\"example.com/tier\": \"front\"}"));
        ObjectNode desired = Fixtures.set(exported(stored), "/virtualServers/0/labels/example.com~1tier", "back");

        Plan plan = plan(stored, desired);

        assertThat(plan.changes())
                .singleElement()
                .satisfies(c -> assertThat(c.diff())
                        .containsExactly(FieldDiff.of(
                                "/labels/example.com~1tier", TextNode.valueOf("front"), TextNode.valueOf("back"))));
    }

    @Test
    void aVirtualServerMovingToOtherDirectorsReachesThoseBeforeAndAfter() {
        ObjectNode desired = exported(fleet());
        Fixtures.set(desired, "/virtualServers/1/directors", List.of("lb1"));
        Fixtures.set(desired, "/virtualServers/1/realServers/0/weight", 3);

        Plan plan = plan(fleet(), desired);

        assertThat(summary(plan)).containsExactly("update virtual-server dns", "update real-server dns/a");
        assertThat(plan.changes()).allSatisfy(c -> assertThat(c.directors()).containsExactly("lb1", "lb3"));
    }

    @Test
    void aGroupsChangeReachesItsMembersBeforeAndAfter() {
        ObjectNode desired = Fixtures.set(exported(fleet()), "/vrrpGroups/0/members/1/director", "lb3");

        Plan plan = plan(fleet(), desired);

        assertThat(summary(plan)).containsExactly("update vrrp-group g1");
        assertThat(plan.changes().get(0).directors()).containsExactly("lb1", "lb2", "lb3");
    }

    @Test
    void aDirectorsChangeReachesItself() {
        ObjectNode desired = Fixtures.set(exported(fleet()), "/directors/0/managementAddress", "10.0.0.11");

        Plan plan = plan(fleet(), desired);

        assertThat(plan.changes()).singleElement().satisfies(c -> {
            assertThat(c.directors()).containsExactly("lb1");
            assertThat(c.diff())
                    .containsExactly(FieldDiff.of(
                            "/managementAddress", TextNode.valueOf("10.0.0.1"), TextNode.valueOf("10.0.0.11")));
        });
    }

    @Test
    void aNewVirtualServerWithItsRealServersIsCreatedAfterItsNewGroup() {
        ObjectNode desired = exported(fleet());
        Fixtures.set(desired, "/vrrpGroups/-", Fixtures.object("""
                {"name": "g2", "vrid": 52, "interface": "eth0", "virtualAddresses": [{"address": "192.0.2.20/24"}],
                 "members": [{"director": "lb2", "priority": 150}, {"director": "lb3", "priority": 100}]}"""));
        Fixtures.set(desired, "/virtualServers/-", Fixtures.object("""
                {"name": "api", "address": "192.0.2.20", "port": 443, "vrrpGroup": "g2",
                 "realServers": [{"name": "r1", "address": "10.3.0.1"}]}"""));

        Plan plan = plan(fleet(), desired);

        assertThat(summary(plan))
                .containsExactly("create vrrp-group g2", "create virtual-server api", "create real-server api/r1");
        assertThat(plan.changes()).allSatisfy(c -> assertThat(c.directors()).containsExactly("lb2", "lb3"));
        assertThat(plan.count(Action.CREATE)).isEqualTo(3);
    }
}
