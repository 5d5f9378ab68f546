package io.fulcrum.agent.realserver;

import io.fulcrum.netlink.ExistsException;
import io.fulcrum.netlink.NotFoundException;
import io.fulcrum.netlink.route.LinkAddress;
import io.fulcrum.netlink.route.RouteClient;
import io.fulcrum.netlink.route.Rtnetlink;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** {@link HostNetwork} over rtnetlink, in the network namespace the route socket was opened in. */
public final class NetlinkHostNetwork implements HostNetwork, AutoCloseable {
    private final RouteClient route;

    public NetlinkHostNetwork(RouteClient route) {
        this.route = route;
    }

    public static NetlinkHostNetwork open() {
        return new NetlinkHostNetwork(RouteClient.open());
    }

    @Override
    public Optional<LinkState> link(String name) {
        return route.findLink(name).map(l -> new LinkState(l.index(), l.up()));
    }

    @Override
    public void setUp(int index, boolean up) {
        if (up) {
            route.setLinkUp(index);
        } else {
            route.setLinkDown(index);
        }
    }

    @Override
    public boolean createLink(String name, String kind) {
        try {
            route.createLink(name, kind);
            return true;
        } catch (ExistsException e) {
            return false;
        }
    }

    @Override
    public void deleteLink(int index) {
        route.deleteLink(index);
    }

    @Override
    public Set<HostAddress> addresses(int index) {
        Set<HostAddress> addresses = new LinkedHashSet<>();
        for (LinkAddress a : route.addresses(index)) {
            addresses.add(new HostAddress(a.address(), a.prefixLength()));
        }
        return addresses;
    }

    @Override
    public boolean addAddress(int index, HostAddress address, boolean hostScope) {
        return route.addAddressIfAbsent(
                index,
                address.address(),
                address.prefixLength(),
                hostScope ? Rtnetlink.RT_SCOPE_HOST : Rtnetlink.RT_SCOPE_UNIVERSE);
    }

    @Override
    public boolean deleteAddress(int index, HostAddress address) {
        try {
            return route.deleteAddressIfPresent(index, address.address(), address.prefixLength());
        } catch (NotFoundException e) {
            return false; // the link is gone, and its addresses with it
        }
    }

    @Override
    public void close() {
        route.close();
    }

    /** For callers that want the raw client (diagnostics). */
    public RouteClient route() {
        return route;
    }
}
