package io.fulcrum.vrrp.runtime;

import io.fulcrum.model.Enums;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.netlink.NetlinkException;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What planning a start or a reload needs from the host, read before planning so that the planner is pure:
 * by group name, the address each group would send its adverts from (its interface's first IPv4 address,
 * or its IPv6 link-local one, never one of the virtual addresses that may be on it), or why there is none.
 */
record HostSnapshot(Map<String, Source> sources) {
    HostSnapshot {
        sources = Map.copyOf(sources);
    }

    /**
     * A group's source address on its interface: {@code address}, or null when the interface has none;
     * {@code error}: why the interface could not be read (then {@code address} is null), else null.
     */
    record Source(InetAddress address, String error) {}

    /** Asks {@code host} for the source address of each of {@code groups}, skipping the addresses {@code except} gives for it. */
    static HostSnapshot read(Host host, List<VrrpGroup> groups, Function<VrrpGroup, List<InetAddress>> except) {
        Map<String, Source> out = new LinkedHashMap<>();
        for (VrrpGroup g : groups) {
            try {
                out.put(
                        g.name(),
                        new Source(
                                host.primaryAddress(
                                        g.iface(), g.family() == Enums.AddressFamily.INET6, except.apply(g)),
                                null));
            } catch (NetlinkException e) {
                out.put(g.name(), new Source(null, e.getMessage()));
            }
        }
        return new HostSnapshot(out);
    }

    /** The source of {@code group}; none read: as an interface without an address. */
    Source source(String group) {
        return sources.getOrDefault(group, new Source(null, null));
    }
}
