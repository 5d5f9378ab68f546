package io.fulcrum.vrrp.runtime;

import static io.fulcrum.vrrp.runtime.Docs.member;
import static io.fulcrum.vrrp.runtime.Lab.VIP;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.scripts.ScriptRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Track scripts and notify hooks of Fulcrum directors (VrrpMain, one JVM each, with --scripts) in network
 * namespaces of this host's kernel. The scripts run as nobody from a root-owned directory, as the agent
 * runs them; a flag file the test creates makes the track script fail. Real time; every wait is a bounded poll.
 */
class VrrpTrackingNamespaceIT {
    static final Duration START = VrrpNamespaceIT.START;

    @TempDir
    Path tmp;

    Path scripts; // root's, 0755: the allowed directory
    Path flags; // 0777: flags the test sets, files the hooks (as nobody) write

    @BeforeEach
    void directories() throws IOException {
        assertThat(ScriptRunner.runningAsRoot())
                .as("the namespace tests run as root, as CI does")
                .isTrue();
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        scripts = Files.createDirectory(tmp.resolve("scripts"));
        Files.setPosixFilePermissions(scripts, PosixFilePermissions.fromString("rwxr-xr-x"));
        flags = Files.createDirectory(tmp.resolve("flags"));
        Files.setPosixFilePermissions(flags, PosixFilePermissions.fromString("rwxrwxrwx"));
        // fails while the flag file exists
        script("chk.sh", "test ! -e " + flags.resolve("fail"));
        // one line per call: its arguments
        script("notify.sh", "echo \"$*\" >> " + flags.resolve("notify.log"));
    }

