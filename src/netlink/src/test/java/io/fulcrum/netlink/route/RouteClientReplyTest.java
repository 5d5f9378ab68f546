package io.fulcrum.netlink.route;

import static io.fulcrum.netlink.FakeKernel.ack;
import static io.fulcrum.netlink.FakeKernel.done;
import static io.fulcrum.netlink.FakeKernel.error;
import static io.fulcrum.netlink.route.RouteClientRequestTest.DUMP_ADDRESSES;
import static io.fulcrum.netlink.route.RouteClientRequestTest.GET_LINK_LO;
import static io.fulcrum.netlink.route.RouteClientRequestTest.PID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.netlink.ExistsException;
import io.fulcrum.netlink.FakeKernel;
import io.fulcrum.netlink.MalformedMessageException;
import io.fulcrum.netlink.NotFoundException;
import io.fulcrum.netlink.PermissionException;
import io.fulcrum.netlink.UnexpectedReplyException;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** Canned kernel replies, laid out as rtnl_fill_ifinfo / inet_fill_ifaddr / inet6_fill_ifaddr write them. */
class RouteClientReplyTest {
    /**
     * RTM_NEWLINK for lo: index 1, ARPHRD_LOOPBACK (772), UP|LOOPBACK|RUNNING|LOWER_UP, IFLA_IFNAME "lo",
     * IFLA_MTU 65536, IFLA_OPERSTATE unknown, and an attribute type this client does not know (0x99).
     */
    static final String LINK_LO = "40000000 1000 0000 01000000 64000000 | 00 00 0403 01000000 49000100 00000000"
            + "| 0700 0300 6c6f0000 | 0800 0400 00000100 | 0500 1000 00000000 | 0800 9900 01020304";
    /** RTM_NEWLINK for tunl0: index 5, ARPHRD_TUNNEL (768), NOARP, down. */
    static final String LINK_TUNL0 = "2c000000 1000 0200 01000000 64000000 | 00 00 0003 05000000 80000000 00000000"
            + "| 0a00 0300 74756e6c 30000000";
    /** 127.0.0.1/8 on lo, scope host, IFA_F_PERMANENT in both ifa_flags and IFA_FLAGS, label "lo", cacheinfo. */
    static final String ADDR_LO_V4 = "4c000000 1400 0200 01000000 64000000 | 02 08 80 fe 01000000"
            + "| 0800 0100 7f000001 | 0800 0200 7f000001 | 0700 0300 6c6f0000 | 0800 0800 80000000"
            + "| 1400 0600 ffffffff ffffffff 0a000000 0a000000";
    /** 10.99.0.1/24 on index 2 (eth0), scope universe, label "eth0". */
    static final String ADDR_ETH0_V4 = "34000000 1400 0200 01000000 64000000 | 02 18 00 00 02000000"
            + "| 0800 0100 0a630001 | 0800 0200 0a630001 | 0900 0300 65746830 00000000";
    /** ::1/128 on lo: only IFA_ADDRESS (no IFA_LOCAL for IPv6), IFA_FLAGS permanent|nodad (0x82) wins over ifa_flags 0x80. */
    static final String ADDR_LO_V6 = "34000000 1400 0200 01000000 64000000 | 0a 80 80 fe 01000000"
            + "| 1400 0100 00000000 00000000 00000000 00000001 | 0800 0800 82000000";

    final FakeKernel kernel = new FakeKernel(PID);
    final RouteClient route = RouteClient.on(kernel);

    @Test
    void parsesALink() {
        kernel.expect(GET_LINK_LO).reply(LINK_LO, ack(1, PID));

        Link lo = route.link("lo");

        assertThat(lo).isEqualTo(new Link(1, "lo", 772, 0x10049));
        assertThat(lo.up()).isTrue();
        assertThat(lo.loopback()).isTrue();
        assertThat(kernel.finished()).isTrue();
    }

    @Test
    void parsesALinkDumpOverTwoDatagrams() {
        kernel.expect("20000000 1200 0103 01000000 00000000 | 00 00 0000 00000000 00000000 00000000")
                .reply(LINK_LO.replace("1000 0000 01000000", "1000 0200 01000000"), LINK_TUNL0 + done(1, PID));

        assertThat(route.links())
                .extracting(Link::name, Link::up)
                .containsExactly(Tuple.tuple("lo", true), Tuple.tuple("tunl0", false));
    }

    @Test
    void parsesAddressesOfBothFamiliesAndFiltersByLink() throws Exception {
        kernel.expect(DUMP_ADDRESSES).reply(ADDR_LO_V4 + ADDR_ETH0_V4, ADDR_LO_V6, done(1, PID));

        assertThat(route.addresses(1))
                .containsExactly(
                        new LinkAddress(1, InetAddress.getByName("127.0.0.1"), 8, Rtnetlink.RT_SCOPE_HOST, 0x80, "lo"),
                        new LinkAddress(1, InetAddress.getByName("::1"), 128, Rtnetlink.RT_SCOPE_HOST, 0x82, null));
        assertThat(kernel.finished()).isTrue();
    }

    @Test
    void prefersIfaLocalOverIfaAddressForAPointToPointPeer() throws Exception {
        // ip addr add 10.0.0.1 peer 10.0.0.2/32 dev tunl0: IFA_ADDRESS is the peer
        kernel.expect(DUMP_ADDRESSES)
                .reply(
                        "28000000 1400 0200 01000000 64000000 | 02 20 00 00 05000000"
                                + "| 0800 0100 0a000002 | 0800 0200 0a000001",
                        done(1, PID));

        assertThat(route.addresses().get(0).address()).isEqualTo(InetAddress.getByName("10.0.0.1"));
    }

