package io.fulcrum.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.reconcile.Step.AddDestination;
import io.fulcrum.agent.reconcile.Step.AddService;
import io.fulcrum.agent.reconcile.Step.DeleteDestination;
import io.fulcrum.agent.reconcile.Step.DeleteService;
import io.fulcrum.agent.reconcile.Step.EditDestination;
import io.fulcrum.agent.reconcile.Step.EditService;
import io.fulcrum.agent.table.Destination;
import io.fulcrum.agent.table.Service;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.agent.table.Table;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.Enums;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
    static final ServiceKey WEB = ServiceKey.inet(ip("10.0.0.1"), 80, Enums.Protocol.TCP);
    static final ServiceKey DNS = ServiceKey.inet(ip("10.0.0.1"), 53, Enums.Protocol.UDP);
    static final ServiceKey MARK = ServiceKey.fwmark(7, Enums.AddressFamily.INET);

    static InetAddress ip(String s) {
        return Addresses.parse(s).orElseThrow();
    }

    static Service svc(ServiceKey k, Enums.Scheduler s) {
        return new Service(k, s, Set.of(), null, 32, false);
    }

    static Destination dest(String ip, int weight) {
        return new Destination(ip(ip), 80, Enums.Forwarding.NAT, null, null, null, weight, 0, 0, false, 0);
    }

    static Destination draining(String ip, int weight) {
        return new Destination(ip(ip), 80, Enums.Forwarding.NAT, null, null, null, weight, 0, 0, true, 0);
    }

    static Destination active(Destination d, long conns) {
        return new Destination(
                d.address(),
                d.port(),
                d.forwarding(),
                d.tunnelType(),
                d.tunnelPort(),
                d.tunnelChecksum(),
                d.weight(),
                d.upperThreshold(),
                d.lowerThreshold(),
                false,
                conns);
    }

    static Table table(Object... parts) {
        Table.Builder b = new Table.Builder();
        ServiceKey current = null;
        for (Object p : parts) {
            if (p instanceof Service s) {
                b.service(s);
                current = s.key();
            } else b.destination(current, (Destination) p);
        }
        return b.build();
    }

    @Test
    void stepsComeInTheSameOrderWhateverTheTablesOrderWithMarksFirstAndAddressesNumerically() {
        ServiceKey web10 = ServiceKey.inet(ip("10.0.0.10"), 80, Enums.Protocol.TCP);
        Table forward = table(
                svc(web10, Enums.Scheduler.RR),
                dest("10.0.1.10", 1),
                dest("10.0.1.9", 1),
                svc(WEB, Enums.Scheduler.RR),
                svc(MARK, Enums.Scheduler.RR));
        Table backward = table(
                svc(MARK, Enums.Scheduler.RR),
                svc(WEB, Enums.Scheduler.RR),
                svc(web10, Enums.Scheduler.RR),
                dest("10.0.1.9", 1),
                dest("10.0.1.10", 1));

        Plan plan = Planner.plan(forward, Table.EMPTY, Set.of(), false);

        assertThat(Planner.plan(backward, Table.EMPTY, Set.of(), false)).isEqualTo(plan);
        assertThat(plan.steps())
                .containsExactly(
                        new AddService(svc(MARK, Enums.Scheduler.RR)),
                        new AddService(svc(WEB, Enums.Scheduler.RR)),
                        new AddService(svc(web10, Enums.Scheduler.RR)),
                        new AddDestination(web10, dest("10.0.1.9", 1)),
                        new AddDestination(web10, dest("10.0.1.10", 1)));
    }

    @Test
    void aColdStartAddsServicesBeforeTheirDestinations() {
        Plan plan = Planner.plan(
                table(svc(WEB, Enums.Scheduler.RR), dest("10.0.1.1", 1), dest("10.0.1.2", 1)),
                Table.EMPTY,
                Set.of(),
                false);

        assertThat(plan.steps())
                .containsExactly(
                        new AddService(svc(WEB, Enums.Scheduler.RR)),
                        new AddDestination(WEB, dest("10.0.1.1", 1)),
                        new AddDestination(WEB, dest("10.0.1.2", 1)));
    }

    @Test
    void nothingChangedMeansAnEmptyPlanEvenWithLiveCounters() {
        Table want = table(svc(WEB, Enums.Scheduler.WRR), dest("10.0.1.1", 3));
        Table have = table(svc(WEB, Enums.Scheduler.WRR), active(dest("10.0.1.1", 3), 42));

        assertThat(Planner.plan(want, have, Set.of(WEB), false).steps()).isEmpty();
    }

    @Test
    void aWeightChangeIsOneEditInPlace() {
        Table want = table(svc(WEB, Enums.Scheduler.WRR), dest("10.0.1.1", 5), dest("10.0.1.2", 1));
        Table have = table(svc(WEB, Enums.Scheduler.WRR), dest("10.0.1.1", 3), dest("10.0.1.2", 1));

        assertThat(Planner.plan(want, have, Set.of(WEB), false).steps())
                .containsExactly(new EditDestination(WEB, dest("10.0.1.1", 3), dest("10.0.1.1", 5)));
    }

    @Test
    void aSchedulerOrPersistenceChangeEditsTheServiceInPlace() {
        Service persistent = new Service(WEB, Enums.Scheduler.WLC, Set.of(), Duration.ofSeconds(300), 24, false);
        Table want = table(persistent, dest("10.0.1.1", 1));
        Table have = table(svc(WEB, Enums.Scheduler.RR), dest("10.0.1.1", 1));

        assertThat(Planner.plan(want, have, Set.of(WEB), false).steps())
                .containsExactly(new EditService(svc(WEB, Enums.Scheduler.RR), persistent));
    }

    @Test
    void removedDestinationsGoFirstAndTheirServiceLast() {
        Table have = table(
                svc(WEB, Enums.Scheduler.RR),
                dest("10.0.1.1", 1),
                dest("10.0.1.2", 1),
                svc(DNS, Enums.Scheduler.RR),
                dest("10.0.2.1", 1));
        Table want = table(svc(DNS, Enums.Scheduler.RR), dest("10.0.2.2", 1));

        assertThat(Planner.plan(want, have, Set.of(WEB, DNS), false).steps())
                .containsExactly(
                        new DeleteDestination(WEB, dest("10.0.1.1", 1).key()),
                        new DeleteDestination(WEB, dest("10.0.1.2", 1).key()),
                        new DeleteDestination(DNS, dest("10.0.2.1", 1).key()),
                        new DeleteService(WEB),
                        new AddDestination(DNS, dest("10.0.2.2", 1)));
    }

    @Test
    void foreignServicesAreReportedAsDriftAndLeftAlone() {
        Table have = table(svc(MARK, Enums.Scheduler.SH), dest("10.0.3.1", 1));
        Plan plan = Planner.plan(Table.EMPTY, have, Set.of(), false);

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.drift())
                .singleElement()
                .satisfies(d -> assertThat(d.service()).isEqualTo(MARK));
    }

    @Test
    void purgingRemovesForeignServices() {
        Table have = table(svc(MARK, Enums.Scheduler.SH), dest("10.0.3.1", 1));

        assertThat(Planner.plan(Table.EMPTY, have, Set.of(), true).steps())
                .containsExactly(new DeleteDestination(MARK, dest("10.0.3.1", 1).key()), new DeleteService(MARK));
    }

    @Test
    void servicesTheAgentCreatedAreRemovedWhenNoLongerWanted() {
        Table have = table(svc(WEB, Enums.Scheduler.RR));

        assertThat(Planner.plan(Table.EMPTY, have, Set.of(WEB), false).steps()).containsExactly(new DeleteService(WEB));
    }

    @Test
    void drainingSetsWeightZeroThenRemovesOnceIdle() {
        Table want = table(svc(WEB, Enums.Scheduler.WRR), draining("10.0.1.1", 3), dest("10.0.1.2", 1));

        Destination busy = active(dest("10.0.1.1", 3), 5);
        assertThat(Planner.plan(
                                want,
                                table(svc(WEB, Enums.Scheduler.WRR), busy, dest("10.0.1.2", 1)),
                                Set.of(WEB),
                                false)
                        .steps())
                .containsExactly(new EditDestination(WEB, busy, draining("10.0.1.1", 0)));

        Table stillBusy = table(svc(WEB, Enums.Scheduler.WRR), active(dest("10.0.1.1", 0), 2), dest("10.0.1.2", 1));
        assertThat(Planner.plan(want, stillBusy, Set.of(WEB), false).steps()).isEmpty();

        Table idle = table(svc(WEB, Enums.Scheduler.WRR), active(dest("10.0.1.1", 0), 0), dest("10.0.1.2", 1));
        assertThat(Planner.plan(want, idle, Set.of(WEB), false).steps())
                .containsExactly(new DeleteDestination(WEB, dest("10.0.1.1", 0).key()));
    }

    @Test
    void aDrainingDestinationThatIsGoneIsNotAddedBack() {
        Table want = table(svc(WEB, Enums.Scheduler.WRR), draining("10.0.1.1", 3));

        assertThat(Planner.plan(want, table(svc(WEB, Enums.Scheduler.WRR)), Set.of(WEB), false)
                        .steps())
                .isEmpty();
        assertThat(Planner.plan(want, Table.EMPTY, Set.of(), false).steps())
                .containsExactly(new AddService(svc(WEB, Enums.Scheduler.WRR)));
    }

    @Test
    void aDestinationNoLongerWantedGoesEvenWhenTheCountsMatch() {
        // as many destinations wanted as the kernel has, but not the same ones (one of them draining and already gone)
        Table want = table(svc(WEB, Enums.Scheduler.WRR), dest("10.0.1.1", 1), draining("10.0.1.3", 1));
        Table have = table(svc(WEB, Enums.Scheduler.WRR), dest("10.0.1.1", 1), dest("10.0.1.2", 1));

        assertThat(Planner.plan(want, have, Set.of(WEB), false).steps())
                .containsExactly(new DeleteDestination(WEB, dest("10.0.1.2", 1).key()));
    }

    @Test
    void theSameInputsAlwaysGiveTheSamePlan() {
        Table want = table(
                svc(DNS, Enums.Scheduler.RR),
                dest("10.0.2.9", 1),
                dest("10.0.2.1", 1),
                svc(WEB, Enums.Scheduler.RR),
                dest("10.0.1.1", 1));
        Plan a = Planner.plan(want, Table.EMPTY, Set.of(), false);

        assertThat(a).isEqualTo(Planner.plan(want, Table.EMPTY, Set.of(), false));
        assertThat(a.steps().get(0)).isEqualTo(new AddService(svc(WEB, Enums.Scheduler.RR)));
    }
}
