package io.fulcrum.netlink.route;

import static io.fulcrum.netlink.FakeKernel.ack;
import static io.fulcrum.netlink.route.RouteClientRequestTest.PID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.netlink.FakeKernel;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes of what a VRRP virtual MAC needs: the macvlan (keepalived's netlink_link_add_vmac), its IPv6
 * address generation mode, and addresses with a label or without duplicate address detection
 * (keepalived's netlink_ipaddress). Written by hand from linux/if_link.h and linux/if_addr.h; first
 * sequence number 1, nlmsg_pid 0, NLA_F_NESTED (0x8000) on nested attributes as iproute2 sets it.
 */
class RouteClientVmacRequestTest {
    final FakeKernel kernel = new FakeKernel(PID);
    final RouteClient route = RouteClient.on(kernel);

    @AfterEach
    void scriptIsUsedUp() {
        assertThat(kernel.finished()).isTrue();
    }

    @Test
    void createMacvlanSendsKindModeParentNameAndAddress() {
        // ip link add vrrp.51 link <2> address 00:00:5e:00:01:33 type macvlan mode private
        kernel.expect(
                        "5c000000 1000 0506 01000000 00000000" // RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE
                                + "| 00 00 0000 00000000 00000000 00000000" // ifinfomsg: AF_UNSPEC, no index, flags 0
                                // (created down)
                                + "| 1c00 1280" // IFLA_LINKINFO (18), nested
                                + "|   0c00 0100 6d616376 6c616e00" //   IFLA_INFO_KIND "macvlan\0"
                                + "|   0c00 0280" //   IFLA_INFO_DATA (2), nested
                                + "|     0800 0100 01000000" //     IFLA_MACVLAN_MODE = MACVLAN_MODE_PRIVATE (1)
                                + "| 0800 0500 02000000" // IFLA_LINK: on link 2
                                + "| 0c00 0300 76727270 2e353100" // IFLA_IFNAME "vrrp.51\0"
                                + "| 0a00 0100 00005e00 0133 0000") // IFLA_ADDRESS 00:00:5e:00:01:33, 2 bytes padding
                .reply(ack(1, PID));

        route.createMacvlan("vrrp.51", 2, HexFormat.of().parseHex("00005e000133"), Rtnetlink.MACVLAN_MODE_PRIVATE);
    }

    @Test
    void addressGenerationModeIsNestedInAfSpecAndInet6() {
        // ip link set dev <7> addrgenmode none
        kernel.expect("30000000 1000 0500 01000000 00000000"
                        + "| 00 00 0000 07000000 00000000 00000000"
                        + "| 1000 1a80" // IFLA_AF_SPEC (26), nested
                        + "|   0c00 0a80" //   AF_INET6 (10), nested
                        + "|     0500 0800 01 000000") //     IFLA_INET6_ADDR_GEN_MODE (8) = IN6_ADDR_GEN_MODE_NONE, u8
                .reply(ack(1, PID));

        route.setIpv6AddressGenerationMode(7, Rtnetlink.IN6_ADDR_GEN_MODE_NONE);
    }

    @Test
    void anIpv4AddressWithALabelCarriesIfaLabel() throws Exception {
        // ip addr add 10.1.1.166/32 dev <2> label eth0:vip
        kernel.expect("38000000 1400 0506 01000000 00000000 | 02 20 00 00 02000000"
                        + "| 0800 0200 0a0101a6 | 0800 0100 0a0101a6"
                        + "| 0d00 0300 65746830 3a766970 00000000") // IFA_LABEL "eth0:vip\0", 3 bytes padding
                .reply(ack(1, PID));

        route.addAddress(2, InetAddress.getByName("10.1.1.166"), 32, Rtnetlink.RT_SCOPE_UNIVERSE, 0, "eth0:vip");
    }

    @Test
    void anIpv6AddressWithoutDadCarriesIfaFlags() throws Exception {
        // ip -6 addr add fd00:1::166/128 dev <2> nodad
        kernel.expect("48000000 1400 0506 01000000 00000000 | 0a 80 00 00 02000000"
                        + "| 1400 0200 fd000001 00000000 00000000 00000166"
                        + "| 1400 0100 fd000001 00000000 00000000 00000166"
                        + "| 0800 0800 02000000") // IFA_FLAGS = IFA_F_NODAD
                .reply(ack(1, PID));

        route.addAddressIfAbsent(
                2, InetAddress.getByName("fd00:1::166"), 128, Rtnetlink.RT_SCOPE_UNIVERSE, Rtnetlink.IFA_F_NODAD, null);
    }

    @Test
    void refusesWhatTheKernelWouldBeforeSendingAnything() throws Exception {
        assertThatThrownBy(() -> route.createMacvlan("vrrp.51", 2, new byte[5], Rtnetlink.MACVLAN_MODE_PRIVATE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> route.createMacvlan("vrrp.51-too-long", 2, new byte[6], Rtnetlink.MACVLAN_MODE_PRIVATE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> route.addAddress(2, InetAddress.getByName("fd00::1"), 128, 0, 0, "eth0:6"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only for IPv4");
        assertThatThrownBy(() -> route.addAddress(2, InetAddress.getByName("10.0.0.1"), 32, 0, 0, "label-of-16-byte"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