    @Test
    void anUnknownDeviceIsNotFound() {
        kernel.expect(GET_LINK_LO).reply(error(1, PID, 19));

        assertThatThrownBy(() -> route.link("lo"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("ENODEV");
    }

    @Test
    void findLinkTurnsEnodevIntoEmpty() {
        kernel.expect(GET_LINK_LO).reply(error(1, PID, 19));

        assertThat(route.findLink("lo")).isEmpty();
    }

    @Test
    void addingAnExistingAddressThrowsExists() throws Exception {
        kernel.expect(
                        "28000000 1400 0506 01000000 00000000 | 02 20 00 fe 01000000 | 0800 0200 0a63090a | 0800 0100 0a63090a")
                .reply(error(1, PID, 17));

        assertThatThrownBy(() -> route.addAddress(1, InetAddress.getByName("10.99.9.10"), 32, Rtnetlink.RT_SCOPE_HOST))
                .isInstanceOf(ExistsException.class)
                .hasMessageContaining("RTM_NEWADDR 10.99.9.10/32 dev 1")
                .hasMessageContaining("EEXIST");
    }

    @Test
    void creatingAnExistingLinkThrowsExists() {
        kernel.expect("3c000000 1000 0506 01000000 00000000 | 00 00 0000 00000000 00000000 00000000"
                        + "| 0a00 0300 74756e6c 30000000 | 1000 1280 | 0900 0100 69706970 00000000")
                .reply(error(1, PID, 17));

        assertThatThrownBy(() -> route.createLink("tunl0", "ipip")).isInstanceOf(ExistsException.class);
    }

    @Test
    void deletingAMissingAddressIsNotFound() throws Exception {
        kernel.expect(
                        "28000000 1500 0500 01000000 00000000 | 02 20 00 00 01000000 | 0800 0200 0a63090a | 0800 0100 0a63090a")
                .reply(error(1, PID, 99));

        assertThatThrownBy(() -> route.deleteAddress(1, InetAddress.getByName("10.99.9.10"), 32))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("EADDRNOTAVAIL");
    }

    @Test
    void deletingFromAMissingLinkIsNotFound() throws Exception {
        kernel.expect(
                        "28000000 1500 0500 01000000 00000000 | 02 20 00 00 09000000 | 0800 0200 0a63090a | 0800 0100 0a63090a")
                .reply(error(1, PID, 19));

        assertThatThrownBy(() -> route.deleteAddress(9, InetAddress.getByName("10.99.9.10"), 32))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void deletingAMissingLinkIsNotFound() {
        kernel.expect("20000000 1100 0500 01000000 00000000 | 00 00 0000 07000000 00000000 00000000")
                .reply(error(1, PID, 2));

        assertThatThrownBy(() -> route.deleteLink(7))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("ENOENT");
    }

    @Test
    void changesWithoutCapNetAdminArePermissionErrors() {
        kernel.expect("20000000 1000 0500 01000000 00000000 | 00 00 0000 05000000 01000000 01000000")
                .reply(error(1, PID, 1));

        assertThatThrownBy(() -> route.setLinkUp(5))
                .isInstanceOf(PermissionException.class)
                .hasMessageContaining("EPERM");
    }

    @Test
    void aLinkReplyWithoutIfnameIsMalformed() {
        kernel.expect(GET_LINK_LO)
                .reply("20000000 1000 0000 01000000 64000000 | 00 00 0403 01000000 49000100 00000000", ack(1, PID));

        assertThatThrownBy(() -> route.link("lo"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("IFLA_IFNAME");
    }

    @Test
    void aTruncatedIfaddrmsgIsMalformed() {
        kernel.expect(DUMP_ADDRESSES).reply("14000000 1400 0200 01000000 64000000 | 02200000", done(1, PID));

        assertThatThrownBy(route::addresses)
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("ifaddrmsg");
    }

    @Test
    void anAddressOfTheWrongLengthIsMalformed() {
        kernel.expect(DUMP_ADDRESSES)
                .reply(
                        "20000000 1400 0200 01000000 64000000 | 0a 80 00 00 01000000 | 0800 0100 7f000001",
                        done(1, PID));

        assertThatThrownBy(route::addresses)
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("4 bytes");
    }

    @Test
    void aReplyOfTheWrongTypeIsRejected() {
        kernel.expect(GET_LINK_LO).reply(ADDR_LO_V4.replace("1400 0200", "1400 0000"), ack(1, PID));

        assertThatThrownBy(() -> route.link("lo")).isInstanceOf(UnexpectedReplyException.class);
    }

    @Test
    void aDataReplyToAChangeIsRejected() {
        kernel.expect("20000000 1000 0500 01000000 00000000 | 00 00 0000 05000000 01000000 01000000")
                .reply(LINK_TUNL0.replace("1000 0200", "1000 0000"), ack(1, PID));

        assertThatThrownBy(() -> route.setLinkUp(5)).isInstanceOf(UnexpectedReplyException.class);
    }

    /** An IPv4-mapped IPv6 address on a link is an IPv6 address (InetAddress.getByAddress made it IPv4). */
    @Test
    void anIpv4MappedIpv6AddressStaysIpv6() {
        kernel.expect(DUMP_ADDRESSES)
                .reply(
                        "2c000000 1400 0200 01000000 64000000 | 0a 80 00 00 02000000"
                                + "| 1400 0100 00000000 00000000 0000ffff 0a630001",
                        done(1, PID));

        LinkAddress a = route.addresses().get(0);

        assertThat(a.address()).isInstanceOf(Inet6Address.class);
        assertThat(a.address().getAddress())
                .isEqualTo(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 99, 0, 1});
    }
}
