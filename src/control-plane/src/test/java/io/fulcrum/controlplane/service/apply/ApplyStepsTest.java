package io.fulcrum.controlplane.service.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fulcrum.controlplane.service.apply.ApplySteps.CreateVirtualServers;
import io.fulcrum.controlplane.service.apply.ApplySteps.Delete;
import io.fulcrum.controlplane.service.apply.ApplySteps.PutRealServer;
import io.fulcrum.controlplane.service.apply.ApplySteps.PutVirtualServer;
import io.fulcrum.controlplane.service.apply.ApplySteps.Step;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.model.plan.Plan;
import io.fulcrum.model.plan.PlanChange.Kind;
import io.fulcrum.model.plan.PlanOptions;
import io.fulcrum.model.plan.Planner;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The writes that carry out a plan, and their order. */
class ApplyStepsTest {
    static final String STORED = """
            {"apiVersion":"fulcrum/v1",
             "directors":[{"name":"lb1","managementAddress":"10.0.0.1"}],
             "virtualServers":[
               {"name":"web","address":"192.168.10.100","port":80,"directors":["lb1"],
                "realServers":[{"name":"rs1","address":"192.168.10.11"},{"name":"rs2","address":"192.168.10.12"}]},
               {"name":"old","address":"192.168.10.101","port":80,"directors":["lb1"],
                "realServers":[{"name":"x","address":"192.168.10.21"}]}]}""";

    private static ConfigDocument doc(String json) {
        return DocumentCodec.decodeDesiredDocument(DocumentCodec.parse(json));
    }

    private static List<Step> steps(String stored, String desired, boolean prune) {
        ConfigDocument current = doc(stored);
        ConfigDocument wanted = doc(desired);
        Plan plan = Planner.plan(current, wanted, PlanOptions.DEFAULT.withPrune(prune));
        assertThat(plan.errors()).isEmpty();
        return ApplySteps.of(plan, current, wanted, prune);
    }

    @Test
    void deletesComeFirstAndTheRealServersOfADeletedVirtualServerGoWithIt() {
        // "old" leaves; "new" takes its address
        String desired = STORED.replace("\"old\"", "\"new\"").replace("\"x\"", "\"y\"");
        List<Step> steps = steps(STORED, desired, true);
        assertThat(steps.get(0)).isEqualTo(new Delete(Kind.VIRTUAL_SERVER, null, "old"));
        assertThat(steps).hasSize(2);
        // a created virtual server is written with the others created (here none): one step of creates
        assertThat(steps.get(1)).isInstanceOf(CreateVirtualServers.class);
        List<PutVirtualServer> creates = ((CreateVirtualServers) steps.get(1)).creates();
        assertThat(creates).hasSize(1);
        assertThat(creates.get(0)).isInstanceOfSatisfying(PutVirtualServer.class, p -> {
            assertThat(p.virtualServer().name()).isEqualTo("new");
            assertThat(p.virtualServer().realServers())
                    .extracting(RealServer::name)
                    .containsExactly("y");
            assertThat(p.at()).isEqualTo("/virtualServers/1");
        });
    }

    @Test
    void theCreatedVirtualServersAreOneStepWhereTheFirstOfThemWasAndUpdatesStayApart() {
        // web changes (port), "a" and "b" are new, a director is new
        String desired = STORED.replace(
                        "\"port\":80,\"directors\":[\"lb1\"],\n    \"realServers\":[{\"name\":\"rs1\"",
                        "\"port\":81,\"directors\":[\"lb1\"],\n    \"realServers\":[{\"name\":\"rs1\"")
                .replace(
                        "\"virtualServers\":[",
                        "\"virtualServers\":[{\"name\":\"a\",\"address\":\"192.168.10.102\",\"port\":80,\"directors\":[\"lb2\"],"
                                + "\"realServers\":[{\"name\":\"r\",\"address\":\"192.168.10.31\"}]},"
                                + "{\"name\":\"b\",\"address\":\"192.168.10.103\",\"port\":80,\"directors\":[\"lb1\"]},")
                .replace(
                        "\"directors\":[{\"name\":\"lb1\",\"managementAddress\":\"10.0.0.1\"}]",
                        "\"directors\":[{\"name\":\"lb1\",\"managementAddress\":\"10.0.0.1\"},"
                                + "{\"name\":\"lb2\",\"managementAddress\":\"10.0.0.2\"}]");
        List<Step> steps = steps(STORED, desired, false);
        assertThat(steps)
                .extracting(s -> s.getClass().getSimpleName())
                .containsExactly("PutDirector", "CreateVirtualServers", "PutVirtualServer");
        assertThat(((CreateVirtualServers) steps.get(1)).creates())
                .extracting(p -> p.virtualServer().name(), PutVirtualServer::at)
                .containsExactly(tuple("a", "/virtualServers/0"), tuple("b", "/virtualServers/1"));
        assertThat(((PutVirtualServer) steps.get(2)).virtualServer().name()).isEqualTo("web");
    }

    @Test
    void aRealServerWhoseVirtualServerIsUnchangedIsWrittenOnItsOwn() {
        List<Step> steps =
                steps(STORED, STORED.replace("\"192.168.10.12\"}", "\"192.168.10.12\",\"weight\":7}"), false);
        assertThat(steps).hasSize(1);
        assertThat(steps.get(0)).isInstanceOfSatisfying(PutRealServer.class, p -> {
            assertThat(p.virtualServer()).isEqualTo("web");
            assertThat(p.realServer().weight()).isEqualTo(7);
            assertThat(p.at()).isEqualTo("/virtualServers/0/realServers/1");
        });
    }

    @Test
    void aChangedVirtualServerIsWrittenWholeKeepingTheRealServersLeftOutUnlessPruned() {
        // web moves to port 8080 and lists rs1 alone
        String desired = STORED.replace(
                "\"port\":80,\"directors\":[\"lb1\"],\n    \"realServers\":[{\"name\":\"rs1\",\"address\":\"192.168.10.11\"},{\"name\":\"rs2\",\"address\":\"192.168.10.12\"}]",
                "\"port\":8080,\"directors\":[\"lb1\"],\"realServers\":[{\"name\":\"rs1\",\"address\":\"192.168.10.11\"}]");
        assertThat(desired).isNotEqualTo(STORED);

        List<Step> kept = steps(STORED, desired, false);
        assertThat(kept).hasSize(1);
        assertThat(((PutVirtualServer) kept.get(0)).virtualServer().realServers())
                .extracting(RealServer::name)
                .containsExactly("rs1", "rs2");

        List<Step> pruned = steps(STORED, desired, true);
        assertThat(pruned).hasSize(1).allMatch(s -> s instanceof PutVirtualServer);
        assertThat(((PutVirtualServer) pruned.get(0)).virtualServer().realServers())
                .extracting(RealServer::name)
                .containsExactly("rs1");
    }
}
