package io.fulcrum.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.cli.CliRun;
import io.fulcrum.cli.http.Response;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.codec.DocumentCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeepalivedCommandsTest {
    static final Path SEEDS = Path.of("../keepalived/src/test/resources/seeds");

    @TempDir
    Path home;

    @Test
    void importKeepalivedPrintsTheDocumentOnStdoutAndTheReportOnStderr() {
        CliRun.Result r = new CliRun(home)
                .run(
                        "import-keepalived",
                        SEEDS.resolve("000-dr-lvs1.conf").toString(),
                        SEEDS.resolve("000-dr-lvs2.conf").toString());

        assertThat(r.exit()).as(r.err()).isZero();
        ConfigDocument doc = DocumentCodec.decodeDocument(DocumentCodec.parse(r.out()), false);
        assertThat(doc.vrrpGroups())
                .singleElement()
                .satisfies(g -> assertThat(g.members()).hasSize(2));
        assertThat(r.err())
                .contains("000-dr-lvs1.conf:3: router_id: mapped: the director's name")
                .contains(" mapped, ")
                .contains(" not supported");
    }

    @Test
    void importKeepalivedJsonIsAJsonDocument() {
        CliRun.Result r = new CliRun(home)
                .run(
                        "import-keepalived",
                        "-o",
                        "json",
                        SEEDS.resolve("000-dr-lvs1.conf").toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("{\n  \"apiVersion\" : \"fulcrum/v1\"");
    }

    @Test
    void aFileThatCannotBeReadIsAnErrorNamingIt() throws Exception {
        Path bad = Files.writeString(home.resolve("bad.conf"), "}\n");
        CliRun.Result r = new CliRun(home).run("import-keepalived", bad.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("bad.conf:1");
    }

    @Test
    void exportKeepalivedPrintsTheControlPlanesText() {
        CliRun cli = new CliRun(home);
        cli.api.on(
                "GET",
                "/api/v1/directors/lb1/keepalived.conf",
                Response.of(200, "text/plain", "global_defs {\n    router_id lb1\n}\n"));

        CliRun.Result r = cli.run("export-keepalived", "lb1");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("global_defs {\n    router_id lb1\n}\n");
    }
}
