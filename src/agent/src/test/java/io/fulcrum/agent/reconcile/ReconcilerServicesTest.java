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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Reconciler#reconcile(Set, java.util.function.Function, java.util.function.Supplier)}: some services only. */
class ReconcilerServicesTest {
    final FakeKernel kernel = new FakeKernel();
    final List<Set<ServiceKey>> persisted = new ArrayList<>();
    final Reconciler r = new Reconciler(kernel, Set.of(), false, persisted::add);

    static final Table BEFORE = table(
            svc(WEB, Enums.Scheduler.WRR),
            dest("10.0.1.1", 1),
            dest("10.0.1.2", 2),
            svc(DNS, Enums.Scheduler.RR),
            dest("10.0.2.1", 1));
    /** web: a weight changed and a destination gone; dns gone; a firewall-mark service new. */
    static final Table AFTER = table(
            svc(WEB, Enums.Scheduler.WRR), dest("10.0.1.1", 5),
            svc(MARK, Enums.Scheduler.RR), dest("10.0.3.1", 1));

    @Test
    void theServicesNamedReachTheDesiredTableWithoutADump() {
        r.reconcile(BEFORE);
        int dumps = kernel.dumps;
        kernel.requests.clear();

        Reconciler.Result res =
                r.reconcile(Set.of(WEB, DNS, MARK), k -> AFTER.services().get(k), () -> AFTER);

        assertThat(res.converged()).isTrue();
        assertThat(kernel.dump()).isEqualTo(AFTER);
        assertThat(kernel.dumps - 1).isEqualTo(dumps); // only the dump of this assertion
        assertThat(kernel.requests).hasSize(res.plan().steps().size());
        assertThat(r.owned()).containsExactlyInAnyOrder(WEB, MARK);
        assertThat(persisted.get(persisted.size() - 1)).containsExactlyInAnyOrder(WEB, MARK);

        // the picture of the kernel followed: the same services again change nothing
        kernel.requests.clear();
        assertThat(r.reconcile(Set.of(WEB, DNS, MARK), k -> AFTER.services().get(k), () -> AFTER)
                        .plan()
                        .steps())
                .isEmpty();
        assertThat(r.reconcile(AFTER).plan().steps()).isEmpty();
        assertThat(kernel.requests).isEmpty();
    }

    @Test
    void withoutAPictureOfTheKernelTheWholeTableIsReconciled() {
        r.reconcile(BEFORE);
        r.resync();
        int dumps = kernel.dumps;

        r.reconcile(Set.of(WEB), k -> AFTER.services().get(k), () -> AFTER);

        assertThat(kernel.dumps).isEqualTo(dumps + 1);
        assertThat(kernel.dump()).isEqualTo(AFTER); // dns and the mark service too: the whole table
    }
}
