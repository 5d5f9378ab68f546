package io.fulcrum.netlink.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * Live, read-only: a real NETLINK_ROUTE socket in this host's network namespace. Changes are covered in
 * a throwaway namespace by the agent's RealServerRoleNetnsIT.
 */
class RouteClientIT {

    @Test
    void findsLoopbackAndItsAddress() throws Exception {
        try (RouteClient route = RouteClient.open()) {
            Link lo = route.link("lo");

            assertThat(lo.loopback()).isTrue();
            assertThat(route.links()).contains(lo);
            assertThat(route.addresses(lo.index())).anySatisfy(a -> {
                assertThat(a.address()).isEqualTo(InetAddress.getByName("127.0.0.1"));
                assertThat(a.prefixLength()).isEqualTo(8);
                assertThat(a.scope()).isEqualTo(Rtnetlink.RT_SCOPE_HOST);
            });
        }
    }

    @Test
    void anUnknownDeviceIsAbsent() {
        try (RouteClient route = RouteClient.open()) {
            assertThat(route.findLink("fulcrum-nosuch")).isEmpty();
        }
    }
}
