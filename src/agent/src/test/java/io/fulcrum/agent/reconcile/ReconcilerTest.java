package io.fulcrum.agent.reconcile;

import static io.fulcrum.agent.reconcile.PlannerTest.DNS;
import static io.fulcrum.agent.reconcile.PlannerTest.MARK;
import static io.fulcrum.agent.reconcile.PlannerTest.WEB;
import static io.fulcrum.agent.reconcile.PlannerTest.dest;
import static io.fulcrum.agent.reconcile.PlannerTest.svc;
import static io.fulcrum.agent.reconcile.PlannerTest.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.agent.table.Table;
import io.fulcrum.model.Enums;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
    final FakeKernel kernel = new FakeKernel();
    final List<Set<ServiceKey>> persisted = new ArrayList<>();

    Reconciler reconciler(Set<ServiceKey> owned) {
        return new Reconciler(kernel, owned, false, persisted::add);
    }

    static final Table TWO_SERVICES = table(
            svc(WEB, Enums.Scheduler.WRR),
            dest("10.0.1.1", 1),
            dest("10.0.1.2", 2),
            svc(DNS, Enums.Scheduler.RR),
            dest("10.0.2.1", 1));

    @Test
    void convergesInOneRunAndASecondRunSendsNothing() {
        Reconciler r = reconciler(Set.of());
        assertThat(r.reconcile(TWO_SERVICES).converged()).isTrue();
        assertThat(kernel.dump()).isEqualTo(TWO_SERVICES);

        int before = kernel.requests.size();
        Reconciler.Result again = r.reconcile(TWO_SERVICES);
        assertThat(again.plan().steps()).isEmpty();
        assertThat(kernel.requests).hasSize(before);
    }

    @Test
    void aRestartedAgentAppliesOnlyTheDifferenceWithoutFlushing() {
        reconciler(Set.of()).reconcile(TWO_SERVICES);
        kernel.requests.clear();

        // a new agent process: it only knows what it persisted
        Reconciler restarted = reconciler(persisted.get(persisted.size() - 1));
        Table changed = table(
                svc(WEB, Enums.Scheduler.WRR),
                dest("10.0.1.1", 1),
                dest("10.0.1.2", 7),
                svc(DNS, Enums.Scheduler.RR),
                dest("10.0.2.1", 1));
        restarted.reconcile(changed);

        assertThat(kernel.requests).singleElement().isInstanceOf(Step.EditDestination.class);
        assertThat(kernel.requests).noneMatch(s -> s instanceof Step.DeleteService || s instanceof Step.AddService);
    }

    @Test
    void aSingleChangeCostsOneRequestAndNoDump() {
        Reconciler r = reconciler(Set.of());
        r.reconcile(TWO_SERVICES);
        int dumps = kernel.dumps;
        kernel.requests.clear();

        Table changed = table(
                svc(WEB, Enums.Scheduler.WRR),
                dest("10.0.1.1", 1),
                dest("10.0.1.2", 9),
                svc(DNS, Enums.Scheduler.RR),
                dest("10.0.2.1", 1));
        r.reconcile(changed);

        assertThat(kernel.requests).singleElement().isInstanceOf(Step.EditDestination.class);
        assertThat(kernel.dumps).isEqualTo(dumps);
        assertThat(kernel.dump()).isEqualTo(changed);
    }

    @Test
    void aResyncSeesChangesMadeBehindTheAgentsBack() {
        Reconciler r = reconciler(Set.of());
        r.reconcile(TWO_SERVICES);
        kernel.apply(new Step.DeleteDestination(WEB, dest("10.0.1.2", 2).key())); // someone ran ipvsadm -d

        assertThat(r.reconcile(TWO_SERVICES).plan().steps()).isEmpty(); // the agent's picture still has it
        r.resync();
        assertThat(r.reconcile(TWO_SERVICES).plan().steps())
                .containsExactly(new Step.AddDestination(WEB, dest("10.0.1.2", 2)));
        assertThat(kernel.dump()).isEqualTo(TWO_SERVICES);
    }

    @Test
    void aDrainingDestinationWithConnectionsLeavesWhenTheDrainTimeoutPasses() {
        MutableClock clock = new MutableClock();
        Reconciler r = new Reconciler(kernel, Set.of(), false, persisted::add, clock, Duration.ofMinutes(5));
        r.reconcile(TWO_SERVICES);
        // 10.0.1.2 carries connections that never end
        kernel.dests.get(WEB).computeIfPresent(dest("10.0.1.2", 2).key(), (k, d) -> d.withActiveConnections(3));
        r.resync();
        Table drain = table(
                svc(WEB, Enums.Scheduler.WRR),
                dest("10.0.1.1", 1),
                PlannerTest.draining("10.0.1.2", 2),
                svc(DNS, Enums.Scheduler.RR),
                dest("10.0.2.1", 1));

        r.reconcile(drain);
        assertThat(kernel.dests.get(WEB).get(dest("10.0.1.2", 2).key()).weight())
                .isZero();
        clock.advance(Duration.ofMinutes(4));
        r.resync();
        r.reconcile(drain);
        assertThat(kernel.dests.get(WEB)).containsKey(dest("10.0.1.2", 2).key());

        clock.advance(Duration.ofMinutes(1));
        r.resync();
        r.reconcile(drain);
        assertThat(kernel.dests.get(WEB)).doesNotContainKey(dest("10.0.1.2", 2).key());
    }

    /** A clock the test moves by hand: no test sleeps. */
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-22T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aRefusedStepIsReportedTheOthersTakeEffectAndTheNextRunConverges() {
        kernel.refuse =
                s -> s instanceof Step.AddDestination a && a.destination().weight() == 2;
        Reconciler r = reconciler(Set.of());
        Reconciler.Result first = r.reconcile(TWO_SERVICES);

        assertThat(first.converged()).isFalse();
        assertThat(first.failedStep()).isInstanceOf(Step.AddDestination.class);
        assertThat(first.failures()).hasSize(1);
        assertThat(first.applied()).isEqualTo(first.plan().steps().size() - 1);
        assertThat(kernel.dests.get(DNS)).hasSize(1); // a step after the refused one took effect

        kernel.refuse = s -> false;
        assertThat(r.reconcile(TWO_SERVICES).converged()).isTrue();
        assertThat(kernel.dump()).isEqualTo(TWO_SERVICES);
    }

    @Test
    void rulesItDidNotCreateAreLeftAloneAndReported() {
        kernel.apply(new Step.AddService(svc(MARK, Enums.Scheduler.SH)));
        kernel.requests.clear();

        Reconciler.Result result = reconciler(Set.of()).reconcile(TWO_SERVICES);

        assertThat(result.plan().drift()).extracting(Plan.Drift::service).containsExactly(MARK);
        assertThat(kernel.services).containsKey(MARK);
    }

    @Test
    void servicesItCreatedAreRemovedAfterARestartWhenNoLongerWanted() {
        reconciler(Set.of()).reconcile(TWO_SERVICES);
        Reconciler restarted = reconciler(persisted.get(persisted.size() - 1));

        restarted.reconcile(table(svc(DNS, Enums.Scheduler.RR), dest("10.0.2.1", 1)));

        assertThat(kernel.services).containsOnlyKeys(DNS);
        assertThat(restarted.owned()).containsOnly(DNS);
    }
}
