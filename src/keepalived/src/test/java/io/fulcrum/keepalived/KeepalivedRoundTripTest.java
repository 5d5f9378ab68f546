package io.fulcrum.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Director;
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
