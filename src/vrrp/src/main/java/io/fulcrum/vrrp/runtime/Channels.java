package io.fulcrum.vrrp.runtime;

import io.fulcrum.vrrp.machine.Counters;
import io.fulcrum.vrrp.packet.Decoded;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The router's open advert channels, by key ("eth0/v4", "vrrp.51/v4"): groups on one interface and family
 * share one. Each has the interface it is on and the counters of what arrived on it. Router thread only.
 */
final class Channels {
    private record Open(Host.Channel channel, String iface, Counters counters) {}

    private final Map<String, Open> open = new LinkedHashMap<>();

    boolean isOpen(String key) {
        return open.containsKey(key);
    }

    /** Opens the channel {@code key} on {@code iface} with {@link Host#open}. */
    void open(Host host, String key, String iface, boolean ipv6, InetAddress source, Consumer<Decoded> sink) {
        open.put(key, new Open(host.open(iface, ipv6, source, sink), iface, new Counters()));
    }

    /** The channel, or null when it is not open. */
    Host.Channel channel(String key) {
        Open o = open.get(key);
        return o == null ? null : o.channel();
    }

    /** What arrived on the channel, or null when it is not open (closed since). */
    Counters counters(String key) {
        Open o = open.get(key);
        return o == null ? null : o.counters();
    }

    /** Closes the channels on {@code iface} (a virtual MAC link), forgetting them. */
    void closeOn(String iface) {
        for (String key : List.copyOf(open.keySet())) {
            if (iface.equals(open.get(key).iface())) open.remove(key).channel().close();
        }
    }

    /** Closes the channels no group uses any more. */
    void closeUnused(Set<String> used) {
        for (String key : List.copyOf(open.keySet())) {
            if (!used.contains(key)) open.remove(key).channel().close();
        }
    }

    void closeAll() {
        open.values().forEach(o -> o.channel().close());
    }
}
