package io.fulcrum.agent.reconcile;

import io.fulcrum.agent.table.Destination;
import io.fulcrum.agent.table.Service;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.agent.table.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An in-memory IPVS table with the kernel's rules for what fails (EEXIST on a second add, ENOENT on
 * a missing service or destination), counting requests, and able to refuse a chosen step. Used from
 * one thread at a time (the agent loop's, then the test's once the loop answered).
 */
public final class FakeKernel implements IpvsKernel {
    public final Map<ServiceKey, Service> services = new LinkedHashMap<>();
    public final Map<ServiceKey, Map<Destination.Key, Destination>> dests = new LinkedHashMap<>();
    public final List<Step> requests = new ArrayList<>();
    public int dumps;
    public volatile Predicate<Step> refuse = s -> false;
    /** Set: the kernel has no IPVS, for this reason (every call but {@link #unavailable()} then fails). */
    public volatile String missing;

    @Override
    public Optional<String> unavailable() {
        return Optional.ofNullable(missing);
    }

    @Override
    public Table dump() {
        if (missing != null) throw new IllegalStateException("IPVS unavailable: " + missing);
        dumps++;
        Table.Builder b = new Table.Builder();
        services.values().forEach(b::service);
        dests.forEach((k, m) -> m.values().forEach(d -> b.destination(k, d)));
        return b.build();
    }

    @Override
    public void apply(Step step) {
        if (missing != null) throw new IllegalStateException("IPVS unavailable: " + missing);
        requests.add(step);
        if (refuse.test(step)) throw new IllegalStateException("EINVAL (refused by the test)");
        if (step instanceof Step.AddService a) {
            if (services.putIfAbsent(a.service().key(), a.service()) != null) throw new IllegalStateException("EEXIST");
            dests.put(a.service().key(), new LinkedHashMap<>());
        } else if (step instanceof Step.EditService e) {
            if (services.replace(e.after().key(), e.after()) == null) throw new IllegalStateException("ESRCH");
        } else if (step instanceof Step.DeleteService d) {
            if (services.remove(d.key()) == null) throw new IllegalStateException("ESRCH");
            dests.remove(d.key());
        } else if (step instanceof Step.AddDestination a) {
            var m = dests.get(a.service());
            if (m == null) throw new IllegalStateException("ESRCH");
            if (m.putIfAbsent(a.destination().key(), a.destination().asActual()) != null)
                throw new IllegalStateException("EEXIST");
        } else if (step instanceof Step.EditDestination e) {
            var m = dests.get(e.service());
            Destination old = m == null ? null : m.get(e.after().key());
            if (old == null) throw new IllegalStateException("ENOENT");
            m.put(
                    old.key(),
                    e.after()
                            .asActual()
                            .withActiveConnections(old.activeConnections())); // the kernel keeps its counters
        } else if (step instanceof Step.DeleteDestination d) {
            var m = dests.get(d.service());
            if (m == null || m.remove(d.destination()) == null) throw new IllegalStateException("ENOENT");
        }
    }
}
