package io.fulcrum.model;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An IPVS service with its real servers. */
public record VirtualServer(
        String name,
        String description,
        Map<String, String> labels,
        Service service,
        Enums.Scheduler scheduler,
        Set<Enums.SchedulerFlag> schedulerFlags,
        Enums.Forwarding forwarding,
        Tunnel tunnel,
        Persistence persistence,
        boolean onePacket,
        HealthCheck healthCheck,
        SorryServer sorryServer,
        int quorum,
        int hysteresis,
        Hook notifyQuorumUp,
        Hook notifyQuorumDown,
        boolean omega,
        String vrrpGroup,
        List<String> directors,
        List<RealServer> realServers) {

    public VirtualServer {
        labels = Map.copyOf(labels);
        schedulerFlags = Set.copyOf(schedulerFlags);
        directors = List.copyOf(directors);
        realServers = List.copyOf(realServers);
    }

    /** What identifies the service in the kernel: address+port+protocol, or a firewall mark. */
    public sealed interface Service permits InetService, FwmarkService {
        Enums.AddressFamily family();
    }

    public record InetService(InetAddress address, int port, Enums.Protocol protocol) implements Service {
        public Enums.AddressFamily family() {
            return Addresses.family(address);
        }
    }

    public record FwmarkService(long fwmark, Enums.AddressFamily family) implements Service {}

    public record Tunnel(Enums.TunnelType type, Integer port, Enums.TunnelChecksum checksum) {}

    /** prefixLength null: one client address (32 or 128). */
    public record Persistence(Duration timeout, Integer prefixLength) {}

    public record SorryServer(InetAddress address, Integer port, Enums.Forwarding forwarding, boolean inhibit) {}

    public VirtualServer withRealServers(List<RealServer> rs) {
        return new VirtualServer(
                name,
                description,
                labels,
                service,
                scheduler,
                schedulerFlags,
                forwarding,
                tunnel,
                persistence,
                onePacket,
                healthCheck,
                sorryServer,
                quorum,
                hysteresis,
                notifyQuorumUp,
                notifyQuorumDown,
                omega,
                vrrpGroup,
                directors,
                rs);
    }
}
