package io.fulcrum.vrrp.runtime;

import static io.fulcrum.vrrp.runtime.Docs.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.vrrp.machine.State;
import io.fulcrum.vrrp.packet.Vrrp;
import io.fulcrum.vrrp.runtime.VrrpRouterTest.FakeChannel;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The router's network side on a fake host and a manual clock: links learnt from the host's link reports
 * (no polling), the virtual MAC link of a vmac group, address labels. Nothing sleeps.
 */
class VrrpRouterNetworkTest extends RouterTestBase {

    VrrpRouter router(String json) {
        ConfigDocument doc = DocumentCodec.decodeDocument(DocumentCodec.parse(json), false);
        return VrrpRouter.create(
                doc,
                "d1",
                host,
                (group, from, to, reason) -> transitions.add(from + " -> " + to + ": " + reason),
                () -> now);
    }

    VrrpRouter master(String extra) throws Exception {
        VrrpRouter r = router(Docs.group(2, 1, extra, member(1, 100)));
        r.start();
        at(r, MDI_100);
        assertThat(r.states()).containsEntry("VI_1", State.MASTER);
        return r;
    }

    // ---- links: reported by the host, never polled ----

    @Test
    void theInterfaceGoingDownPutsTheMasterInFaultOnTheReportWithoutTheClockMoving() throws Exception {
        VrrpRouter r = master("");
        host.calls.clear();

        host.report(Map.of("eth0", false), false);
        at(r, now);

        assertThat(r.states()).containsEntry("VI_1", State.FAULT);
        assertThat(host.calls).containsExactly("remove eth0 10.1.1.166/32");
        assertThat(logs).contains("interface eth0 is down");

        host.report(Map.of("eth0", true), false);
        at(r, now);
        assertThat(r.states()).containsEntry("VI_1", State.BACKUP);
        assertThat(logs).contains("interface eth0 is up");
    }

    @Test
    void whatTheHostWouldSayIfAskedIsNotAskedAgainAfterStart() throws Exception {
        VrrpRouter r = master("");

        host.links.put("eth0", false); // no report: the router does not look
        for (int i = 1; i <= 50; i++) at(r, MDI_100 + i * S / 10);

        assertThat(r.states()).containsEntry("VI_1", State.MASTER);
    }

    @Test
    void reportsOfOtherLinksAndRepeatsChangeNothing() throws Exception {
        VrrpRouter r = master("\"trackInterfaces\":[{\"interface\":\"eth1\",\"weight\":-20}]");
        host.calls.clear();

        host.report(Map.of("eth9", false, "eth0", true, "eth1", true), false);
        at(r, now);

        assertThat(r.states()).containsEntry("VI_1", State.MASTER);
        assertThat(host.calls).isEmpty();
        assertThat(logs).noneMatch(l -> l.startsWith("interface "));
    }

    @Test
    void aTrackedInterfaceWithAWeightLowersThePriorityOnItsReport() throws Exception {
        VrrpRouter r = master("\"trackInterfaces\":[{\"interface\":\"eth1\",\"weight\":-20}]");

        host.report(Map.of("eth1", false), false);
        at(r, now);

        assertThat(logs).contains("interface eth1 is down");
        assertThat(r.states()).containsEntry("VI_1", State.MASTER); // alone: still master, at priority 80
        at(r, now + S);
        assertThat(host.channel().priorities()).last().isEqualTo(80);
    }

    @Test
    void aCompleteReportWithoutTheInterfaceMeansItIsGone() throws Exception {
        VrrpRouter r = master("");

        // after an overrun the host read every link afresh: eth0 is not among them
        host.report(Map.of("lo", true), true);
        at(r, now);

        assertThat(r.states()).containsEntry("VI_1", State.FAULT);
    }

