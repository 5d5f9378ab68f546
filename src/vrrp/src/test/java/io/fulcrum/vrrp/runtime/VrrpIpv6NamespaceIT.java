package io.fulcrum.vrrp.runtime;

import static io.fulcrum.vrrp.runtime.Docs.master;
import static io.fulcrum.vrrp.runtime.Docs.member;
import static io.fulcrum.vrrp.runtime.Lab.VIP;
import static io.fulcrum.vrrp.runtime.Lab.VIP6;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * VRRPv3 over IPv6 (RFC 5798 §5.1.2: to ff02::12 from the link-local address, hop limit 255, the checksum
 * over the IPv6 pseudo-header) between Fulcrum directors in network namespaces, a client following the
 * unsolicited neighbour advertisements (§8.2.2), tshark reading the packets, and keepalived as a peer.
 */
class VrrpIpv6NamespaceIT {
    static final AtomicInteger RUN = new AtomicInteger();
    static final Duration START = VrrpNamespaceIT.START;
    static final int HTTP6 = 8086;

    static Lab lab(int directors) throws Exception {
        Lab lab = new Lab("f6" + ProcessHandle.current().pid() % 10000 + "n" + RUN.incrementAndGet(), directors);
        try {
            lab.ipv6();
            for (int i = 1; i <= directors; i++) lab.http6(i, HTTP6);
            return lab;
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
    }

    /** VI_1 with the IPv6 VIP fd00:1::166/128 instead of the IPv4 one. */
    static String group6(double advertSeconds, String extra, Docs.Member... members) {
        return Docs.group(3, advertSeconds, extra, members).replace(VIP + "/32", VIP6 + "/128");
    }

    @Test
    void threeDirectorsElectOnIpv6AndAKillMovesTheAddressAndTheClientsNeighbourEntry() throws Exception {
        try (Lab lab = lab(3)) {
            Path doc = lab.write("doc.json", group6(0.1, "", member(1, 150), member(2, 100), member(3, 50)));
            var d1 = lab.fulcrum(1, doc);
            lab.fulcrum(2, doc);
            lab.fulcrum(3, doc);

            lab.await(
                    "d1 (priority 150) holds the IPv6 VIP",
                    START,
                    () -> lab.holdersOn(VIP6, "eth0").equals(List.of(1)));
            lab.awaitLog(
                    "fulcrum-d1.log",
                    "adverts from " + InetAddress.getByName(lab.linkLocal(1)).getHostAddress() + " to the group");
            assertThat(Lab.sh("ip", "-n", lab.node(1), "-6", "-o", "addr", "show", "dev", "eth0", "to", VIP6)
                            .out())
                    .as("usable at once: no duplicate address detection")
                    .contains("nodad")
                    .doesNotContain("tentative");
            lab.await(
                    "the client reaches d1 through the IPv6 VIP",
                    Duration.ofSeconds(5),
                    () -> lab.whoAnswers6(VIP6, HTTP6).equals("d1"));
            assertThat(lab.clientNeighbour6(VIP6)).isEqualTo(lab.mac(1));
            lab.holdsFor(
                    "d1 stays the only master",
                    Duration.ofSeconds(1),
                    () -> lab.holdersOn(VIP6, "eth0").equals(List.of(1)));

            Lab.kill9(d1);
            long killed = System.nanoTime();
            lab.await(
                    "d2 (priority 100) takes the IPv6 VIP", Duration.ofSeconds(3), () -> lab.holdsOn(2, VIP6, "eth0"));
            System.out.println("IPv6 takeover after kill -9: "
                    + Duration.ofNanos(System.nanoTime() - killed).toMillis() + " ms");
            // no traffic from the client in between: only d2's unsolicited neighbour advertisement can have changed the
            // entry
            lab.await(
                    "the client's neighbour entry follows d2's unsolicited NA",
                    Duration.ofSeconds(2),
                    () -> lab.clientNeighbour6(VIP6).equals(lab.mac(2)));
            lab.await(
                    "the client reaches d2",
                    Duration.ofSeconds(5),
                    () -> lab.whoAnswers6(VIP6, HTTP6).equals("d2"));
            assertThat(lab.holdsOn(3, VIP6, "eth0")).isFalse();
        }
    }

    @Test
    void tsharkReportsOurIpv6AdvertsAndNeighbourAdvertisementsWellFormed() throws Exception {
        Lab.requireTool(Lab.TSHARK);
        Lab.requireTool(Lab.DUMPCAP);
        try (Lab lab = lab(1)) {
            Path pcap = lab.dir.resolve("v6.pcapng");
            var capture = lab.captureOnClient(pcap, "ip6 proto 112 or icmp6", 60);
            lab.await(
                    "dumpcap runs",
                    Duration.ofSeconds(10),
                    () -> lab.log(pcap.getFileName() + ".log").contains("File:")
                            || Lab.sh("test", "-s", pcap.toString()).code() == 0);
            var fulcrum = lab.fulcrum(1, lab.write("doc.json", group6(0.1, "", master(1, 150))));
            lab.await("master", START, () -> lab.holdsOn(1, VIP6, "eth0"));
            lab.awaitLog("fulcrum-d1.log", "INITIALIZE -> BACKUP");
            lab.holdsFor(
                    "d1 stays master while the capture runs (10 adverts a second)",
                    Duration.ofMillis(1500),
                    () -> lab.holdsOn(1, VIP6, "eth0"));
            Lab.term(fulcrum); // and the priority-0 advert
            Lab.term(capture);

            String ll = lab.linkLocal(1);
            String adverts = Lab.sh(
                            Lab.TSHARK,
                            "-r",
                            pcap.toString(),
                            "-Y",
                            "vrrp",
                            "-T",
                            "fields",
                            "-E",
                            "separator=,",
                            "-e",
                            "ipv6.src",
                            "-e",
                            "ipv6.dst",
                            "-e",
                            "ipv6.hlim",
                            "-e",
                            "vrrp.version",
                            "-e",
                            "vrrp.virt_rtr_id",
                            "-e",
                            "vrrp.prio",
                            "-e",
                            "vrrp.short_adver_int",
                            "-e",
                            "vrrp.checksum.status",
                            "-e",
                            "vrrp.ipv6_addr")
                    .orFail()
                    .out();
            List<String> rows = Arrays.stream(adverts.split("\n"))
                    .filter(l -> l.startsWith("fe80"))
                    .toList();
            // checksum status 1: tshark's "Good", over the IPv6 pseudo-header (RFC 5798 §5.2.8)
            String running = ll + ",ff02::12,255,3,51,150,10,1," + VIP6;
            assertThat(rows).as("adverts captured").filteredOn(running::equals).hasSizeGreaterThanOrEqualTo(10);
            assertThat(rows).allSatisfy(r -> assertThat(r).isIn(running, running.replace(",150,", ",0,")));
            assertThat(rows).last().as("the goodbye: priority 0").isEqualTo(running.replace(",150,", ",0,"));

            String nas = Lab.sh(
                            Lab.TSHARK,
                            "-r",
                            pcap.toString(),
                            "-Y",
                            "icmpv6.type == 136 && icmpv6.nd.na.target_address == " + VIP6,
                            "-T",
                            "fields",
                            "-E",
                            "separator=,",
                            "-e",
                            "ipv6.src",
                            "-e",
                            "ipv6.dst",
                            "-e",
                            "ipv6.hlim",
                            "-e",
                            "icmpv6.nd.na.flag.s",
                            "-e",
                            "icmpv6.nd.na.flag.o",
                            "-e",
                            "icmpv6.opt.linkaddr",
                            "-e",
                            "icmpv6.checksum.status")
                    .orFail()
                    .out();
            List<String> na = Arrays.stream(nas.split("\n"))
                    .filter(l -> l.startsWith("fe80"))
                    .toList();
            // unsolicited (S clear), override (O set), to all nodes with hop limit 255 (RFC 4861 §7.2.6), our MAC as
            // target link-layer address
            assertThat(na)
                    .as("unsolicited NAs for the VIP")
                    .isNotEmpty()
                    .allSatisfy(
                            r -> assertThat(r).matches(ll + ",ff02::1,255,(0|False),(1|True)," + lab.mac(1) + ",1"));

            String malformed = Lab.sh(
                            Lab.TSHARK,
                            "-r",
                            pcap.toString(),
                            "-Y",
                            "(vrrp || icmpv6.type == 136) && (_ws.malformed || _ws.expert.severity >= warning)")
                    .orFail()
                    .out();
            assertThat(malformed
                            .lines()
                            .filter(l -> !l.contains("Running as user"))
                            .toList())
                    .as("malformed or warnings")
                    .isEmpty();
        }
    }

    @Test
    void withVmacTheIpv6VirtualMacStaysTheClientsAcrossAFailover() throws Exception {
        String vmac6 = "00:00:5e:00:02:33"; // RFC 5798 §7.3, IPv6: 00-00-5E-00-02-{VRID}
        try (Lab lab = lab(2)) {
            Path doc = lab.write("doc.json", group6(0.1, "\"vmac\":true", member(1, 150), member(2, 100)));
            var d1 = lab.fulcrum(1, doc);
            lab.fulcrum(2, doc);

            lab.await(
                    "d1 holds the IPv6 VIP on vrrp.51",
                    START,
                    () -> lab.holdersOn(VIP6, "vrrp.51").equals(List.of(1)));
            lab.awaitLog("fulcrum-d2.log", "INITIALIZE -> BACKUP");
            for (int i = 1; i <= 2; i++) {
                assertThat(lab.mac(i, "vrrp.51")).isEqualTo(vmac6);
                String lls = Lab.sh(
                                "ip", "-n", lab.node(i), "-6", "-o", "addr", "show", "dev", "vrrp.51", "scope", "link")
                        .out();
                // the parent's link-local, the adverts' source; none made from the shared MAC (it would be the same on
                // both)
                assertThat(lls)
                        .as("d%d vrrp.51", i)
                        .contains(lab.linkLocal(i) + "/64")
                        .doesNotContain("fe80::200:5eff:fe00:233");
            }
            lab.holdsFor(
                    "d2 stays backup: it hears d1's adverts on its vrrp.51",
                    Duration.ofSeconds(1),
                    () -> lab.holdersOn(VIP6, "vrrp.51").equals(List.of(1)));

            lab.await(
                    "the client reaches d1",
                    Duration.ofSeconds(5),
                    () -> lab.whoAnswers6(VIP6, HTTP6).equals("d1"));
            assertThat(lab.clientNeighbour6(VIP6)).isEqualTo(vmac6);

            Lab.kill9(d1);
            lab.await(
                    "d2 takes the IPv6 VIP on its vrrp.51",
                    Duration.ofSeconds(3),
                    () -> lab.holdsOn(2, VIP6, "vrrp.51"));
            lab.await(
                    "the client reaches d2",
                    Duration.ofSeconds(5),
                    () -> lab.whoAnswers6(VIP6, HTTP6).equals("d2"));
            assertThat(lab.clientNeighbour6(VIP6))
                    .as("the same MAC after the failover")
                    .isEqualTo(vmac6);
        }
    }

    /**
     * Joining ff02::12 and solicited-node groups on a virtual MAC link sends MLD reports: from the shared MAC
     * they would teach a snooping switch that the MAC sits on the backup's port too. They leave from the
     * director's own MAC instead (keepalived does the same with nftables), so the memberships stay known.
     */
    @Test
    void withVmacNoMldReportLeavesFromTheSharedMacOnlyFromTheDirectorsOwn() throws Exception {
        Lab.requireTool(Lab.DUMPCAP);
        Lab.requireTool(Lab.TSHARK);
        String vmac6 = "00:00:5e:00:02:33";
        try (Lab lab = lab(2)) {
            Path doc = lab.write("doc.json", group6(0.1, "\"vmac\":true", member(1, 150), member(2, 100)));
            Path pcap = lab.dir.resolve("mld.pcapng");
            // reports go out when a link joins a group: capture from before either director starts (MLD has a
            // hop-by-hop header before its ICMPv6 one, which a capture filter does not look past: take all IPv6)
            var capture = lab.captureOnClient(pcap, "ip6", 8);
            lab.await("dumpcap writes its capture file", Duration.ofSeconds(10), () -> Files.exists(pcap));
            lab.fulcrum(1, doc);
            var d2 = lab.fulcrum(2, doc);
            lab.await(
                    "d1 holds the IPv6 VIP on vrrp.51",
                    START,
                    () -> lab.holdersOn(VIP6, "vrrp.51").equals(List.of(1)));
            lab.awaitLog("fulcrum-d2.log", "INITIALIZE -> BACKUP");
            assertThat(Lab.sh("ip", "netns", "exec", lab.node(2), "nft", "list", "table", "ip6", "fulcrum_vmac")
                            .orFail()
                            .out())
                    .contains("chain vrrp.51")
                    .contains("oifname \"vrrp.51\" dup to ip6 daddr device \"eth0\" drop");
            assertThat(capture.waitFor(20, TimeUnit.SECONDS))
                    .as("dumpcap ends after 8 s")
                    .isTrue();

            List<String> reports = Lab.sh(
                            Lab.TSHARK,
                            "-r",
                            pcap.toString(),
                            "-Y",
                            "icmpv6.type == 131 || icmpv6.type == 143",
                            "-T",
                            "fields",
                            "-e",
                            "eth.src")
                    .orFail()
                    .out()
                    .lines()
                    .filter(l -> l.matches("\\p{XDigit}{2}(:\\p{XDigit}{2}){5}")) // not tshark's own notes
                    .toList();
            assertThat(reports).as("MLD reports by the senders' MACs").doesNotContain(vmac6);
            assertThat(reports)
                    .as("the virtual MAC links' memberships reported from the directors' own MACs")
                    .contains(lab.mac(1), lab.mac(2));
            assertThat(lab.log("fulcrum-d1.log")).doesNotContain("may send MLD reports");

            d2.destroy(); // a clean stop takes the table with it
            assertThat(d2.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(Lab.sh("ip", "netns", "exec", lab.node(2), "nft", "list", "tables")
                            .orFail()
                            .out())
                    .doesNotContain("fulcrum_vmac");
        }
    }

    @Test
    void keepalivedAsBackupAcceptsOurIpv6AdvertsAndTakesOverWhenFulcrumDies() throws Exception {
        Lab.requireTool(Lab.KEEPALIVED);
        try (Lab lab = lab(2)) {
            var fulcrum = lab.fulcrum(1, lab.write("doc.json", group6(1, "", member(1, 150), member(2, 100))));
            lab.await("Fulcrum (150) holds the IPv6 VIP", START, () -> lab.holdsOn(1, VIP6, "eth0"));
            lab.keepalived(2, """
                    global_defs {
                      router_id fulcrum_it6
                      vrrp_version 3
                    }
                    vrrp_instance VI_1 {
                      state BACKUP
                      interface eth0
                      virtual_router_id 51
                      priority 100
                      advert_int 1
                      virtual_ipaddress {
                        %s/128
                      }
                    }
                    """.formatted(VIP6));
            lab.await(
                    "keepalived started",
                    START,
                    () -> lab.log("keepalived-d2.log").contains("Entering BACKUP STATE"));
            lab.await(
                    "the client reaches Fulcrum's director",
                    Duration.ofSeconds(5),
                    () -> lab.whoAnswers6(VIP6, HTTP6).equals("d1"));
            lab.holdsFor("keepalived stays backup", Duration.ofSeconds(3), () -> !lab.holdsOn(2, VIP6, "eth0"));
            assertThat(lab.log("keepalived-d2.log"))
                    .doesNotContain("Entering MASTER STATE")
                    .doesNotContain("checksum")
                    .doesNotContain("invalid")
                    .doesNotContain("mismatch");

            Lab.kill9(fulcrum);
            // kill -9 cleans nothing up: without this d1's kernel would go on answering neighbour solicitations for the
            // VIP
            Lab.sh("ip", "-n", lab.node(1), "addr", "del", VIP6 + "/128", "dev", "eth0")
                    .orFail();
            // v3 at 1 s: Master_Down_Interval 3 s + skew, plus polling slack
            lab.await(
                    "keepalived takes the IPv6 VIP over",
                    KeepalivedInteropIT.TAKEOVER,
                    () -> lab.holdsOn(2, VIP6, "eth0"));
            lab.await(
                    "the client's neighbour entry follows keepalived's unsolicited NA",
                    Duration.ofSeconds(2),
                    () -> lab.clientNeighbour6(VIP6).equals(lab.mac(2)));
            lab.await(
                    "the client reaches keepalived's director",
                    Duration.ofSeconds(5),
                    () -> lab.whoAnswers6(VIP6, HTTP6).equals("d2"));
        }
    }
}
