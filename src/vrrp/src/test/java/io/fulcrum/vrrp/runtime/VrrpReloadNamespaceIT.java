package io.fulcrum.vrrp.runtime;

import static io.fulcrum.vrrp.runtime.Docs.member;
import static io.fulcrum.vrrp.runtime.Docs.vrrpGroup;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A reload (VrrpMain re-reads its document when it changes) on network namespaces: two directors, M (d1)
 * and B (d2), each with its own document file. Unchanged groups run on untouched, a changed group keeps its
 * state, a removed group stops without disturbing the other. Real time; every wait is a bounded poll.
 */
class VrrpReloadNamespaceIT {
    static final String VIP2 = "10.1.1.167";
    static final String VIP_B = "10.1.1.170";

    /** VRRPv3 at 1 s: a backup waits 3 s and more before it takes over, time enough for both directors to reload. */
    static String vi1(int mPriority, int bPriority, String... vips) {
        return vrrpGroup("VI_1", 51, 3, 1, Arrays.asList(vips), "", member(1, mPriority), member(2, bPriority));
    }

    /** B's group: B the master. */
    static String vi2() {
        return vrrpGroup("VI_2", 52, 3, 1, List.of(VIP_B), "", member(1, 100), member(2, 150));
    }

    /** Replaces the file at once (a rename): the director never reads half a document. */
    static void write(Lab lab, Path file, String content) throws Exception {
        Path tmp = lab.write(file.getFileName() + ".tmp", content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The transitions a director logged for a group. */
    static long transitions(Lab lab, int director, String group) {
        return lab.log("fulcrum-d" + director + ".log")
                .lines()
                .filter(l -> l.contains(group + " (vrid ") && l.contains(" -> "))
                .count();
    }

    @Test
    void aReloadChangesAddsAndRemovesGroupsWithoutDisturbingTheOthers() throws Exception {
        try (Lab lab = VrrpNamespaceIT.lab(2)) {
            String start = Docs.doc(2, vi1(150, 100, Lab.VIP), vi2());
            Path m = lab.write("m.json", start);
            Path b = lab.write("b.json", start);
            lab.fulcrum(1, m);
            lab.fulcrum(2, b);
            lab.await(
                    "M holds VI_1's address, B VI_2's",
                    VrrpNamespaceIT.START,
                    () -> lab.holders(Lab.VIP).equals(List.of(1))
                            && lab.holders(VIP_B).equals(List.of(2)));
            lab.awaitLog("fulcrum-d2.log", "VI_1 (vrid 51 on eth0): INITIALIZE -> BACKUP");
            long mVi1 = transitions(lab, 1, "VI_1");
            long bVi1 = transitions(lab, 2, "VI_1");
            long bVi2 = transitions(lab, 2, "VI_2");

            // a second address in VI_1, on both directors
            String twoVips = Docs.doc(2, vi1(150, 100, Lab.VIP, VIP2), vi2());
            long written = System.nanoTime();
            write(lab, m, twoVips);
            write(lab, b, twoVips);
            lab.await(
                    "M holds both addresses", Duration.ofSeconds(1), () -> lab.holds(1, Lab.VIP) && lab.holds(1, VIP2));
            System.out.println("reload -> second address on M: " + (System.nanoTime() - written) / 1_000_000 + " ms");
            lab.awaitLog("fulcrum-d2.log", "VI_1: updated in place");
            lab.holdsFor(
                    "M alone holds both, B holds VI_2's",
                    Duration.ofSeconds(4),
                    () -> lab.holders(Lab.VIP).equals(List.of(1))
                            && lab.holders(VIP2).equals(List.of(1))
                            && lab.holders(VIP_B).equals(List.of(2)));
            assertThat(transitions(lab, 1, "VI_1")).as("M never left MASTER").isEqualTo(mVi1);
            assertThat(transitions(lab, 2, "VI_1"))
                    .as("B's VI_1 never changed state")
                    .isEqualTo(bVi1);
            assertThat(transitions(lab, 2, "VI_2")).isEqualTo(bVi2);
            assertThat(lab.log("fulcrum-d1.log")).contains("VI_1: updated in place");

            // VI_2 leaves B's document: B gives its address back (priority 0), M takes it; B's VI_1 runs on
            write(lab, b, Docs.doc(2, vi1(150, 100, Lab.VIP, VIP2)));
            lab.await(
                    "M takes VI_2's address after B's priority 0",
                    Duration.ofSeconds(3),
                    () -> lab.holders(VIP_B).equals(List.of(1)));
            lab.awaitLog("fulcrum-d2.log", "VI_2: stopped");
            lab.awaitLog("fulcrum-d2.log", "VI_2 (vrid 52 on eth0): MASTER -> INITIALIZE: stopped");
            lab.holdsFor(
                    "M keeps VI_1's addresses",
                    Duration.ofSeconds(1),
                    () -> lab.holders(Lab.VIP).equals(List.of(1)));
            assertThat(transitions(lab, 2, "VI_1"))
                    .as("B's VI_1 runs on untouched")
                    .isEqualTo(bVi1);

            // B's priority in VI_1 above M's, preempt on: B takes over by the usual rules (M's adverts are lower now)
            String higher = Docs.doc(2, vi1(150, 200, Lab.VIP, VIP2));
            write(lab, m, Docs.doc(2, vi1(150, 200, Lab.VIP, VIP2), vi2()));
            write(lab, b, higher);
            lab.await(
                    "B takes VI_1's addresses",
                    Duration.ofSeconds(8),
                    () -> lab.holders(Lab.VIP).equals(List.of(2))
                            && lab.holders(VIP2).equals(List.of(2)));
            lab.awaitLog("fulcrum-d1.log", "VI_1 (vrid 51 on eth0): MASTER -> BACKUP");
            assertThat(lab.holders(VIP_B))
                    .as("M's VI_2 untouched by B's change")
                    .isEqualTo(List.of(1));
        }
    }
}
