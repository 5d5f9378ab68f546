package io.fulcrum.agent.realserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.agent.realserver.HostNetwork.HostAddress;
import io.fulcrum.agent.realserver.RealServerRole.AddedAddress;
import io.fulcrum.agent.realserver.RealServerRole.BroughtUp;
import io.fulcrum.agent.realserver.RealServerRole.CreatedLink;
import io.fulcrum.agent.realserver.RealServerRole.SetSysctl;
import io.fulcrum.model.Enums.Forwarding;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RealServerRoleTest {
    final FakeHostNetwork network = new FakeHostNetwork();
    final FakeSysctl sysctl = new FakeSysctl()
            .with("net.ipv4.conf.all.arp_ignore", "0")
            .with("net.ipv4.conf.lo.arp_ignore", "0")
            .with("net.ipv4.conf.all.arp_announce", "0")
            .with("net.ipv4.conf.lo.arp_announce", "0")
            .with("net.ipv4.conf.all.rp_filter", "2");

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static HostAddress host(String text, int prefix) {
        return new HostAddress(ip(text), prefix);
    }

    RealServerRole role(Forwarding forwarding, String... vips) {
        return new RealServerRole(
                forwarding, Arrays.stream(vips).map(RealServerRoleTest::ip).toList(), network, sysctl);
    }

    FakeHostNetwork.Device lo() {
        FakeHostNetwork.Device lo = network.add("lo", true);
        lo.addresses.add(host("127.0.0.1", 8));
        lo.addresses.add(host("::1", 128));
        return lo;
    }

    @Test
    void drSetsArpSysctlsBeforePuttingVipsOnLoopback() {
        FakeHostNetwork.Device lo = lo();
        RealServerRole role = role(Forwarding.DR, "192.0.2.10", "2001:db8::10");

        role.start();

        assertThat(sysctl.writes)
                .containsExactly(
                        "net.ipv4.conf.all.arp_ignore=1",
                        "net.ipv4.conf.lo.arp_ignore=1",
                        "net.ipv4.conf.all.arp_announce=2",
                        "net.ipv4.conf.lo.arp_announce=2");
        assertThat(network.calls)
                .containsExactly("add 192.0.2.10/32 scope host dev lo", "add 2001:db8:0:0:0:0:0:10/128 dev lo");
        assertThat(lo.addresses).contains(host("192.0.2.10", 32), host("2001:db8::10", 128));
        assertThat(role.changes())
                .containsExactly(
                        new SetSysctl("net.ipv4.conf.all.arp_ignore", "0", "1"),
                        new SetSysctl("net.ipv4.conf.lo.arp_ignore", "0", "1"),
                        new SetSysctl("net.ipv4.conf.all.arp_announce", "0", "2"),
                        new SetSysctl("net.ipv4.conf.lo.arp_announce", "0", "2"),
                        new AddedAddress("lo", host("192.0.2.10", 32)),
                        new AddedAddress("lo", host("2001:db8::10", 128)));
    }

    @Test
    void stopUndoesExactlyWhatStartDidInReverse() {
        FakeHostNetwork.Device lo = lo();
        RealServerRole role = role(Forwarding.DR, "192.0.2.10", "2001:db8::10");
        role.start();
        network.calls.clear();
        sysctl.writes.clear();

        role.stop();

        assertThat(network.calls).containsExactly("del 2001:db8:0:0:0:0:0:10/128 dev lo", "del 192.0.2.10/32 dev lo");
        assertThat(sysctl.writes)
                .containsExactly(
                        "net.ipv4.conf.lo.arp_announce=0",
                        "net.ipv4.conf.all.arp_announce=0",
                        "net.ipv4.conf.lo.arp_ignore=0",
                        "net.ipv4.conf.all.arp_ignore=0");
        assertThat(lo.addresses).containsExactlyInAnyOrder(host("127.0.0.1", 8), host("::1", 128));
        assertThat(role.changes()).isEmpty();
    }

    @Test
    void startingTwiceChangesNothingTheSecondTime() {
        lo();
        RealServerRole role = role(Forwarding.DR, "192.0.2.10");
        role.start();
        List<RealServerRole.Change> first = role.changes();
        network.calls.clear();
        sysctl.writes.clear();

        role.start();

        assertThat(network.calls).isEmpty();
        assertThat(sysctl.writes).isEmpty();
        assertThat(role.changes()).isEqualTo(first);
    }

    @Test
    void anAddressAndSysctlsAlreadyInPlaceAreNeitherTouchedNorUndone() {
        FakeHostNetwork.Device lo = lo();
        lo.addresses.add(host("192.0.2.10", 32));
        sysctl.with("net.ipv4.conf.all.arp_ignore", "1").with("net.ipv4.conf.lo.arp_announce", "2");
        RealServerRole role = role(Forwarding.DR, "192.0.2.10", "192.0.2.11");

        role.start();
        role.stop();

        assertThat(network.calls).containsExactly("add 192.0.2.11/32 scope host dev lo", "del 192.0.2.11/32 dev lo");
        assertThat(lo.addresses).contains(host("192.0.2.10", 32)).doesNotContain(host("192.0.2.11", 32));
        assertThat(sysctl.values)
                .containsEntry("net.ipv4.conf.all.arp_ignore", "1")
                .containsEntry("net.ipv4.conf.lo.arp_announce", "2")
                .containsEntry("net.ipv4.conf.lo.arp_ignore", "0");
        assertThat(sysctl.writes).doesNotContain("net.ipv4.conf.all.arp_ignore=0", "net.ipv4.conf.lo.arp_announce=0");
    }

    @Test
    void aVipPresentWithAnotherPrefixCountsAsPresent() {
        FakeHostNetwork.Device lo = lo();
        lo.addresses.add(host("192.0.2.10", 24));

        role(Forwarding.DR, "192.0.2.10").start();

        assertThat(network.calls).isEmpty();
    }

    @Test
    void aDownLoopbackIsBroughtUpAndTakenDownAgain() {
        FakeHostNetwork.Device lo = network.add("lo", false);
        RealServerRole role = role(Forwarding.DR, "192.0.2.10");

        role.start();
        assertThat(lo.up).isTrue();
        assertThat(role.changes()).contains(new BroughtUp("lo"));

        role.stop();
        assertThat(lo.up).isFalse();
        assertThat(network.calls)
                .containsExactly("up lo", "add 192.0.2.10/32 scope host dev lo", "del 192.0.2.10/32 dev lo", "down lo");
    }

    @Test
    void aSysctlChangedByAnAdminAfterStartIsLeftAlone() {
        lo();
        RealServerRole role = role(Forwarding.DR, "192.0.2.10");
        role.start();
        sysctl.values.put("net.ipv4.conf.all.arp_announce", "1");

        role.stop();

        assertThat(sysctl.values.get("net.ipv4.conf.all.arp_announce")).isEqualTo("1");
        assertThat(sysctl.values.get("net.ipv4.conf.all.arp_ignore")).isEqualTo("0");
    }

    @Test
    void stopRestoresTheValueFromBeforeTheFirstStart() {
        lo();
        RealServerRole role = role(Forwarding.DR, "192.0.2.10");
        role.start();
        sysctl.values.put("net.ipv4.conf.all.arp_ignore", "8"); // someone reverted it in between
        role.start(); // and we set it again

        role.stop();

        assertThat(sysctl.values.get("net.ipv4.conf.all.arp_ignore")).isEqualTo("0");
    }

    @Test
    void tunLoadsIpipWhoseFallbackTunl0ItKeepsOnStop() {
        lo();
        network.onModuleLoad.put("ipip", "tunl0");
        RealServerRole role = role(Forwarding.TUN, "192.0.2.10");
        sysctl.values.put("net.ipv4.conf.tunl0.rp_filter", "1"); // appears with the device in reality

        role.start();

        FakeHostNetwork.Device tunl0 = network.device("tunl0");
        assertThat(network.calls).containsExactly("create tunl0 ipip", "up tunl0", "add 192.0.2.10/32 dev tunl0");
        assertThat(sysctl.writes).containsExactly("net.ipv4.conf.tunl0.rp_filter=0", "net.ipv4.conf.all.rp_filter=0");
        assertThat(tunl0.up).isTrue();
        assertThat(role.changes()).doesNotHaveAnyElementsOfTypes(CreatedLink.class);

        role.stop();

        assertThat(network.device("tunl0")).isSameAs(tunl0);
        assertThat(tunl0.up).isFalse();
        assertThat(tunl0.addresses).isEmpty();
        assertThat(sysctl.values)
                .containsEntry("net.ipv4.conf.tunl0.rp_filter", "1")
                .containsEntry("net.ipv4.conf.all.rp_filter", "2");
    }

    @Test
    void tunDeletesATunnelDeviceItCreated() {
        lo();
        sysctl.values.put("net.ipv4.conf.tunl0.rp_filter", "0");
        RealServerRole role = role(Forwarding.TUN, "192.0.2.10");

        role.start();
        assertThat(role.changes().get(0)).isEqualTo(new CreatedLink("tunl0"));
        role.stop();

        assertThat(network.devices).doesNotContainKey("tunl0");
        assertThat(network.calls).endsWith("down tunl0", "delete tunl0");
    }

    @Test
    void tunUsesAnExistingUpTunl0AsItIs() {
        lo();
        FakeHostNetwork.Device tunl0 = network.add("tunl0", true);
        sysctl.values.put("net.ipv4.conf.tunl0.rp_filter", "0");
        sysctl.values.put("net.ipv4.conf.all.rp_filter", "0");
        RealServerRole role = role(Forwarding.TUN, "192.0.2.10");

        role.start();
        role.stop();

        assertThat(network.calls).containsExactly("add 192.0.2.10/32 dev tunl0", "del 192.0.2.10/32 dev tunl0");
        assertThat(tunl0.up).isTrue();
        assertThat(sysctl.writes).isEmpty();
    }

    @Test
    void tunRefusesIpv6Vips() {
        assertThatThrownBy(() -> role(Forwarding.TUN, "2001:db8::10"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ip6tnl");
    }

    @Test
    void natNeedsNothingOnTheRealServer() {
        lo();
        RealServerRole role = role(Forwarding.NAT, "192.0.2.10");

        role.start();
        role.stop();

        assertThat(network.calls).isEmpty();
        assertThat(sysctl.writes).isEmpty();
    }

    @Test
    void aMissingLoopbackFailsStart() {
        assertThatThrownBy(() -> role(Forwarding.DR, "192.0.2.10").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no device lo");
    }

    @Test
    void aFailedStartLeavesWhatItDidRecordedForStop() {
        FakeHostNetwork.Device lo = lo();
        network.failOn = call -> {
            if (call.startsWith("add 192.0.2.11")) {
                throw new IllegalStateException("EPERM");
            }
        };
        RealServerRole role = role(Forwarding.DR, "192.0.2.10", "192.0.2.11");

        assertThatThrownBy(role::start).hasMessage("EPERM");
        assertThat(role.changes()).endsWith(new AddedAddress("lo", host("192.0.2.10", 32)));

        network.failOn = call -> {};
        role.stop();
        assertThat(lo.addresses).doesNotContain(host("192.0.2.10", 32));
        assertThat(sysctl.values.values())
                .containsOnly("0", "2")
                .filteredOn("2"::equals)
                .hasSize(1);
    }

    @Test
    void stopTriesEveryStepAndKeepsTheFailedOnesForARetry() {
        FakeHostNetwork.Device lo = lo();
        RealServerRole role = role(Forwarding.DR, "192.0.2.10", "192.0.2.11");
        role.start();
        network.failOn = call -> {
            if (call.startsWith("del 192.0.2.11")) {
                throw new IllegalStateException("EBUSY");
            }
        };

        assertThatThrownBy(role::stop)
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(lo.addresses).contains(host("192.0.2.11", 32)).doesNotContain(host("192.0.2.10", 32));
        assertThat(sysctl.values).containsEntry("net.ipv4.conf.all.arp_ignore", "0");
        assertThat(role.changes()).containsExactly(new AddedAddress("lo", host("192.0.2.11", 32)));

        network.failOn = call -> {};
        role.stop();
        assertThat(lo.addresses).doesNotContain(host("192.0.2.11", 32));
        assertThat(role.changes()).isEmpty();
    }

    @Test
    void duplicateVipsAreAddedOnce() {
        lo();
        role(Forwarding.DR, "192.0.2.10", "192.0.2.10").start();

        assertThat(network.calls).containsExactly("add 192.0.2.10/32 scope host dev lo");
    }

    @Test
    void setupTablesNameTheRealserverShSysctls() {
        assertThat(RealServerRole.setup(Forwarding.DR).sysctls())
                .isEqualTo(Map.of(
                        "net.ipv4.conf.all.arp_ignore",
                        "1",
                        "net.ipv4.conf.lo.arp_ignore",
                        "1",
                        "net.ipv4.conf.all.arp_announce",
                        "2",
                        "net.ipv4.conf.lo.arp_announce",
                        "2"));
        assertThat(RealServerRole.setup(Forwarding.TUN).sysctls())
                .isEqualTo(Map.of("net.ipv4.conf.tunl0.rp_filter", "0", "net.ipv4.conf.all.rp_filter", "0"));
    }
}
