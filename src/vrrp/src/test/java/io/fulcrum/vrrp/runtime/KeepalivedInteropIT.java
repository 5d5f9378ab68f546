package io.fulcrum.vrrp.runtime;

import static io.fulcrum.vrrp.runtime.Docs.master;
import static io.fulcrum.vrrp.runtime.Docs.member;
import static io.fulcrum.vrrp.runtime.Lab.VIP;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Fulcrum next to keepalived (Debian's, --vrrp only) in one VRRP group, with the seed document 000's
 * settings (vrid 51, auth PASS 1111, advert_int 1, VRRPv2), and tshark reading our adverts.
 */
class KeepalivedInteropIT {
    static final AtomicInteger RUN = new AtomicInteger();
    static final Duration START = Duration.ofSeconds(20);
    /** v2 at 1 s: Master_Down_Interval is at most 3 s + skew (< 1 s), plus a second of polling slack. */
    static final Duration TAKEOVER = Duration.ofSeconds(6);

    static Lab lab() throws Exception {
        Lab.requireTool(Lab.KEEPALIVED);
        return new Lab("fk" + ProcessHandle.current().pid() % 10000 + "n" + RUN.incrementAndGet(), 2);
    }

    static String seedDoc(int fulcrumDirector, int priority, String extra) {
        return Docs.group(
                2,
                1,
                extra,
                new Docs.Member(fulcrumDirector, priority, "backup"),
                member(fulcrumDirector == 1 ? 2 : 1, 1));
    }

    @Test
    void fulcrumWithTheHigherPriorityWinsAndKeepalivedTakesOverWhenItDies() throws Exception {
        try (Lab lab = lab()) {
            Path doc = lab.write("doc.json", seedDoc(1, 150, ""));
            var fulcrum = lab.fulcrum(1, doc);
            lab.await(
                    "Fulcrum (150) holds the VIP", START, () -> lab.holders(VIP).equals(List.of(1)));
            lab.keepalived(2, Docs.keepalived("BACKUP", 100, false));
            lab.await(
                    "keepalived started",
                    START,
                    () -> lab.log("keepalived-d2.log").contains("Entering BACKUP STATE"));

            lab.holdsFor(
                    "keepalived stays backup",
                    Duration.ofSeconds(3),
                    () -> lab.holders(VIP).equals(List.of(1)));
            assertThat(lab.log("keepalived-d2.log"))
                    .doesNotContain("Entering MASTER STATE")
                    .doesNotContain("invalid passwd")
                    .doesNotContain("checksum")
                    .doesNotContain("mismatch");

            Lab.kill9(fulcrum);
            lab.await("keepalived takes over from the killed Fulcrum", TAKEOVER, () -> lab.holds(2, VIP));
            lab.await(
                    "the client reaches keepalived's director",
                    Duration.ofSeconds(5),
                    () -> lab.whoAnswers(VIP).equals("d2"));

            lab.fulcrum(1, doc); // back, with the higher priority: preempts keepalived
            lab.await(
                    "Fulcrum takes the VIP back from keepalived",
                    START,
                    () -> lab.holders(VIP).equals(List.of(1)));
            lab.awaitLog("keepalived-d2.log", "Master received advert from 10.1.1.11 with higher priority 150");
        }
    }

    @Test
    void keepalivedWithTheHigherPriorityWinsAndFulcrumTakesOverWhenItDiesOrStops() throws Exception {
        try (Lab lab = lab()) {
            Path doc = lab.write("doc.json", seedDoc(2, 100, ""));
            lab.keepalived(1, Docs.keepalived("MASTER", 150, false));
            lab.fulcrum(2, doc);

            lab.await(
                    "keepalived (150) holds the VIP",
                    START,
                    () -> lab.holders(VIP).equals(List.of(1)));
            lab.await(
                    "Fulcrum (100) is backup",
                    START,
                    () -> lab.log("fulcrum-d2.log").contains("INITIALIZE -> BACKUP"));
            lab.holdsFor(
                    "Fulcrum stays backup",
                    Duration.ofSeconds(3),
                    () -> lab.holders(VIP).equals(List.of(1)));
            assertThat(lab.log("fulcrum-d2.log")).doesNotContain("dropped");

            lab.kill9Keepalived(1);
            lab.await("Fulcrum takes over from the killed keepalived", TAKEOVER, () -> lab.holds(2, VIP));
            lab.await(
                    "the client reaches Fulcrum's director",
                    Duration.ofSeconds(5),
                    () -> lab.whoAnswers(VIP).equals("d2"));
            assertThat(lab.clientNeighbour(VIP)).isEqualTo(lab.mac(2));
            // keepalived's VRRP process died with the VIP still on its interface (kill -9 cleans nothing up)
            Lab.sh("ip", "-n", lab.node(1), "addr", "del", VIP + "/32", "dev", "eth0");

            var k = lab.keepalived(1, Docs.keepalived("MASTER", 150, false));
            lab.await(
                    "keepalived preempts Fulcrum", START, () -> lab.holders(VIP).equals(List.of(1)));
            lab.awaitLog("fulcrum-d2.log", "MASTER -> BACKUP: advert from 10.1.1.11 with higher priority 150");

            long stop = System.nanoTime();
            k.destroy(); // SIGTERM: keepalived advertises priority 0
            lab.await(
                    "Fulcrum takes over at once after keepalived's priority 0",
                    Duration.ofMillis(3500),
                    () -> lab.holders(VIP).equals(List.of(2)));
            // the skew time, not the Master_Down_Interval of a silent master (3.6 s at v2 1 s): a window that holds
            // on a loaded machine
            assertThat(Duration.ofNanos(System.nanoTime() - stop)).isLessThan(Duration.ofMillis(3500));
            lab.awaitLog("fulcrum-d2.log", "master 10.1.1.11 stopped (priority 0)");
        }
    }

    @Test
    void theSeedsNopreemptBehavesTheSameOnBothSides() throws Exception {
        try (Lab lab = lab()) {
            // seed 000: lvs1 "state BACKUP, priority 100" holds; lvs2 "state BACKUP, priority 150, nopreempt" joins and
            // waits
            lab.fulcrum(1, lab.write("doc.json", seedDoc(1, 100, "")));
            lab.await("Fulcrum (100) alone is master", START, () -> lab.holds(1, VIP));
            var k = lab.keepalived(2, Docs.keepalived("BACKUP", 150, true));
            lab.await(
                    "keepalived started",
                    START,
                    () -> lab.log("keepalived-d2.log").contains("Entering BACKUP STATE"));
            lab.holdsFor(
                    "keepalived (150, nopreempt) leaves Fulcrum (100) master",
                    Duration.ofSeconds(4),
                    () -> lab.holders(VIP).equals(List.of(1)));
            Lab.term(k);

            // and the other way round: keepalived (100) holds, Fulcrum (150, nopreempt) joins and waits
            try (Lab lab2 = lab()) {
                lab2.keepalived(1, Docs.keepalived("BACKUP", 100, false));
                lab2.await("keepalived (100) alone is master", START, () -> lab2.holds(1, VIP));
                lab2.fulcrum(2, lab2.write("doc.json", seedDoc(2, 150, "\"preempt\": false")));
                lab2.await(
                        "Fulcrum started",
                        START,
                        () -> lab2.log("fulcrum-d2.log").contains("INITIALIZE -> BACKUP"));
                lab2.holdsFor(
                        "Fulcrum (150, nopreempt) leaves keepalived (100) master",
                        Duration.ofSeconds(4),
                        () -> lab2.holders(VIP).equals(List.of(1)));
            }
        }
    }

    @Test
    void tsharkReportsOurAdvertsWellFormedWithGoodChecksums() throws Exception {
        Lab.requireTool(Lab.TSHARK);
        Lab.requireTool(Lab.DUMPCAP);
        try (Lab lab = lab()) {
            for (int version : new int[] {2, 3}) {
                Path doc = lab.write(
                        "doc-v" + version + ".json", Docs.group(version, version == 2 ? 1 : 0.1, "", master(1, 150)));
                var fulcrum = lab.fulcrum(1, doc);
                lab.await("master", START, () -> lab.holds(1, VIP));
                Path pcap = lab.dir.resolve("v" + version + ".pcapng");
                var capture = lab.captureOnClient(pcap, "ip proto 112", 3);
                assertThat(capture.waitFor(15, TimeUnit.SECONDS))
                        .as("dumpcap ends after 3 s")
                        .isTrue();
                Lab.term(fulcrum);

                String fields = Lab.sh(
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
                                "ip.src",
                                "-e",
                                "ip.ttl",
                                "-e",
                                "vrrp.version",
                                "-e",
                                "vrrp.prio",
                                "-e",
                                "vrrp.checksum.status",
                                "-e",
                                "vrrp.ip_addr",
                                "-e",
                                "vrrp.auth_string")
                        .orFail()
                        .out();
                List<String> rows = Arrays.stream(fields.split("\n"))
                        .filter(l -> l.startsWith("10.1.1.11,"))
                        .toList();
                assertThat(rows)
                        .as("adverts captured (v%d)", version)
                        .hasSizeGreaterThanOrEqualTo(version == 2 ? 2 : 20);
                // checksum status 1: tshark's "Good" (v3: over the IPv4 pseudo-header)
                String expected = "10.1.1.11,255," + version + ",150,1,10.1.1.166" + (version == 2 ? ",1111" : ",");
                assertThat(rows).allSatisfy(r -> assertThat(r).isEqualTo(expected));
                String malformed = Lab.sh(
                                Lab.TSHARK,
                                "-r",
                                pcap.toString(),
                                "-Y",
                                "_ws.malformed || _ws.expert.severity >= warning")
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
    }
}
