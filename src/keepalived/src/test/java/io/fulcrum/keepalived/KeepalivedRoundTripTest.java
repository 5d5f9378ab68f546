package io.fulcrum.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Director;
import io.fulcrum.model.HealthCheck;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.codec.DocumentCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * import → export → keepalived --config-test passes, and importing the export gives the same document:
 * on the seeds and on every Debian sample that imports without refusals.
 */
class KeepalivedRoundTripTest {
    @TempDir
    Path dir;

    private void roundTrip(String name, List<Path> files) throws Exception {
        var first = KeepalivedImport.importFiles(files);
        assertThat(first.refused()).as(name + ": refused").isEmpty();
        ConfigDocument doc = first.document();
        List<Path> exported = new ArrayList<>();
        for (Director d : doc.directors()) {
            String text = KeepalivedExport.export(doc, d.name(), true);
            Path out = Files.createDirectories(dir.resolve(name)).resolve(d.name() + ".conf");
            Files.writeString(out, text);
            Keepalived.Verdict v = Keepalived.configTest(out);
            assertThat(v.accepted())
                    .as(name + " / " + d.name() + ":\n" + text + "\nkeepalived says (exit " + v.exit() + "):\n"
                            + v.output())
                    .isTrue();
            exported.add(out);
        }
        var second = KeepalivedImport.importFiles(exported);
        assertThat(DocumentCodec.encode(second.document()).toPrettyString())
                .as(name + ": the import of the export")
                .isEqualTo(DocumentCodec.encode(doc).toPrettyString());
    }

    /** keepalived.conf(5): delay_loop defaults to 60 s; a Fulcrum check without an interval runs every 5 s. */
    @Test
    void aCheckWithoutAnIntervalIsExportedWithFulcrumsOwnSoThatARollbackKeepsItsPace() {
        ConfigDocument doc = DocumentCodec.decodeDocument(DocumentCodec.parse("""
                        apiVersion: fulcrum/v1
                        directors: [{name: lb1, managementAddress: 10.0.0.1}]
                        virtualServers:
                        - name: web
                          address: 10.0.0.100
                          port: 80
                          directors: [lb1]
                          healthCheck: {type: tcp}
                          realServers: [{name: rs1, address: 10.0.0.11}]
                        """), false);

        String text = KeepalivedExport.export(doc, "lb1", false);

        assertThat(text).contains("delay_loop 5");
    }

    /**
     * Hooks with arguments, of groups and of their sync group (keepalived.conf(5) vrrp_sync_group notify_*,
     * and the generic notify), and track scripts with arguments: keepalived accepts the export, and its
     * import gives the same document, every argument as it was, whatever characters it holds.
     */
    @Test
    void hooksWithArgumentsAndSyncGroupHooksSurviveARoundTrip() throws Exception {
        Path in = Files.writeString(
                dir.resolve("lb1.conf"),
                KeepalivedExport.export(DocumentCodec.decodeDocument(DocumentCodec.parse("""
                                apiVersion: fulcrum/v1
                                directors: [{name: lb1, managementAddress: 10.0.0.1}]
                                vrrpGroups:
                                - name: VI_1
                                  vrid: 7
                                  interface: eth0
                                  virtualAddresses: [{address: 10.0.0.100/32}]
                                  members: [{director: lb1, priority: 100}]
                                  syncGroup: SG_1
                                  syncGroupNotify:
                                    master: {script: /usr/local/bin/sg.sh, arguments: [MASTER, "two words", "it's", 'say "hi"', 'a\\b #c $d']}
                                    stop: /usr/local/bin/sg-stop.sh
                                    any: {script: /usr/local/bin/sg-any.sh, arguments: [""]}
                                  notify:
                                    backup: {script: /usr/local/bin/vrrp.sh, arguments: [BACKUP, VI_1]}
                                    any: /usr/local/bin/any.sh
                                  trackScripts:
                                  - {name: chk, script: /usr/local/bin/chk.sh, arguments: ["--name", "a 'b'"], weight: -10}
                                - name: VI_2
                                  vrid: 8
                                  interface: eth1
                                  virtualAddresses: [{address: 10.0.1.100/32}]
                                  members: [{director: lb1, priority: 100}]
                                  syncGroup: SG_1
                                virtualServers:
                                - name: web
                                  address: 10.0.0.100
                                  port: 80
                                  vrrpGroup: VI_1
                                  quorum: 1
                                  notify: {quorumUp: {script: /usr/local/bin/q.sh, arguments: [up, web]}}
                                  realServers:
                                  - name: rs1
                                    address: 10.0.0.11
                                    notify: {down: {script: /usr/local/bin/rs.sh, arguments: [down, "rs 1"]}}
                                """), false), "lb1", true));

        roundTrip("hooks", List.of(in));
        var doc = KeepalivedImport.importFiles(List.of(in)).document();
        assertThat(doc.vrrpGroups().get(1).syncGroupNotify())
                .as("the sync group's hooks on each of its groups")
                .isEqualTo(doc.vrrpGroups().get(0).syncGroupNotify());
        assertThat(doc.vrrpGroups().get(0).syncGroupNotify().master().arguments())
                .containsExactly("MASTER", "two words", "it's", "say \"hi\"", "a\\b #c $d");
    }