    @Test
    void aReportWakesALoopWaitingForTheNextTimer() throws Exception {
        VrrpRouter r = master("");

        // the next timer is the advert a (manual-clock) second away: step(true) would wait for it
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Thread loop = new Thread(() -> {
                try {
                    r.step(true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            loop.start();
            host.report(Map.of("eth0", false), false);
            loop.join();
        });

        assertThat(r.states()).containsEntry("VI_1", State.FAULT);
    }

    @Test
    void theLinkWatchEndsWithTheRouter() {
        VrrpRouter r = router(Docs.group(2, 1, "", member(1, 100)));
        r.requestStop();

        assertTimeoutPreemptively(Duration.ofSeconds(10), r::run);

        assertThat(host.linkWatchClosed).isTrue();
    }

    // ---- virtual MAC ----

    @Test
    void theVirtualMacIsRfc5798s() {
        assertThat(HexFormat.of().formatHex(Vrrp.virtualMac(51, false)))
                .isEqualTo("00005e000133"); // §7.3: 00-00-5E-00-01-{VRID}
        assertThat(HexFormat.of().formatHex(Vrrp.virtualMac(255, true)))
                .isEqualTo("00005e0002ff"); // 00-00-5E-00-02-{VRID}
    }

    @Test
    void vmacNamesAreKeepalivedsDefaults() {
        assertThat(ReloadPlanner.vmacName(51, false, List.of())).isEqualTo("vrrp.51");
        assertThat(ReloadPlanner.vmacName(51, true, List.of())).isEqualTo("vrrp.51");
        assertThat(ReloadPlanner.vmacName(51, true, List.of("vrrp.51"))).isEqualTo("vrrp6.51");
        assertThat(ReloadPlanner.vmacName(51, true, List.of("vrrp.51", "vrrp6.51")))
                .isEqualTo("vrrp1.51");
        assertThat(ReloadPlanner.vmacName(51, false, List.of("vrrp.51", "vrrp1.51")))
                .isEqualTo("vrrp2.51");
    }

    @Test
    void withVmacTheLinkComesFirstAndTheAdvertsAddressesAndAnnouncementsUseIt() throws Exception {
        VrrpRouter r = router(Docs.group(2, 1, "\"vmac\":true", member(1, 100)));
        r.start();

        assertThat(host.calls).containsExactly("create vmac vrrp.51 on eth0 00:00:5e:00:01:33");
        assertThat(host.channels).containsOnlyKeys("vrrp.51/v4");
        assertThat(logs).anyMatch(l -> l.contains("virtual MAC 00:00:5e:00:01:33 on vrrp.51"));

        at(r, MDI_100);
        assertThat(r.states()).containsEntry("VI_1", State.MASTER);
        assertThat(host.calls)
                .containsExactly(
                        "create vmac vrrp.51 on eth0 00:00:5e:00:01:33",
                        "add vrrp.51 10.1.1.166/32",
                        "announce vrrp.51 [10.1.1.166] x5");
        assertThat(host.channel().priorities()).containsExactly(100);
    }

    @Test
    void theVirtualMacLinkIsRemovedWhenTheRouterStops() {
        VrrpRouter r = router(Docs.group(2, 1, "\"vmac\":true", member(1, 100)));
        r.requestStop();

        assertTimeoutPreemptively(Duration.ofSeconds(10), r::run);

        assertThat(host.calls).containsExactly("create vmac vrrp.51 on eth0 00:00:5e:00:01:33", "remove vmac vrrp.51");
        assertThat(host.channel().closed).isTrue();
    }

    @Test
    void anAddressOnAnotherDeviceStaysThereWithVmac() throws Exception {
        String json = Docs.group(2, 1, "\"vmac\":true", member(1, 100))
                .replace(
                        "{\"address\":\"10.1.1.166/32\"}",
                        "{\"address\":\"10.1.1.166/32\"},{\"address\":\"10.2.2.2/32\",\"device\":\"eth1\"}");
        VrrpRouter r = router(json);
        r.start();
        at(r, MDI_100);

        assertThat(host.calls).contains("add vrrp.51 10.1.1.166/32", "add eth1 10.2.2.2/32");
    }

    @Test
    void unicastAdvertsKeepToTheParentWhileTheAddressesUseTheVirtualMac() throws Exception {
        String json = Docs.group(2, 1, "\"vmac\":true,\"unicast\":true", member(1, 100), member(2, 50))
                .replace(
                        "\"director\":\"d1\",\"priority\":100,\"initialState\":\"backup\"}",
                        "\"director\":\"d1\",\"priority\":100,\"initialState\":\"backup\",\"unicastAddress\":\""
                                + VrrpRouterTest.SOURCE.getHostAddress() + "\"}")
                .replace(
                        "\"director\":\"d2\",\"priority\":50,\"initialState\":\"backup\"}",
                        "\"director\":\"d2\",\"priority\":50,\"initialState\":\"backup\",\"unicastAddress\":\"10.1.1.12\"}");
        VrrpRouter r = router(json);
        r.start();

        assertThat(host.calls).containsExactly("create vmac vrrp.51 on eth0 00:00:5e:00:01:33");
        assertThat(host.channels).containsOnlyKeys("eth0/v4"); // keepalived: use_vmac with unicast needs vmac_xmit_base
    }

    // ---- the virtual MAC link is watched ----

    @Test
    void aVirtualMacLinkThatIsDeletedPutsTheMasterInFaultAndIsCreatedAgainAtOnceWhileItsParentIsUp() throws Exception {
        VrrpRouter r = master("\"vmac\":true");
        FakeChannel before = host.channel();
        host.calls.clear();
        transitions.clear();

        host.gone.add("vrrp.51"); // ip link del vrrp.51
        host.report(Map.of("vrrp.51", false), false);
        at(r, now);

        assertThat(transitions)
                .containsExactly(
                        "MASTER -> FAULT: virtual MAC link vrrp.51 (gone) in fault",
                        "FAULT -> BACKUP: virtual MAC link vrrp.51 (gone) recovered");
        assertThat(before.closed).as("the channel bound to the link that went").isTrue();
        assertThat(before.priorities())
                .as("no goodbye through a link that is gone")
                .doesNotContain(Vrrp.PRIORITY_STOP);
        assertThat(host.calls)
                .containsExactly("remove vrrp.51 10.1.1.166/32", "create vmac vrrp.51 on eth0 00:00:5e:00:01:33");
        assertThat(host.channel()).isNotSameAs(before);
        assertThat(logs)
                .filteredOn(l -> l.contains("vrrp.51 is gone"))
                .singleElement()
                .asString()
                .startsWith("VI_1: ");

        at(r, now + MDI_100);
        assertThat(r.states()).containsEntry("VI_1", State.MASTER);
        assertThat(host.calls).contains("add vrrp.51 10.1.1.166/32");
        assertThat(host.channel().priorities()).containsExactly(100);
        assertThat(logs).noneMatch(l -> l.contains("failed"));
    }

    @Test
    void aVirtualMacLinkGoneWithItsParentIsCreatedAgainWhenTheParentIsBack() throws Exception {
        VrrpRouter r = master("\"vmac\":true");
        host.calls.clear();

        host.gone.add("vrrp.51"); // eth0 deleted: its macvlan goes with it
        host.report(Map.of("eth0", false, "vrrp.51", false), false);
        at(r, now);
        assertThat(r.states()).containsEntry("VI_1", State.FAULT);
        assertThat(host.calls).doesNotContain("create vmac vrrp.51 on eth0 00:00:5e:00:01:33");

        // eth0 is back, but the first attempt fails: logged once, still in FAULT
        host.vmacFailures.put("vrrp.51", new IllegalStateException("no"));
        host.report(Map.of("eth0", true), false);
        at(r, now + 1);
        assertThat(r.states()).containsEntry("VI_1", State.FAULT);
        host.report(Map.of("eth0", false), false);
        host.report(Map.of("eth0", true), false);
        at(r, now + 1);
        assertThat(logs)
                .filteredOn(l -> l.contains("creating the virtual MAC link failed: no"))
                .hasSize(1);

        host.vmacFailures.clear();
        host.report(Map.of("eth0", false), false);
        host.report(Map.of("eth0", true), false);
        at(r, now + 1);
        assertThat(r.states()).containsEntry("VI_1", State.BACKUP);
        at(r, now + MDI_100);
        assertThat(r.states()).containsEntry("VI_1", State.MASTER);
        assertThat(host.calls)
                .contains("create vmac vrrp.51 on eth0 00:00:5e:00:01:33")
                .last()
                .isEqualTo("announce vrrp.51 [10.1.1.166] x5");
    }

    @Test
    void aReportThatTheVirtualMacLinkIsDownWhileItIsThereChangesNothing() throws Exception {
        VrrpRouter r = master("\"vmac\":true");
        host.calls.clear();

        // a stale report (the link down just after its creation), or it is down with its parent: not gone
        host.report(Map.of("vrrp.51", false), false);
        at(r, now);

        assertThat(r.states()).containsEntry("VI_1", State.MASTER);
        assertThat(host.calls).isEmpty();
        assertThat(host.channel().closed).isFalse();
    }

    // ---- virtual MAC links left behind ----

    @Test
    void atStartMacvlansWithAVrrpMacThatNoGroupUsesAreRemovedAndOthersLeftAlone() throws Exception {
        host.macvlans.put(
                "eth0",
                List.of(
                        new Host.Macvlan("vrrp.99", "00:00:5e:00:01:63"),
                        new Host.Macvlan("vrrp.51", "00:00:5e:00:01:33"),
                        new Host.Macvlan("mv0", "02:11:22:33:44:55"),
                        new Host.Macvlan("vrrp6.52", "00:00:5E:00:02:34")));
        host.macvlans.put("eth1", List.of(new Host.Macvlan("vrrp.98", "00:00:5e:00:01:62"))); // no group's interface
        VrrpRouter r = router(Docs.group(2, 1, "\"vmac\":true", member(1, 100)));
        r.start();

        // vrrp.51 is VI_1's own: creating it replaces a leftover
        assertThat(host.calls)
                .containsExactly(
                        "remove macvlan vrrp.99",
                        "remove macvlan vrrp6.52",
                        "create vmac vrrp.51 on eth0 00:00:5e:00:01:33");
        assertThat(logs)
                .anyMatch(
                        l -> l.startsWith(
                                "removing vrrp.99, a macvlan on eth0 with the VRRP virtual MAC 00:00:5e:00:01:63 that no group here uses"));
        at(r, MDI_100);
        assertThat(r.states()).containsEntry("VI_1", State.MASTER);
    }

    @Test
    void aLeftoverOfTheGroupsNameWithAnotherVrrpMacIsRemovedToo() {
        host.macvlans.put(
                "eth0", List.of(new Host.Macvlan("vrrp.51", "00:00:5e:00:02:33"))); // an IPv6 group's, now an IPv4 one
        router(Docs.group(2, 1, "\"vmac\":true", member(1, 100))).start();

        assertThat(host.calls)
                .containsExactly("remove macvlan vrrp.51", "create vmac vrrp.51 on eth0 00:00:5e:00:01:33");
    }

    @Test
    void vrrpMacsAreRecognised() {
        assertThat(Vrrp.isVirtualMac("00:00:5e:00:01:33")).isTrue();
        assertThat(Vrrp.isVirtualMac("00:00:5E:00:02:FF")).isTrue();
        assertThat(Vrrp.isVirtualMac("00:00:5e:00:01:00")).as("VRID 0 is none").isFalse();
        assertThat(Vrrp.isVirtualMac("00:00:5e:00:03:33")).isFalse();
        assertThat(Vrrp.isVirtualMac("02:00:5e:00:01:33")).isFalse();
        assertThat(Vrrp.isVirtualMac(null)).isFalse();
    }

    // ---- labels ----

    @Test
    void aLabelGoesWithItsAddress() throws Exception {
        String json = Docs.group(2, 1, "", member(1, 100))
                .replace("{\"address\":\"10.1.1.166/32\"}", "{\"address\":\"10.1.1.166/32\",\"label\":\"eth0:vip\"}");
        VrrpRouter r = router(json);
        r.start();
        at(r, MDI_100);

        assertThat(host.calls).contains("add eth0 10.1.1.166/32 label eth0:vip");
    }
}
