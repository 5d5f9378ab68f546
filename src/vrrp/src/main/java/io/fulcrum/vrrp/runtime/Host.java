package io.fulcrum.vrrp.runtime;

import io.fulcrum.model.IpPrefix;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.vrrp.machine.Action;
import io.fulcrum.vrrp.packet.Decoded;
import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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

    /**
     * What the host learnt about links at one time.
     *
     * @param links    by name, whether each link the kernel reported is up and running (false: down, or removed)
     * @param complete true when the host had lost track (its notifications overran) and read every link afresh:
     *                 then a link not in {@code links} no longer exists
     */
    record LinkReport(Map<String, Boolean> links, boolean complete) {
        public LinkReport {
            links = Collections.unmodifiableMap(new LinkedHashMap<>(links));
        }
    }

    /**
     * Starts telling {@code sink}, on a thread of the host's, of every change the kernel reports on any
     * link (keepalived and the kernel call it a link event: RTM_NEWLINK / RTM_DELLINK). Nothing that
     * happens after this returns is missed, so a caller that reads the links it cares about after
     * calling this is never out of date. Closing the returned handle stops the reports.
     */
    AutoCloseable watchLinks(Consumer<LinkReport> sink);

    /**
     * Creates the VRRP virtual MAC link {@code name} (keepalived's use_vmac): a macvlan on {@code iface}
     * in private mode with address {@code mac}, up, and, for IPv6 ({@code linkLocal} not null), without a
     * link-local address of its own but with {@code linkLocal}, the one adverts are sent from. A leftover
     * macvlan of that name (a killed run's) is replaced; another kind of link of that name is an error.
     */
    void createVmac(String name, String iface, byte[] mac, InetAddress linkLocal);

    /** Deletes the virtual MAC link {@code name} (with the addresses on it); one that is gone is fine. */
    void removeVmac(String name);

    /** A macvlan: its name and MAC as the kernel shows it ("00:00:5e:00:01:33"). */
    record Macvlan(String name, String mac) {}

    /** The macvlans on {@code iface}; none when it does not exist. */
    default List<Macvlan> macvlans(String iface) {
        return List.of();
    }

    /**
     * Deletes the macvlan {@code name}, a virtual MAC link another run left behind (with the addresses on it);
     * one that is gone, or is not a macvlan, is left alone.
     */
    default void removeMacvlan(String name) {}

    /** Whether a link of that name exists, up or not. */
    default boolean linkExists(String iface) {
        return true;
    }

    /** The interface's first IPv4 address, or its IPv6 link-local one, skipping {@code except}; null when none. */
    InetAddress primaryAddress(String iface, boolean ipv6, List<InetAddress> except);

    /**
     * Adds the address, with the IPv4 {@code label} (null: none); one that is already there is fine. An
     * IPv6 address is usable at once: no duplicate address detection (the VRRP election is that).
     */
    void addAddress(String iface, IpPrefix address, String label);

    /** Removes the address; one that is not there is fine. */
    void removeAddress(String iface, IpPrefix address);

    /** Gratuitous ARP / unsolicited NA for each address, {@code repeat} times. */
    void announce(String iface, List<InetAddress> addresses, int repeat);

    /** Runs the IPVS sync daemon in {@code role} (null: stops it). */
    void syncDaemon(VrrpGroup.ConnectionSync sync, Action.SyncDaemon.Role role);

    @Override
    void close();
}