    /**
     * A MISC_CHECK's script with arguments: misc_path is written as keepalived reads it (as a vrrp_script's
     * script), keepalived accepts it, and its import gives the same arguments, a quote and a backslash
     * included.
     */
    @Test
    void aMiscCheckWithArgumentsHoldingAQuoteAndABackslashSurvivesARoundTrip() throws Exception {
        String text =
                KeepalivedExport.export(DocumentCodec.decodeDocument(DocumentCodec.parse("""
                                apiVersion: fulcrum/v1
                                directors: [{name: lb1, managementAddress: 10.0.0.1}]
                                virtualServers:
                                - name: web
                                  address: 10.0.0.100
                                  port: 80
                                  directors: [lb1]
                                  healthCheck:
                                    type: misc
                                    misc: {script: /usr/local/bin/chk.sh, arguments: ["it's", 'a\\b "c"', two words]}
                                  realServers: [{name: rs1, address: 10.0.0.11}]
                                """), false), "lb1", true);
        Path in = Files.writeString(dir.resolve("misc.conf"), text);

        roundTrip("misc", List.of(in));
        VirtualServer vs = KeepalivedImport.importFiles(List.of(in))
                .document()
                .virtualServers()
                .get(0);
        HealthCheck check = vs.healthCheck() != null
                ? vs.healthCheck()
                : vs.realServers().get(0).healthCheck();
        assertThat(check.misc().arguments()).containsExactly("it's", "a\\b \"c\"", "two words");
    }

    /** keepalived has no FULLNAT: the export says so where it writes NAT, and keepalived accepts it. */
    @Test
    void aFullnatServiceIsExportedAsNatWithACommentSayingWhatIsLost() throws Exception {
        ConfigDocument doc = DocumentCodec.decodeDocument(DocumentCodec.parse("""
                        apiVersion: fulcrum/v1
                        directors: [{name: lb1, managementAddress: 10.0.0.1, fullnatAddresses: [10.0.1.50]}]
                        virtualServers:
                        - name: web
                          address: 10.0.0.100
                          port: 80
                          forwarding: fullnat
                          directors: [lb1]
                          realServers: [{name: rs1, address: 10.0.0.11, forwarding: fullnat}]
                        """), false);

        String text = KeepalivedExport.export(doc, "lb1", false);

        assertThat(text)
                .contains("! fullnat: keepalived has no FULLNAT; written as NAT, so the real servers must route back")
                .contains("lb_kind NAT")
                .contains("lvs_method NAT")
                .doesNotContain("FULLNAT\n");
        Path out = Files.writeString(dir.resolve("fullnat.conf"), text);
        Keepalived.Verdict v = Keepalived.configTest(out);
        assertThat(v.accepted()).as(text + "\nkeepalived says:\n" + v.output()).isTrue();
    }

    @Test
    void theSeedsSurviveARoundTrip() throws Exception {
        Path s = KeepalivedImportTest.SEEDS;
        roundTrip("000-dr", List.of(s.resolve("000-dr-lvs1.conf"), s.resolve("000-dr-lvs2.conf")));
        roundTrip("000-script", List.of(s.resolve("000-script-lvs1.conf"), s.resolve("000-script-lvs2.conf")));
        roundTrip("001-nginx", List.of(s.resolve("001-nginx-master.conf"), s.resolve("001-nginx-backup.conf")));
    }

    /** The control plane's seed files: a pair's two keepalived.conf separated by a marker line (seeds/README.md). */
    @Test
    void theControlPlanesSeedsSurviveARoundTrip() throws Exception {
        List<Path> seeds;
        try (Stream<Path> files = Files.list(Path.of("../control-plane/src/test/resources/seeds"))) {
            seeds = files.filter(p -> p.toString().endsWith(".keepalived.conf"))
                    .sorted()
                    .toList();
        }
        assertThat(seeds).hasSizeGreaterThanOrEqualTo(8);
        for (Path seed : seeds) {
            String[] parts = Files.readString(seed).split("(?m)^# ---- next director ----$");
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < parts.length; i++) {
                Path d = Files.createDirectories(dir.resolve("in-" + seed.getFileName() + "/director" + (i + 1)));
                files.add(Files.writeString(d.resolve("keepalived.conf"), parts[i]));
            }
            roundTrip(seed.getFileName().toString(), files);
        }
    }

    @Test
    void debiansSamplesSurviveARoundTrip() throws Exception {
        List<String> tried = new ArrayList<>();
        try (Stream<Path> files = Files.list(Keepalived.samples())) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("keepalived.conf"))
                    .sorted()
                    .toList()) {
                var r = KeepalivedImport.importFiles(List.of(f));
                if (!r.refused().isEmpty() || r.document().directors().isEmpty()) continue;
                roundTrip(f.getFileName().toString(), List.of(f));
                tried.add(f.getFileName().toString());
            }
        }
        assertThat(tried).as("samples that import without refusals").hasSizeGreaterThanOrEqualTo(20);
    }
}
