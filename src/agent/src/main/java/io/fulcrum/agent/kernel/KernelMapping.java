package io.fulcrum.agent.kernel;

import io.fulcrum.agent.reconcile.ServiceStats;
import io.fulcrum.agent.table.Destination;
import io.fulcrum.agent.table.Service;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.model.Enums;
import io.fulcrum.netlink.ipvs.AddressFamily;
import io.fulcrum.netlink.ipvs.ForwardingMethod;
import io.fulcrum.netlink.ipvs.IpProtocol;
import io.fulcrum.netlink.ipvs.IpvsDestination;
import io.fulcrum.netlink.ipvs.IpvsDestinationState;
import io.fulcrum.netlink.ipvs.IpvsService;
import io.fulcrum.netlink.ipvs.IpvsServiceKey;
import io.fulcrum.netlink.ipvs.IpvsStats;
import io.fulcrum.netlink.ipvs.ServiceFlag;
import io.fulcrum.netlink.ipvs.TunnelFlag;
import io.fulcrum.netlink.ipvs.TunnelType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The one place where the agent's table and the kernel's netlink records become each other. */
public final class KernelMapping {
    private KernelMapping() {}

    public static IpvsServiceKey toKernel(ServiceKey k) {
        AddressFamily family = k.family() == Enums.AddressFamily.INET ? AddressFamily.INET : AddressFamily.INET6;
        if (k.isFwmark()) return IpvsServiceKey.fwmark(family, (int) k.fwmark());
        return IpvsServiceKey.of(IpProtocol.valueOf(k.protocol().name()), k.address(), k.port());
    }

    public static ServiceKey fromKernel(IpvsServiceKey k) {
        Enums.AddressFamily family =
                k.family() == AddressFamily.INET ? Enums.AddressFamily.INET : Enums.AddressFamily.INET6;
        if (k.isFwmark()) return ServiceKey.fwmark(Integer.toUnsignedLong(k.fwmark()), family);
        return ServiceKey.inet(
                k.address(), k.port(), Enums.Protocol.valueOf(k.protocol().name()));
    }

    public static IpvsService toKernel(Service s) {
        Set<ServiceFlag> flags = EnumSet.noneOf(ServiceFlag.class);
        for (Enums.SchedulerFlag f : s.schedulerFlags()) {
            flags.add(
                    f == Enums.SchedulerFlag.SH_FALLBACK || f == Enums.SchedulerFlag.MH_FALLBACK
                            ? ServiceFlag.SCHED1
                            : ServiceFlag.SCHED2);
        }
        if (s.onePacket()) flags.add(ServiceFlag.ONE_PACKET);
        IpvsService base = new IpvsService(
                toKernel(s.key()), s.scheduler().name().toLowerCase(Locale.ROOT), flags, 0, s.persistencePrefix());
        return s.persistence() == null
                ? base
                : base.persistent((int) s.persistence().toSeconds(), s.persistencePrefix());
    }

    /**
     * A kernel service as the agent's table holds it. A name the model does not know (a foreign rule
     * with a scheduler from an out-of-tree module) maps to null: such a service is only ever reported.
     */
    public static Service fromKernel(IpvsService s) {
        Enums.Scheduler scheduler;
        try {
            scheduler = Enums.Scheduler.valueOf(s.scheduler().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            scheduler = null;
        }
        Set<Enums.SchedulerFlag> flags = EnumSet.noneOf(Enums.SchedulerFlag.class);
        if (scheduler == Enums.Scheduler.SH || scheduler == Enums.Scheduler.MH) {
            boolean sh = scheduler == Enums.Scheduler.SH;
            if (s.flags().contains(ServiceFlag.SCHED1))
                flags.add(sh ? Enums.SchedulerFlag.SH_FALLBACK : Enums.SchedulerFlag.MH_FALLBACK);
            if (s.flags().contains(ServiceFlag.SCHED2))
                flags.add(sh ? Enums.SchedulerFlag.SH_PORT : Enums.SchedulerFlag.MH_PORT);
        }
        boolean persistent = s.flags().contains(ServiceFlag.PERSISTENT);
        return new Service(
                fromKernel(s.key()),
                scheduler,
                flags,
                persistent ? Duration.ofSeconds(s.timeout()) : null,
                persistent ? s.netmaskPrefix() : s.key().family().maxPrefix(),
                s.flags().contains(ServiceFlag.ONE_PACKET));
    }

    public static IpvsDestination toKernel(Destination d) {
        ForwardingMethod fwd = switch (d.forwarding()) {
            case NAT, FULLNAT -> ForwardingMethod.MASQ; // FULLNAT's source NAT is netfilter's (agent.fullnat)
            case DR -> ForwardingMethod.DIRECT_ROUTE;
            case TUN -> ForwardingMethod.TUNNEL;
        };
        IpvsDestination base = IpvsDestination.of(d.address(), d.port(), fwd, d.weight())
                .withThresholds(d.upperThreshold(), d.lowerThreshold());
        if (d.forwarding() != Enums.Forwarding.TUN) return base;
        Set<TunnelFlag> flags = switch (d.tunnelChecksum() == null ? Enums.TunnelChecksum.NONE : d.tunnelChecksum()) {
            case NONE -> Set.of();
            case CSUM -> Set.of(TunnelFlag.CSUM);
            case REMCSUM -> Set.of(TunnelFlag.REMCSUM);
        };
        return base.withTunnel(
                TunnelType.valueOf((d.tunnelType() == null ? Enums.TunnelType.IPIP : d.tunnelType()).name()),
                d.tunnelPort() == null ? 0 : d.tunnelPort(),
                flags);
    }

    /** A destination as a reconcile's dump read it (no counters). */
    public static Destination fromKernel(IpvsDestinationState s) {
        return fromKernel(s.destination(), s.activeConns());
    }

    private static Destination fromKernel(IpvsDestination d, int activeConns) {
        Enums.Forwarding fwd = switch (d.forwarding()) {
            case DIRECT_ROUTE -> Enums.Forwarding.DR;
            case TUNNEL -> Enums.Forwarding.TUN;
            default -> Enums.Forwarding.NAT;
        };
        boolean tun = fwd == Enums.Forwarding.TUN;
        Enums.TunnelChecksum csum = d.tunnelFlags().contains(TunnelFlag.REMCSUM)
                ? Enums.TunnelChecksum.REMCSUM
                : d.tunnelFlags().contains(TunnelFlag.CSUM) ? Enums.TunnelChecksum.CSUM : Enums.TunnelChecksum.NONE;
        return new Destination(
                d.address(),
                d.port(),
                fwd,
                tun ? Enums.TunnelType.valueOf(d.tunnelType().name()) : null,
                tun && d.tunnelType() == TunnelType.GUE ? d.tunnelPort() : null,
                tun ? csum : null,
                d.weight(),
                d.upperThreshold(),
                d.lowerThreshold(),
                false,
                activeConns);
    }

    public static ServiceStats.Counters counters(IpvsStats s) {
        return new ServiceStats.Counters(
                s.conns(),
                s.inPkts(),
                s.outPkts(),
                s.inBytes(),
                s.outBytes(),
                s.cps(),
                s.inPps(),
                s.outPps(),
                s.inBps(),
                s.outBps());
    }
}
