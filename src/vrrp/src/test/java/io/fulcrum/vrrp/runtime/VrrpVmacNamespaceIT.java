package io.fulcrum.vrrp.runtime;

import static io.fulcrum.vrrp.runtime.Docs.master;
import static io.fulcrum.vrrp.runtime.Docs.member;
import static io.fulcrum.vrrp.runtime.Lab.VIP;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The virtual MAC (vmac, keepalived's use_vmac) and address labels, with Fulcrum directors (VrrpMain, one
 * JVM each) on a bridge in network namespaces of this host's kernel and a client in the segment.
 */
class VrrpVmacNamespaceIT {
    static final AtomicInteger RUN = new AtomicInteger();
    static final Duration START = VrrpNamespaceIT.START;
    /** RFC 5798 §7.3: 00-00-5E-00-01-{VRID}, VRID 51. */
    static final String VMAC = "00:00:5e:00:01:33";

    static Lab lab(int directors) throws Exception {
        return new Lab("fm" + ProcessHandle.current().pid() % 10000 + "n" + RUN.incrementAndGet(), directors);
    }

    @Test
    void theClientKeepsTheVirtualMacForTheVipAcrossAFailover() throws Exception {
        try (Lab lab = lab(2)) {
            Path doc = lab.write("doc.json", Docs.group(3, 0.1, "\"vmac\":true", member(1, 150), member(2, 100)));
            var d1 = lab.fulcrum(1, doc);
            var d2 = lab.fulcrum(2, doc);

            lab.await(
                    "d1 holds the VIP on vrrp.51",
                    START,
                    () -> lab.holdersOn(VIP, "vrrp.51").equals(List.of(1)));
            lab.await(
                    "d2 created its vrrp.51 too",
                    START,
                    () -> lab.log("fulcrum-d2.log").contains("INITIALIZE -> BACKUP"));
            for (int i = 1; i <= 2; i++) {
                String link = lab.link(i, "vrrp.51");
                assertThat(link)
                        .as("d%d's vrrp.51", i)
                        .contains("vrrp.51@eth0")
                        .contains("link/ether " + VMAC)
                        .contains(",UP");
                assertThat(lab.holds(i, VIP))
                        .as("d%d: nothing on eth0 itself", i)
                        .isFalse();
                // keepalived's settings: the parent no longer answers ARP for addresses it does not carry
                assertThat(lab.sysctl(i, "net.ipv4.conf.eth0.arp_ignore")).isEqualTo("1");
                // and its ARP requests for the clients it answers through eth0 name its own address, not the VIP
                assertThat(lab.sysctl(i, "net.ipv4.conf.eth0.arp_announce")).isEqualTo("2");
                assertThat(lab.sysctl(i, "net.ipv6.conf.vrrp/51.disable_ipv6")).isEqualTo("1");
            }
            assertThat(Lab.sh("ip", "-n", lab.node(2), "-d", "link", "show", "dev", "vrrp.51")
                            .out())
                    .contains("macvlan mode private");
            assertThat(lab.holdsOn(2, VIP, "vrrp.51"))
                    .as("keepalived's backup: the link up, without the addresses")
                    .isFalse();

            lab.await(
                    "the client reaches d1 through the VIP",
                    Duration.ofSeconds(5),
                    () -> lab.whoAnswers(VIP).equals("d1"));
            assertThat(lab.clientNeighbour(VIP)).isEqualTo(VMAC);
            lab.holdsFor(
                    "d1 stays the only master (d2 hears d1's adverts on its own vrrp.51)",
                    Duration.ofSeconds(1),
                    () -> lab.holdersOn(VIP, "vrrp.51").equals(List.of(1)));

            Lab.kill9(d1);
            lab.await("d2 takes the VIP on its vrrp.51", Duration.ofSeconds(3), () -> lab.holdsOn(2, VIP, "vrrp.51"));
            lab.await(
                    "the client reaches d2",
                    Duration.ofSeconds(5),
                    () -> lab.whoAnswers(VIP).equals("d2"));
            assertThat(lab.clientNeighbour(VIP))
                    .as("the same MAC after the failover: the point of VMAC")
                    .isEqualTo(VMAC);
            assertThat(lab.mac(1)).isNotEqualTo(lab.mac(2));

            Lab.term(d2);
            assertThat(lab.hasLink(2, "vrrp.51"))
                    .as("a stop removes the virtual MAC link")
                    .isFalse();
            assertThat(lab.sysctl(2, "net.ipv4.conf.eth0.arp_ignore"))
                    .as("and puts the parent's settings back")
                    .isEqualTo("0");
            assertThat(lab.sysctl(2, "net.ipv4.conf.eth0.arp_announce")).isEqualTo("0");
            assertThat(lab.log("fulcrum-d2.log")).doesNotContain("failed");
        }
    }

