package io.fulcrum.netlink.route;

import static io.fulcrum.netlink.FakeKernel.ack;
import static io.fulcrum.netlink.FakeKernel.done;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.netlink.FakeKernel;
import java.net.InetAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes of every request, written by hand from nlmsghdr, struct ifinfomsg (linux/rtnetlink.h),
 * struct ifaddrmsg (linux/if_addr.h) and the IFLA_/IFA_ numbers; first sequence number 1, nlmsg_pid 0.
 * They match what iproute2's {@code ip link} / {@code ip addr} send, minus its IFLA_EXT_MASK.
 */
class RouteClientRequestTest {
    static final int PID = 100;

    /** RTM_GETLINK, REQUEST|ACK, ifinfomsg all zero, IFLA_IFNAME "lo". */
    static final String GET_LINK_LO =
            "28000000 1200 0500 01000000 00000000" + "| 00 00 0000 00000000 00000000 00000000 | 0700 0300 6c6f0000";
    /** RTM_GETADDR, REQUEST|DUMP, ifaddrmsg AF_UNSPEC. */
    static final String DUMP_ADDRESSES = "18000000 1600 0103 01000000 00000000 | 00 00 00 00 00000000";

    final FakeKernel kernel = new FakeKernel(PID);
    final RouteClient route = RouteClient.on(kernel);

    @AfterEach
    void scriptIsUsedUp() {
        assertThat(kernel.finished()).isTrue();
    }

    @Test
    void linkByNameSendsGetLinkWithIfname() {
        // ip link show lo
        kernel.expect(GET_LINK_LO).reply(RouteClientReplyTest.LINK_LO, ack(1, PID));

        assertThat(route.linkIndex("lo")).isEqualTo(1);
    }

    @Test
    void linkDumpSendsAnEmptyIfinfomsg() {
        // ip link show
        kernel.expect("20000000 1200 0103 01000000 00000000 | 00 00 0000 00000000 00000000 00000000")
                .reply(done(1, PID));

        assertThat(route.links()).isEmpty();
    }

    @Test
    void setLinkUpSetsIffUpInFlagsAndChange() {
        // ip link set dev tunl0 up (index 5)
        kernel.expect("20000000 1000 0500 01000000 00000000 | 00 00 0000 05000000 01000000 01000000")
                .reply(ack(1, PID));

        route.setLinkUp(5);
    }

    @Test
    void setLinkDownClearsIffUpWithIffUpInChange() {
        kernel.expect("20000000 1000 0500 01000000 00000000 | 00 00 0000 05000000 00000000 01000000")
                .reply(ack(1, PID));

        route.setLinkDown(5);
    }

    @Test
    void createLinkSendsCreateExclWithNameAndNestedKind() {
        // ip link add tunl0 type ipip
        kernel.expect("3c000000 1000 0506 01000000 00000000 | 00 00 0000 00000000 00000000 00000000"
                        + "| 0a00 0300 74756e6c 30000000 | 1000 1280 | 0900 0100 69706970 00000000")
                .reply(ack(1, PID));

        route.createLink("tunl0", "ipip");
    }

    @Test
    void deleteLinkSendsDelLinkWithTheIndex() {
        kernel.expect("20000000 1100 0500 01000000 00000000 | 00 00 0000 07000000 00000000 00000000")
                .reply(ack(1, PID));

        route.deleteLink(7);
    }

    @Test
    void addressDumpSendsAnUnspecIfaddrmsg() {
        // ip addr show
        kernel.expect(DUMP_ADDRESSES).reply(done(1, PID));

        assertThat(route.addresses()).isEmpty();
    }

    @Test
    void addIpv4AddressSendsCreateExclHostScopeLocalAndAddress() throws Exception {
        // ip addr add 10.99.9.10/32 scope host dev lo
        kernel.expect("28000000 1400 0506 01000000 00000000 | 02 20 00 fe 01000000"
                        + "| 0800 0200 0a63090a | 0800 0100 0a63090a")
                .reply(ack(1, PID));

        route.addAddress(1, InetAddress.getByName("10.99.9.10"), 32, Rtnetlink.RT_SCOPE_HOST);
    }

    @Test
    void addIpv6AddressSends16ByteLocalAndAddress() throws Exception {
        // ip -6 addr add 2001:db8::10/128 dev lo
        kernel.expect("40000000 1400 0506 01000000 00000000 | 0a 80 00 00 01000000"
                        + "| 1400 0200 20010db8 00000000 00000000 00000010"
                        + "| 1400 0100 20010db8 00000000 00000000 00000010")
                .reply(ack(1, PID));

        route.addAddress(1, InetAddress.getByName("2001:db8::10"), 128, Rtnetlink.RT_SCOPE_UNIVERSE);
    }

    @Test
    void deleteAddressSendsDelAddrWithPrefixLocalAndAddress() throws Exception {
        // ip addr del 10.99.9.10/32 dev lo
        kernel.expect("28000000 1500 0500 01000000 00000000 | 02 20 00 00 01000000"
                        + "| 0800 0200 0a63090a | 0800 0100 0a63090a")
                .reply(ack(1, PID));

        route.deleteAddress(1, InetAddress.getByName("10.99.9.10"), 32);
    }

    @Test
    void refusesBadNamesAndPrefixesBeforeSendingAnything() throws Exception {
        assertThatThrownBy(() -> route.link("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> route.link("sixteen-chars-xx")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> route.link("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> route.addAddress(1, InetAddress.getByName("10.0.0.1"), 33, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> route.deleteAddress(1, InetAddress.getByName("::1"), 129))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
