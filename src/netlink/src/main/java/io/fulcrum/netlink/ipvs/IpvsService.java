package io.fulcrum.netlink.ipvs;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A virtual service as the kernel holds it (ip_vs.h IPVS_SVC_ATTR_*): its key, scheduler name, flags,
 * persistence timeout in seconds and persistence netmask as a prefix length (the codec writes a
 * __be32 mask for IPv4 and the prefix length for IPv6, as ipvsadm does).
 */
public record IpvsService(
        IpvsServiceKey key, String scheduler, Set<ServiceFlag> flags, int timeout, int netmaskPrefix) {

    public IpvsService {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(scheduler, "scheduler");
        flags = Set.copyOf(flags);
        if (scheduler.isEmpty() || scheduler.length() >= Ipvs.IP_VS_SCHEDNAME_MAXLEN) {
            throw new IllegalArgumentException("scheduler name must be 1..15 characters: " + scheduler);
        }
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        int max = key.family().maxPrefix();
        if (netmaskPrefix < 0 || netmaskPrefix > max) {
            throw new IllegalArgumentException("netmask prefix must be 0.." + max + ": " + netmaskPrefix);
        }
    }

    /** A non-persistent service, netmask a host route (what ipvsadm sends without -p). */
    public static IpvsService of(IpvsServiceKey key, String scheduler) {
        return new IpvsService(key, scheduler, Set.of(), 0, key.family().maxPrefix());
    }

    public IpvsService withFlags(Set<ServiceFlag> newFlags) {
        return new IpvsService(key, scheduler, newFlags, timeout, netmaskPrefix);
    }

    /** Adds IP_VS_SVC_F_PERSISTENT with its timeout (seconds) and client netmask prefix. */
    public IpvsService persistent(int timeoutSeconds, int prefix) {
        EnumSet<ServiceFlag> all = EnumSet.of(ServiceFlag.PERSISTENT);
        all.addAll(flags);
        return new IpvsService(key, scheduler, all, timeoutSeconds, prefix);
    }
}
