package io.fulcrum.agent.kernel;

import static io.fulcrum.agent.kernel.KernelMapping.fromKernel;
import static io.fulcrum.agent.kernel.KernelMapping.toKernel;

import io.fulcrum.agent.reconcile.IpvsKernel;
import io.fulcrum.agent.reconcile.ServiceStats;
import io.fulcrum.agent.reconcile.Step;
import io.fulcrum.agent.table.Destination;
import io.fulcrum.agent.table.Service;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.agent.table.Table;
import io.fulcrum.netlink.ipvs.ForwardingMethod;
import io.fulcrum.netlink.ipvs.IpvsClient;
import io.fulcrum.netlink.ipvs.IpvsDestination;
import io.fulcrum.netlink.ipvs.IpvsDestinationEntry;
import io.fulcrum.netlink.ipvs.IpvsDestinationState;
import io.fulcrum.netlink.ipvs.IpvsService;
import io.fulcrum.netlink.ipvs.IpvsServiceEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The kernel's IPVS table over generic netlink. A dump is one service dump plus one destination
 * dump per service (the IPVS interface has no table-wide destination dump); each step is one request.
 */
public final class NetlinkIpvsKernel implements IpvsKernel {
    private final IpvsClient client;

    public NetlinkIpvsKernel(IpvsClient client) {
        this.client = client;
    }

    /**
     * The table without the kernel's traffic counters: the dumps' replies are read in place and their statistics
     * skipped unparsed (216 of a destination reply's 356 bytes), and each service's destinations go straight into its
     * entry's map. This is what a no-change reconcile costs; {@link #stats()} reads the counters.
     */
    @Override
    public Table dump() {
        List<IpvsService> services = client.serviceSettings();
        Map<ServiceKey, Table.Entry> table = new HashMap<>(services.size() * 4 / 3 + 1);
        List<Destination> destinations = new ArrayList<>();
        for (IpvsService s : services) {
            Service service = fromKernel(s);
            destinations.clear();
            for (IpvsDestinationState d : client.destinationStates(s.key())) destinations.add(fromKernel(d));
            table.put(service.key(), Table.Entry.of(service, destinations));
        }
        return new Table(table);
    }

    @Override
    public List<ServiceStats> stats() {
        List<ServiceStats> out = new ArrayList<>();
        for (IpvsServiceEntry s : client.services()) {
            List<ServiceStats.DestinationStats> ds = new ArrayList<>();
            for (IpvsDestinationEntry d : client.destinations(s.service().key())) {
                ds.add(new ServiceStats.DestinationStats(
                        new io.fulcrum.agent.table.Destination.Key(
                                d.destination().address(), d.destination().port()),
                        d.destination().weight(),
                        Integer.toUnsignedLong(d.activeConns()),
                        Integer.toUnsignedLong(d.inactiveConns()),
                        KernelMapping.counters(d.stats())));
            }
            out.add(new ServiceStats(fromKernel(s.service().key()), KernelMapping.counters(s.stats()), ds));
        }
        return out;
    }

    @Override
    public void apply(Step step) {
        queue(client.batch(), step).sendOrThrow();
    }

    /** The whole plan in one kernel batch: many requests per sendmsg, one ACK at the end. */
    @Override
    public SortedMap<Integer, RuntimeException> applyAll(List<Step> steps) {
        IpvsClient.Batch batch = client.batch();
        for (Step s : steps) queue(batch, s);
        return new TreeMap<>(batch.send());
    }

    private static IpvsClient.Batch queue(IpvsClient.Batch batch, Step step) {
        if (step instanceof Step.AddService a) return batch.addService(toKernel(a.service()));
        if (step instanceof Step.EditService e) return batch.updateService(toKernel(e.after()));
        if (step instanceof Step.DeleteService d) return batch.deleteService(toKernel(d.key()));
        if (step instanceof Step.AddDestination a)
            return batch.addDestination(toKernel(a.service()), toKernel(a.destination()));
        if (step instanceof Step.EditDestination e)
            return batch.updateDestination(toKernel(e.service()), toKernel(e.after()));
        Step.DeleteDestination d = (Step.DeleteDestination) step;
        // the kernel finds a destination by address and port; the rest of the record is not sent
        return batch.deleteDestination(
                toKernel(d.service()),
                IpvsDestination.of(d.destination().address(), d.destination().port(), ForwardingMethod.MASQ, 0));
    }
}
