package io.fulcrum.agent.bench.keepalived;

import io.fulcrum.netlink.NotFoundException;
import io.fulcrum.netlink.ipvs.IpProtocol;
import io.fulcrum.netlink.ipvs.IpvsClient;
import io.fulcrum.netlink.ipvs.IpvsDestinationState;
import io.fulcrum.netlink.ipvs.IpvsService;
import io.fulcrum.netlink.ipvs.IpvsServiceKey;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link Kernel} over the agent's own netlink client: the lean dumps (no counters) a reconcile uses. */
public final class NetlinkKernel implements Kernel {
    private final IpvsClient client = IpvsClient.open();

    @Override
    public List<String> services() {
        List<String> out = new ArrayList<>();
        for (IpvsService s : client.serviceSettings())
            out.add(s.key().address().getHostAddress() + ":" + s.key().port());
        return out;
    }

    @Override
    public Map<String, Integer> destinations(String service) {
        int colon = service.lastIndexOf(':');
        IpvsServiceKey key;
        try {
            key = IpvsServiceKey.of(
                    IpProtocol.TCP,
                    InetAddress.getByName(service.substring(0, colon)),
                    Integer.parseInt(service.substring(colon + 1)));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(service, e);
        }
        Map<String, Integer> out = new HashMap<>();
        try {
            for (IpvsDestinationState d : client.destinationStates(key))
                out.put(
                        d.destination().address().getHostAddress() + ":"
                                + d.destination().port(),
                        d.destination().weight());
        } catch (NotFoundException e) {
            return Map.of(); // removed between the service dump and this one
        }
        return out;
    }

    /** Empties the table ({@code ipvsadm -C}): the benchmark's own reset between processes, never the product's. */
    public static void clear() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ipvsadm", "-C")
                .redirectErrorStream(true)
                .redirectOutput(new File("/dev/null"))
                .start();
        if (p.waitFor() != 0) throw new IOException("ipvsadm -C failed");
    }

    @Override
    public void close() {
        client.close();
    }
}