    void script(String name, String body) throws IOException {
        Path p = scripts.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    String trackScript(int weight) {
        return "\"trackScripts\":[{\"name\":\"chk\",\"script\":\"" + scripts.resolve("chk.sh")
                + "\",\"intervalSeconds\":0.2," + "\"timeoutSeconds\":2,\"weight\":" + weight + "}]";
    }

    String notifyHooks() {
        String n = scripts.resolve("notify.sh").toString();
        return "\"notify\":{\"master\":\"" + n + "\",\"backup\":\"" + n + "\",\"fault\":\"" + n + "\",\"stop\":\"" + n
                + "\"}";
    }

    List<String> notified() {
        try {
            Path f = flags.resolve("notify.log");
            return Files.exists(f) ? Files.readAllLines(f) : List.of();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    void fail(boolean on) throws IOException {
        if (on) Files.writeString(flags.resolve("fail"), "");
        else Files.deleteIfExists(flags.resolve("fail"));
    }

    @Test
    void aFailingTrackScriptWithNegativeWeightHandsTheAddressToTheBackupAndItsRecoveryTakesItBack() throws Exception {
        try (Lab lab = VrrpNamespaceIT.lab(2)) {
            // d1: 150, -60 while the script fails (90 < d2's 100); d2 runs no script
            Path d1doc = lab.write(
                    "d1.json",
                    Docs.group(3, 0.1, trackScript(-60) + "," + notifyHooks(), member(1, 150), member(2, 100)));
            Path d2doc = lab.write("d2.json", Docs.group(3, 0.1, "", member(1, 150), member(2, 100)));
            lab.fulcrum(1, d1doc, scripts);
            lab.fulcrum(2, d2doc);
            lab.await("d1 (150) holds the VIP", START, () -> lab.holders(VIP).equals(List.of(1)));

            fail(true);
            lab.await(
                    "d2 takes the VIP once d1's priority drops to 90",
                    Duration.ofSeconds(5),
                    () -> lab.holders(VIP).equals(List.of(2)));
            lab.awaitLog("fulcrum-d1.log", "track script chk failed (exit status 1)");
            lab.awaitLog("fulcrum-d1.log", "priority 150 -> 90 (track script chk)");
            lab.await(
                    "d1's backup hook has the lowered priority",
                    Duration.ofSeconds(5),
                    () -> notified().contains("INSTANCE VI_1 BACKUP 90"));

            fail(false);
            lab.await(
                    "d1 back at 150 preempts",
                    Duration.ofSeconds(5),
                    () -> lab.holders(VIP).equals(List.of(1)));
            lab.awaitLog("fulcrum-d1.log", "track script chk succeeded (exit status 0)");
            lab.holdsFor(
                    "and keeps it",
                    Duration.ofSeconds(1),
                    () -> lab.holders(VIP).equals(List.of(1)));
        }
    }

    @Test
    void aFailingUnweightedTrackScriptPutsTheMasterInFaultAndHooksSeeEveryTransition() throws Exception {
        try (Lab lab = VrrpNamespaceIT.lab(2)) {
            Path d1doc = lab.write(
                    "d1.json",
                    Docs.group(3, 0.1, trackScript(0) + "," + notifyHooks(), member(1, 150), member(2, 100)));
            Path d2doc = lab.write("d2.json", Docs.group(3, 0.1, "", member(1, 150), member(2, 100)));
            Process d1 = lab.fulcrum(1, d1doc, scripts);
            lab.fulcrum(2, d2doc);
            lab.await("d1 holds the VIP", START, () -> lab.holders(VIP).equals(List.of(1)));

            fail(true);
            lab.await(
                    "d1 goes to FAULT",
                    Duration.ofSeconds(5),
                    () -> lab.log("fulcrum-d1.log").contains("MASTER -> FAULT: track script chk in fault"));
            lab.await(
                    "d2 takes the VIP",
                    Duration.ofSeconds(5),
                    () -> lab.holders(VIP).equals(List.of(2)));

            fail(false);
            lab.await(
                    "d1 recovers and preempts",
                    Duration.ofSeconds(5),
                    () -> lab.holders(VIP).equals(List.of(1)));
            lab.awaitLog("fulcrum-d1.log", "FAULT -> BACKUP: track script chk recovered");

            Lab.term(d1);
            lab.await(
                    "every transition ran its hook, in order, with keepalived's arguments",
                    Duration.ofSeconds(5),
                    () -> notified()
                            .equals(List.of(
                                    "INSTANCE VI_1 BACKUP 150",
                                    "INSTANCE VI_1 MASTER 150",
                                    "INSTANCE VI_1 FAULT 150",
                                    "INSTANCE VI_1 BACKUP 150",
                                    "INSTANCE VI_1 MASTER 150",
                                    "INSTANCE VI_1 STOP 150")));
            assertThat(lab.log("fulcrum-d1.log"))
                    .contains("hook for vrrp group VI_1 -> STOP: " + scripts.resolve("notify.sh")
                            + " INSTANCE VI_1 STOP 150: exit status 0");
        }
    }

    List<String> lines(String file) {
        try {
            Path f = flags.resolve(file);
            return Files.exists(f) ? Files.readAllLines(f) : List.of();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Two groups of one sync group on d1 (keepalived vrrp_sync_group) whose hooks take arguments: the sync
     * group's hooks run once per transition of the group, not once per member, the state's hook with its
     * own arguments only and the generic one with keepalived's "GROUP name STATE 0" after its own (vrrp_notify.c
     * notify_group_exec); each argument arrives as one word, spaces and quotes kept, no shell between.
     */
    @Test
    void aSyncGroupsHooksRunOncePerTransitionWithTheirArgumentsAsGiven() throws Exception {
        // one line per call: each argument followed by '|'
        script("sg.sh", "printf '%s|' \"$@\" >> " + flags.resolve("sg.log") + "; echo >> " + flags.resolve("sg.log"));
        script(
                "sg-any.sh",
                "printf '%s|' \"$@\" >> " + flags.resolve("any.log") + "; echo >> " + flags.resolve("any.log"));
        String sg = scripts.resolve("sg.sh").toString();
        String hooks = "\"syncGroup\":\"SG\",\"syncGroupNotify\":{"
                + "\"master\":{\"script\":\"" + sg + "\",\"arguments\":[\"master\",\"two words\",\"it's \\\"$x\\\"\"]},"
                + "\"backup\":{\"script\":\"" + sg + "\",\"arguments\":[\"backup\"]},"
                + "\"stop\":{\"script\":\"" + sg + "\",\"arguments\":[\"stop\"]},"
                + "\"any\":{\"script\":\"" + scripts.resolve("sg-any.sh") + "\",\"arguments\":[\"--from\",\"\"]}}";
        try (Lab lab = VrrpNamespaceIT.lab(2)) {
            Path d1doc = lab.write(
                    "d1.json",
                    Docs.doc(
                            2,
                            Docs.vrrpGroup("VI_1", 51, 3, 0.1, List.of(VIP), hooks, member(1, 150), member(2, 100)),
                            Docs.vrrpGroup(
                                    "VI_2", 52, 3, 0.1, List.of("10.1.1.167"), hooks, member(1, 150), member(2, 100))));
            Path d2doc = lab.write(
                    "d2.json",
                    Docs.doc(
                            2,
                            Docs.vrrpGroup("VI_1", 51, 3, 0.1, List.of(VIP), "", member(1, 150), member(2, 100)),
                            Docs.vrrpGroup(
                                    "VI_2", 52, 3, 0.1, List.of("10.1.1.167"), "", member(1, 150), member(2, 100))));
            Process d1 = lab.fulcrum(1, d1doc, scripts);
            lab.fulcrum(2, d2doc);
            lab.await(
                    "d1 holds both addresses",
                    START,
                    () -> lab.holders(VIP).equals(List.of(1))
                            && lab.holders("10.1.1.167").equals(List.of(1)));

            Lab.term(d1);
            lab.await(
                    "the sync group's state hooks ran once per transition, arguments as given",
                    Duration.ofSeconds(5),
                    () -> lines("sg.log").equals(List.of("backup|", "master|two words|it's \"$x\"|", "stop|")));
            lab.await(
                    "the generic hook got GROUP, the name, the state and 0 after its own, and no STOP",
                    Duration.ofSeconds(5),
                    () -> lines("any.log").equals(List.of("--from||GROUP|SG|BACKUP|0|", "--from||GROUP|SG|MASTER|0|")));
            lab.holdsFor(
                    "and nothing more",
                    Duration.ofMillis(500),
                    () -> lines("sg.log").size() == 3 && lines("any.log").size() == 2);
            assertThat(lab.log("fulcrum-d1.log")).contains("sync group SG: BACKUP -> MASTER");
        }
    }

    @Test
    void aGroupNamingAScriptOutsideTheAllowedDirectoryIsRefusedAndNothingRuns() throws Exception {
        Path outside = Files.writeString(tmp.resolve("outside.sh"), "#!/bin/sh\ntouch " + flags.resolve("ran") + "\n");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Lab lab = VrrpNamespaceIT.lab(1)) {
            Path doc = lab.write(
                    "d1.json", Docs.group(3, 0.1, "\"notify\":{\"master\":\"" + outside + "\"}", member(1, 150)));
            Process d1 = lab.fulcrum(1, doc, scripts);
            assertThat(d1.waitFor(START.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(d1.exitValue()).isEqualTo(1);
            assertThat(lab.log("fulcrum-d1.log"))
                    .contains("vrrp: invalid configuration: /vrrpGroups/0/notify/master: '" + outside
                            + "' is outside the allowed script directory");
            assertThat(lab.holders(VIP)).isEmpty();
            assertThat(flags.resolve("ran")).doesNotExist();
        }
    }
}
