package io.fulcrum.agent.kernel;

import io.fulcrum.agent.reconcile.IpvsKernel;
import io.fulcrum.agent.reconcile.Step;
import io.fulcrum.agent.table.Service;
import io.fulcrum.agent.table.Table;
import io.fulcrum.netlink.ipvs.IpvsClient;
import io.fulcrum.netlink.ipvs.IpvsDestinationEntry;
import io.fulcrum.netlink.ipvs.IpvsServiceEntry;

import static io.fulcrum.agent.kernel.KernelMapping.fromKernel;
import static io.fulcrum.agent.kernel.KernelMapping.toKernel;

/**
 * The kernel's IPVS table over generic netlink. A dump is one service dump plus one destination
 * dump per service (the IPVS interface has no table-wide destination dump); each step is one request.
 */
public final class NetlinkIpvsKernel implements IpvsKernel {
    private final IpvsClient client;

    public NetlinkIpvsKernel(IpvsClient client) { this.client = client; }

    @Override
    public Table dump() {
        Table.Builder table = new Table.Builder();
        for (IpvsServiceEntry s : client.services()) {
            Service service = fromKernel(s.service());
            table.service(service);
            for (IpvsDestinationEntry d : client.destinations(s.service().key())) table.destination(service.key(), fromKernel(d));
        }
        return table.build();
    }

    @Override
    public void apply(Step step) {
        if (step instanceof Step.AddService a) client.addService(toKernel(a.service()));
        else if (step instanceof Step.EditService e) client.updateService(toKernel(e.after()));
        else if (step instanceof Step.DeleteService d) client.deleteService(toKernel(d.key()));
        else if (step instanceof Step.AddDestination a) client.addDestination(toKernel(a.service()), toKernel(a.destination()));
        else if (step instanceof Step.EditDestination e) client.updateDestination(toKernel(e.service()), toKernel(e.after()));
        else if (step instanceof Step.DeleteDestination d) {
            client.deleteDestination(toKernel(d.service()),
                    io.fulcrum.netlink.ipvs.IpvsDestination.of(d.destination().address(), d.destination().port(),
                            io.fulcrum.netlink.ipvs.ForwardingMethod.MASQ, 0));
        }
    }
}