    @Test
    void aRestartAfterAKillReplacesTheLeftoverVirtualMacLink() throws Exception {
        try (Lab lab = lab(1)) {
            Path doc = lab.write("doc.json", Docs.group(3, 0.1, "\"vmac\":true", master(1, 150)));
            var first = lab.fulcrum(1, doc);
            lab.await("d1 holds the VIP on vrrp.51", START, () -> lab.holdsOn(1, VIP, "vrrp.51"));
            lab.awaitLog("fulcrum-d1.log", "BACKUP -> MASTER");
            Lab.kill9(first); // leaves vrrp.51 behind, with the VIP on it

            lab.fulcrum(1, doc);
            lab.await(
                    "the restart says it replaces the leftover",
                    START,
                    () -> lab.log("fulcrum-d1.log").contains("removing vrrp.51, a virtual MAC link left behind"));
            lab.await(
                    "and is master again on a fresh vrrp.51",
                    START,
                    () -> lab.log("fulcrum-d1.log").split("BACKUP -> MASTER", -1).length == 3);
            assertThat(lab.holdsOn(1, VIP, "vrrp.51")).isTrue();
            assertThat(lab.mac(1, "vrrp.51")).isEqualTo(VMAC);
        }
    }

    @Test
    void aStopAfterAKilledRunPutsBackTheTrueOriginalSysctlsKeptInTheStateDirectory() throws Exception {
        try (Lab lab = lab(1)) {
            // strict reverse-path filtering namespace-wide, as some distributions ship it
            Lab.sh("ip", "netns", "exec", lab.node(1), "sysctl", "-q", "-w", "net.ipv4.conf.all.rp_filter=1")
                    .orFail();
            Map<String, String> before = sysctls(lab, 1);
            assertThat(before)
                    .containsEntry("net.ipv4.conf.eth0.arp_ignore", "0")
                    .containsEntry("net.ipv4.conf.all.rp_filter", "1")
                    .containsEntry("net.ipv4.conf.eth0.rp_filter", "0")
                    .containsEntry("net.ipv4.igmp_link_local_mcast_reports", "1");
            Path doc = lab.write("doc.json", Docs.group(3, 0.1, "\"vmac\":true", master(1, 150)));
            var first = lab.fulcrum(1, doc);
            lab.await("d1 holds the VIP on vrrp.51", START, () -> lab.holdsOn(1, VIP, "vrrp.51"));
            lab.awaitLog("fulcrum-d1.log", "BACKUP -> MASTER");
            Path saved = lab.dir.resolve("state-d1").resolve(OriginalSysctls.FILE);
            assertThat(saved)
                    .as("the originals, on disk while they are changed")
                    .exists();
            Map<String, String> during = sysctls(lab, 1);
            assertThat(during)
                    .containsEntry("net.ipv4.conf.eth0.arp_ignore", "1")
                    .containsEntry("net.ipv4.conf.eth0.arp_filter", "1")
                    .containsEntry("net.ipv4.conf.eth0.arp_announce", "2")
                    .as("keepalived's clear_rp_filter: all to 0, every other link raised to all's 1")
                    .containsEntry("net.ipv4.conf.all.rp_filter", "0")
                    .containsEntry("net.ipv4.conf.eth0.rp_filter", "1")
                    .containsEntry("net.ipv4.conf.default.rp_filter", "1")
                    .containsEntry("net.ipv4.igmp_link_local_mcast_reports", "0");
            assertThat(lab.sysctl(1, "net.ipv4.conf.vrrp/51.rp_filter")).isEqualTo("0");

            Lab.kill9(first); // the changed values stay; only the file knows the originals
            var second = lab.fulcrum(1, doc);
            lab.await(
                    "the restart is master again",
                    START,
                    () -> lab.log("fulcrum-d1.log").split("BACKUP -> MASTER", -1).length == 3);
            assertThat(lab.log("fulcrum-d1.log")).contains("sysctls changed by a run that did not stop");
            Lab.term(second);

            assertThat(sysctls(lab, 1))
                    .as("the originals from before the first run, not the values the killed run left")
                    .isEqualTo(before);
            assertThat(saved).as("nothing left to restore").doesNotExist();
        }
    }

