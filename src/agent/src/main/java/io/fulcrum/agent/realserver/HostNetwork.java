package io.fulcrum.agent.realserver;

import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;

/**
 * The few link and address operations a real server's setup needs, so {@link RealServerRole}'s decisions
 * can be tested against a fake. {@link NetlinkHostNetwork} is the real one (rtnetlink).
 */
public interface HostNetwork {

    /** A device's index and whether it is administratively up. */
    record LinkState(int index, boolean up) {}

    /** An address with its prefix length, e.g. 192.0.2.10/32. */
    record HostAddress(InetAddress address, int prefixLength) {
        @Override
        public String toString() {
            return address.getHostAddress() + "/" + prefixLength;
        }
    }

    /** The device named {@code name}, or empty when there is none. */
    Optional<LinkState> link(String name);

    void setUp(int index, boolean up);

    /**
     * Creates device {@code name} of {@code kind} (e.g. "ipip"), loading the kind's module if needed.
     *
     * @return false when a device of that name already existed (or appeared on module load), true when this call created it
     */
    boolean createLink(String name, String kind);

    void deleteLink(int index);

    /** The addresses on device {@code index}, both families. */
    Set<HostAddress> addresses(int index);

    /** @return false when the address was already there (EEXIST) */
    boolean addAddress(int index, HostAddress address, boolean hostScope);

    /** @return false when the address was not there (EADDRNOTAVAIL, or the device is gone) */
    boolean deleteAddress(int index, HostAddress address);
}
