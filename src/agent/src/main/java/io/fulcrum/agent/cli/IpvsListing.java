package io.fulcrum.agent.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.netlink.ipvs.ForwardingMethod;
import io.fulcrum.netlink.ipvs.IpvsClient;
import io.fulcrum.netlink.ipvs.IpvsDestination;
import io.fulcrum.netlink.ipvs.IpvsDestinationEntry;
import io.fulcrum.netlink.ipvs.IpvsService;
import io.fulcrum.netlink.ipvs.IpvsServiceEntry;
import io.fulcrum.netlink.ipvs.IpvsStats;
import io.fulcrum.netlink.ipvs.ServiceFlag;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/** `fulcrum ipvs list`: the kernel's IPVS table as the agent reads it, as text or JSON. */
final class IpvsListing {
    private IpvsListing() {}

    record Row(IpvsServiceEntry service, List<IpvsDestinationEntry> destinations) {}

    static List<Row> read(IpvsClient ipvs) {
        return ipvs.services().stream()
                .map(s -> new Row(s, ipvs.destinations(s.service().key())))
                .toList();
    }

    static void printText(List<Row> rows, PrintStream out) {
        out.printf(
                "%-5s %-30s %-24s %8s %10s %10s %12s %12s%n",
                "Prot", "LocalAddress:Port", "Scheduler Flags", "Conns", "InPkts", "OutPkts", "InBytes", "OutBytes");
        out.printf(
                "  -> %-30s %-10s %6s %7s %8s %10s %10s %12s %12s%n",
                "RemoteAddress:Port",
                "Forward",
                "Weight",
                "Active",
                "Inactive",
                "InPkts",
                "OutPkts",
                "InBytes",
                "OutBytes");
        for (Row r : rows) {
            IpvsService s = r.service().service();
            String where = s.key().isFwmark()
                    ? Integer.toUnsignedString(s.key().fwmark())
                            + (s.key().family().name().equals("INET6") ? " IPv6" : "")
                    : endpoint(s.key().address(), s.key().port());
            IpvsStats st = r.service().stats();
            out.printf(
                    "%-5s %-30s %-24s %8d %10d %10d %12d %12d%n",
                    s.key().isFwmark() ? "FWM" : s.key().protocol().name(),
                    where,
                    s.scheduler() + flags(s),
                    st.conns(),
                    st.inPkts(),
                    st.outPkts(),
                    st.inBytes(),
                    st.outBytes());
            for (IpvsDestinationEntry e : r.destinations()) {
                IpvsDestination d = e.destination();
                String thresholds = d.upperThreshold() > 0 || d.lowerThreshold() > 0
                        ? " [" + d.lowerThreshold() + "-" + d.upperThreshold() + "]"
                        : "";
                out.printf(
                        "  -> %-30s %-10s %6d %7d %8d %10d %10d %12d %12d%s%n",
                        endpoint(d.address(), d.port()),
                        forward(d),
                        d.weight(),
                        e.activeConns(),
                        e.inactiveConns(),
                        e.stats().inPkts(),
                        e.stats().outPkts(),
                        e.stats().inBytes(),
                        e.stats().outBytes(),
                        thresholds);
            }
        }
    }

    static void printJson(List<Row> rows, PrintStream out) {
        ArrayNode services = DocumentCodec.JSON.createArrayNode();
        for (Row r : rows) {
            IpvsService s = r.service().service();
            ObjectNode o = services.addObject();
            if (s.key().isFwmark())
                o.put("fwmark", Integer.toUnsignedLong(s.key().fwmark()));
            else
                o.put("protocol", s.key().protocol().name().toLowerCase(Locale.ROOT))
                        .put("address", Addresses.format(s.key().address()))
                        .put("port", s.key().port());
            o.put("addressFamily", s.key().family().name().toLowerCase(Locale.ROOT))
                    .put("scheduler", s.scheduler());
            ArrayNode f = o.putArray("flags");
            s.flags().stream().sorted().forEach(x -> f.add(x.name().toLowerCase(Locale.ROOT)));
            if (s.flags().contains(ServiceFlag.PERSISTENT))
                o.put("persistenceTimeoutSeconds", s.timeout()).put("persistencePrefixLength", s.netmaskPrefix());
            stats(o.putObject("stats"), r.service().stats());
            ArrayNode ds = o.putArray("destinations");
            for (IpvsDestinationEntry e : r.destinations()) {
                IpvsDestination d = e.destination();
                ObjectNode x = ds.addObject()
                        .put("address", Addresses.format(d.address()))
                        .put("port", d.port())
                        .put("forwarding", forward(d).toLowerCase(Locale.ROOT))
                        .put("weight", d.weight())
                        .put("upperThreshold", d.upperThreshold())
                        .put("lowerThreshold", d.lowerThreshold())
                        .put("activeConnections", e.activeConns())
                        .put("inactiveConnections", e.inactiveConns())
                        .put("persistentConnections", e.persistConns());
                if (d.forwarding() == ForwardingMethod.TUNNEL) {
                    x.put("tunnelType", d.tunnelType().name().toLowerCase(Locale.ROOT))
                            .put("tunnelPort", d.tunnelPort());
                }
                stats(x.putObject("stats"), e.stats());
            }
        }
        out.println(services.toPrettyString());
    }

    private static void stats(ObjectNode o, IpvsStats s) {
        o.put("connections", s.conns())
                .put("inPackets", s.inPkts())
                .put("outPackets", s.outPkts())
                .put("inBytes", s.inBytes())
                .put("outBytes", s.outBytes())
                .put("connectionsPerSecond", s.cps())
                .put("inPacketsPerSecond", s.inPps())
                .put("outPacketsPerSecond", s.outPps())
                .put("inBytesPerSecond", s.inBps())
                .put("outBytesPerSecond", s.outBps());
    }

    private static String flags(IpvsService s) {
        StringBuilder b = new StringBuilder();
        if (s.flags().contains(ServiceFlag.PERSISTENT))
            b.append(" persistent ").append(s.timeout()).append('/').append(s.netmaskPrefix());
        if (s.flags().contains(ServiceFlag.ONE_PACKET)) b.append(" ops");
        // the scheduler flags' names depend on the scheduler (ip_vs.h IP_VS_SVC_F_SCHED_SH_*; mh reads the same bits)
        String prefix = s.scheduler().equals("sh") || s.scheduler().equals("mh") ? s.scheduler() + "-" : "sched-";
        if (s.flags().contains(ServiceFlag.SCHED1))
            b.append(' ').append(prefix.equals("sched-") ? "sched1" : prefix + "fallback");
        if (s.flags().contains(ServiceFlag.SCHED2))
            b.append(' ').append(prefix.equals("sched-") ? "sched2" : prefix + "port");
        return b.toString();
    }

    private static String forward(IpvsDestination d) {
        return switch (d.forwarding()) {
            case MASQ -> "Masq";
            case DIRECT_ROUTE -> "Route";
            case TUNNEL -> "Tunnel";
            case LOCAL_NODE -> "Local";
            case BYPASS -> "Bypass";
        };
    }

    private static String endpoint(InetAddress a, int port) {
        return (a instanceof Inet6Address ? "[" + Addresses.format(a) + "]" : Addresses.format(a)) + ":" + port;
    }
}