    /** The sysctls the virtual MAC changes on director i, by name. */
    static Map<String, String> sysctls(Lab lab, int i) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String link : List.of("eth0", "lo", "all", "default")) {
            for (String key : List.of("arp_ignore", "arp_filter", "arp_announce", "rp_filter")) {
                String name = "net.ipv4.conf." + link + "." + key;
                values.put(name, lab.sysctl(i, name));
            }
        }
        values.put("net.ipv4.igmp_link_local_mcast_reports", lab.sysctl(i, "net.ipv4.igmp_link_local_mcast_reports"));
        return values;
    }

    @Test
    void aBackupsVirtualMacSendsNoIgmpFromTheSharedMac() throws Exception {
        Lab.requireTool(Lab.DUMPCAP);
        Lab.requireTool(Lab.TSHARK);
        try (Lab lab = lab(2)) {
            Path doc = lab.write("doc.json", Docs.group(3, 0.1, "\"vmac\":true", member(1, 150), member(2, 100)));
            Path pcap = lab.dir.resolve("igmp.pcapng");
            // IGMP reports go out when a link joins a group: capture from before either director starts
            var capture = lab.captureOnClient(pcap, "igmp or ip proto 112", 8);
            lab.await("dumpcap writes its capture file", Duration.ofSeconds(10), () -> Files.exists(pcap));
            lab.fulcrum(1, doc);
            lab.fulcrum(2, doc);
            lab.await(
                    "d1 holds the VIP on vrrp.51",
                    START,
                    () -> lab.holdersOn(VIP, "vrrp.51").equals(List.of(1)));
            lab.await("d2 is backup", START, () -> lab.log("fulcrum-d2.log").contains("INITIALIZE -> BACKUP"));
            assertThat(capture.waitFor(20, TimeUnit.SECONDS))
                    .as("dumpcap ends after 8 s")
                    .isTrue();

            String frames = Lab.sh(Lab.TSHARK, "-r", pcap.toString(), "-T", "fields", "-e", "eth.src", "-e", "ip.proto")
                    .orFail()
                    .out();
            List<String> rows = frames.lines().filter(l -> l.contains(":")).toList();
            assertThat(rows)
                    .as("the capture saw the master's adverts from the virtual MAC")
                    .anyMatch(r -> r.equals(VMAC + "\t112"));
            assertThat(rows)
                    .as("no IGMP (protocol 2) from the shared MAC, by either director")
                    .noneMatch(r -> r.equals(VMAC + "\t2"));
        }
    }

    @Test
    void aDeletedVirtualMacLinkPutsTheMasterInFaultAndIsCreatedAgain() throws Exception {
        try (Lab lab = lab(1)) {
            Path doc = lab.write("doc.json", Docs.group(3, 0.1, "\"vmac\":true", master(1, 150)));
            lab.fulcrum(1, doc);
            lab.await("d1 holds the VIP on vrrp.51", START, () -> lab.holdsOn(1, VIP, "vrrp.51"));
            lab.awaitLog("fulcrum-d1.log", "BACKUP -> MASTER");

            Lab.sh("ip", "-n", lab.node(1), "link", "del", "vrrp.51").orFail(); // the VIP goes with it
            lab.await(
                    "d1 goes to FAULT",
                    Duration.ofSeconds(5),
                    () -> lab.log("fulcrum-d1.log").contains("MASTER -> FAULT: virtual MAC link vrrp.51 (gone)"));
            lab.await(
                    "and is master again on a recreated vrrp.51 with the VIP",
                    START,
                    () -> lab.log("fulcrum-d1.log").split("BACKUP -> MASTER", -1).length == 3
                            && lab.holdsOn(1, VIP, "vrrp.51"));
            assertThat(lab.mac(1, "vrrp.51")).isEqualTo(VMAC);
            assertThat(lab.log("fulcrum-d1.log"))
                    .containsOnlyOnce("vrrp.51 is gone")
                    .contains("FAULT -> BACKUP")
                    .doesNotContain("SendAdvert failed");
        }
    }

    @Test
    void aLeftoverMacvlanWithAVrrpMacThatNoGroupUsesIsRemovedAtStart() throws Exception {
        try (Lab lab = lab(1)) {
            // what a kill -9 of a run with a group of VRID 99 (no longer configured) leaves: its virtual MAC link, with
            // the VIP on it
            Lab.sh(
                            "ip",
                            "-n",
                            lab.node(1),
                            "link",
                            "add",
                            "link",
                            "eth0",
                            "name",
                            "vrrp.99",
                            "address",
                            "00:00:5e:00:01:63",
                            "type",
                            "macvlan",
                            "mode",
                            "private")
                    .orFail();
            Lab.sh("ip", "-n", lab.node(1), "addr", "add", "10.1.1.199/32", "dev", "vrrp.99")
                    .orFail();
            Lab.sh("ip", "-n", lab.node(1), "link", "set", "vrrp.99", "up").orFail();
            // and an operator's macvlan with another MAC
            Lab.sh(
                            "ip",
                            "-n",
                            lab.node(1),
                            "link",
                            "add",
                            "link",
                            "eth0",
                            "name",
                            "mv0",
                            "address",
                            "02:00:00:00:00:99",
                            "type",
                            "macvlan")
                    .orFail();
            Path doc = lab.write("doc.json", Docs.group(3, 0.1, "\"vmac\":true", master(1, 150)));
            lab.fulcrum(1, doc);

            lab.await("d1 holds the VIP on vrrp.51", START, () -> lab.holdsOn(1, VIP, "vrrp.51"));
            assertThat(lab.log("fulcrum-d1.log"))
                    .contains("removing vrrp.99, a macvlan on eth0 with the VRRP virtual MAC 00:00:5e:00:01:63");
            assertThat(lab.hasLink(1, "vrrp.99")).as("the leftover is gone").isFalse();
            assertThat(lab.hasLink(1, "mv0"))
                    .as("a macvlan with another MAC stays")
                    .isTrue();
        }
    }

    @Test
    void aLinkOfTheVirtualMacsNameThatIsNotALeftoverIsLeftAloneAndNamedInTheLog() throws Exception {
        try (Lab lab = lab(1)) {
            Lab.sh("ip", "-n", lab.node(1), "link", "add", "vrrp.51", "type", "bridge")
                    .orFail(); // an operator's link (no dummy module here)
            Path doc = lab.write("doc.json", Docs.group(3, 0.1, "\"vmac\":true", master(1, 150)));
            lab.fulcrum(1, doc);
            lab.await(
                    "the start says why it cannot create vrrp.51",
                    START,
                    () -> lab.log("fulcrum-d1.log")
                            .contains("cannot create the virtual MAC link vrrp.51: a link of that name exists"));
            lab.awaitLog("fulcrum-d1.log", "INITIALIZE -> FAULT"); // the group alone is held; the process runs on
            assertThat(lab.hasLink(1, "vrrp.51"))
                    .as("the operator's link is still there")
                    .isTrue();
            assertThat(Lab.sh("ip", "-n", lab.node(1), "-d", "link", "show", "dev", "vrrp.51")
                            .out())
                    .contains("bridge");
            assertThat(lab.holds(1, VIP)).isFalse();
        }
    }

    @Test
    void aLabelShowsInIpAddr() throws Exception {
        try (Lab lab = lab(1)) {
            String json = Docs.group(3, 0.1, "", master(1, 150))
                    .replace(
                            "{\"address\":\"" + VIP + "/32\"}",
                            "{\"address\":\"" + VIP + "/32\",\"label\":\"eth0:vip\"}");
            var d1 = lab.fulcrum(1, lab.write("doc.json", json));
            lab.await("d1 holds the VIP", START, () -> lab.holds(1, VIP));

            String out = Lab.sh("ip", "-n", lab.node(1), "-o", "-4", "addr", "show", "dev", "eth0")
                    .orFail()
                    .out();
            assertThat(out.lines().filter(l -> l.contains(" " + VIP + "/32 ")).toList())
                    .singleElement()
                    .asString()
                    .contains(" eth0:vip");
            assertThat(Lab.sh("ip", "-n", lab.node(1), "-o", "-4", "addr", "show", "label", "eth0:vip")
                            .orFail()
                            .out())
                    .contains(VIP + "/32");
            assertThat(lab.log("fulcrum-d1.log")).doesNotContain("not implemented");
            Lab.term(d1);
            assertThat(lab.holds(1, VIP)).isFalse();
        }
    }
}
