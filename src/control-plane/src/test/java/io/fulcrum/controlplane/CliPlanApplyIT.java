package io.fulcrum.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fulcrum ctl plan / diff / apply} against the real control plane's {@code POST /api/v1/config/plan}
 * and {@code PUT /api/v1/config}: exit statuses 0/2/1, the confirmation, prune, and that what was applied
 * is what REST reads back. (Written with the command line before those endpoints were merged: it fails,
 * loudly, on a control plane without them.)
 */
@QuarkusTest
class CliPlanApplyIT {
    static final String DOC = """
            apiVersion: fulcrum/v1
            directors:
              - name: pa-lb1
                managementAddress: 10.0.8.1
            virtualServers:
              - name: pa-web
                address: 192.168.80.1
                port: 80
                directors: [pa-lb1]
                realServers:
                  - name: a
                    address: 192.168.80.11
            """;

    @TestHTTPResource("/")
    URI root;

    @TempDir
    Path dir;

    CliRunner cli;
    Path file;

    @BeforeEach
    void clean() throws IOException {
        Api.deleteAll();
        cli = new CliRunner(root, dir);
        file = Files.writeString(dir.resolve("fleet.yaml"), DOC);
    }

    @Test
    void plansAppliesAndFindsNothingLeftToDo() throws IOException {
        CliRunner.Result plan = cli.run("plan", "-f", file.toString());
        assertThat(plan.exit()).as(plan.err()).isEqualTo(2);
        assertThat(plan.out())
                .contains("+ director pa-lb1")
                .contains("+ virtual-server pa-web")
                .contains("Plan: ");
        assertThat(cli.run("diff", "-f", file.toString()).exit()).isEqualTo(2);

        CliRunner.Result unconfirmed = cli.run("apply", "-f", file.toString());
        assertThat(unconfirmed.exit()).isEqualTo(1);
        assertThat(unconfirmed.err()).contains("run again with --yes");
        Api.admin().get("/api/v1/directors/pa-lb1").then().statusCode(404);

        CliRunner.Result apply = cli.run("apply", "-f", file.toString(), "--yes");
        assertThat(apply.exit()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("Applied: ").contains("revision " + Api.revision());
        Api.admin().get("/api/v1/virtual-servers/pa-web/real-servers/a").then().statusCode(200);

        CliRunner.Result again = cli.run("plan", "-f", file.toString());
        assertThat(again.exit()).as(again.out()).isZero();
        assertThat(again.out()).startsWith("No changes");
        assertThat(cli.run("diff", "-f", file.toString()).out()).isEmpty();

        Files.writeString(file, DOC.replace("address: 192.168.80.11", "address: 192.168.80.11\n        weight: 5"));
        CliRunner.Result update = cli.run("plan", "-f", file.toString());
        assertThat(update.exit()).isEqualTo(2);
        assertThat(update.out()).contains("~ real-server pa-web/a").contains("/weight");
        assertThat(cli.run("apply", "-f", file.toString(), "--yes").exit()).isZero();
        assertThat(Api.admin()
                        .get("/api/v1/virtual-servers/pa-web/real-servers/a")
                        .then()
                        .extract()
                        .jsonPath()
                        .getInt("weight"))
                .isEqualTo(5);
    }

    @Test
    void whatTheDocumentLeavesOutIsKeptUnlessPruned() throws IOException {
        assertThat(cli.run("apply", "-f", file.toString(), "--yes").exit()).isZero();
        Path directorOnly = Files.writeString(
                dir.resolve("director.yaml"),
                "apiVersion: fulcrum/v1\ndirectors:\n  - {name: pa-lb1, managementAddress: 10.0.8.1}\n");

        CliRunner.Result kept = cli.run("plan", "-f", directorOnly.toString());
        assertThat(kept.exit()).as(kept.out()).isZero();
        assertThat(kept.out()).contains("kept (--prune deletes them)");

        CliRunner.Result pruned = cli.run("plan", "-f", directorOnly.toString(), "--prune");
        assertThat(pruned.exit()).isEqualTo(2);
        assertThat(pruned.out()).contains("- virtual-server pa-web");
        assertThat(cli.run("apply", "-f", directorOnly.toString(), "--prune", "--yes")
                        .exit())
                .isZero();
        Api.admin().get("/api/v1/virtual-servers/pa-web").then().statusCode(404);
        Api.admin().get("/api/v1/directors/pa-lb1").then().statusCode(200);
    }

    @Test
    void aRefusedDocumentExits1AndChangesNothing() throws IOException {
        Files.writeString(file, DOC.replace("directors: [pa-lb1]", "directors: [nope]"));
        long before = Api.revision();
        CliRunner.Result plan = cli.run("plan", "-f", file.toString());
        assertThat(plan.exit()).isEqualTo(1);
        assertThat(plan.out() + plan.err()).contains("nope");
        assertThat(cli.run("apply", "-f", file.toString(), "--yes").exit()).isEqualTo(1);
        assertThat(Api.revision()).isEqualTo(before);
    }
}
