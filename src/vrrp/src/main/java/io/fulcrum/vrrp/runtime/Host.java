package io.fulcrum.vrrp.runtime;

import java.net.InetAddress;
import java.util.List;
import java.util.function.Consumer;

import io.fulcrum.model.IpPrefix;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.vrrp.machine.Action;
import io.fulcrum.vrrp.packet.Decoded;

/** Everything the VRRP runtime does to the machine it runs on, behind one interface ({@link LinuxHost} is the real one). */
public interface Host extends AutoCloseable {

    /** A send/receive path for adverts on one interface and family. */
    interface Channel extends AutoCloseable {
        void send(byte[] advert, InetAddress destination);

        @Override
        void close();
    }

    /**
     * Opens the advert channel of {@code iface}: adverts leave from {@code source} with TTL 255 to the
     * VRRP group (joined on the interface) or a unicast peer; what arrives is decoded and handed to
     * {@code sink} on the channel's own thread.
     */
    Channel open(String iface, boolean ipv6, InetAddress source, Consumer<Decoded> sink);

    /** Up and running (IFF_UP and IFF_RUNNING); false when the interface does not exist. */
    boolean linkUp(String iface);

    /** The interface's first IPv4 address, or its IPv6 link-local one, skipping {@code except}; null when none. */
    InetAddress primaryAddress(String iface, boolean ipv6, List<InetAddress> except);

    /** Adds the address; one that is already there is fine. */
    void addAddress(String iface, IpPrefix address);

    /** Removes the address; one that is not there is fine. */
    void removeAddress(String iface, IpPrefix address);

    /** Gratuitous ARP / unsolicited NA for each address, {@code repeat} times. */
    void announce(String iface, List<InetAddress> addresses, int repeat);

    /** Runs the IPVS sync daemon in {@code role} (null: stops it). */
    void syncDaemon(VrrpGroup.ConnectionSync sync, Action.SyncDaemon.Role role);

    @Override
    void close();
}
