package io.fulcrum.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.model.codec.DocumentCodec;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fulcrum ctl} (module src/cli) against the real control plane: what it reads and writes through the
 * REST API, its exit statuses, and its errors as a person sees them.
 */
@QuarkusTest
class CliIT {
    @TestHTTPResource("/")
    URI root;

    @TempDir
    Path home;

    CliRunner cli;

    @BeforeEach
    void clean() {
        Api.deleteAll();
        cli = new CliRunner(root, home);
    }

    @Test
    void listsExportsDrainsEnablesAndShowsStatus() {
        CliRunner.Result empty = cli.run("list", "directors");
        assertThat(empty.exit()).isZero();
        assertThat(empty.out()).isEmpty();
        assertThat(empty.err()).isEqualTo("No directors.\n");

        Api.admin()
                .body("{\"name\":\"cli-lb1\",\"managementAddress\":\"10.0.9.1\"}")
                .post("/api/v1/directors")
                .then()
                .statusCode(201);
        Api.admin()
                .body("{\"name\":\"cli-web\",\"address\":\"192.168.90.1\",\"port\":80,\"directors\":[\"cli-lb1\"],"
                        + "\"realServers\":[{\"name\":\"a\",\"address\":\"192.168.90.11\",\"weight\":3},"
                        + "{\"name\":\"b\",\"address\":\"192.168.90.12\"}]}")
                .post("/api/v1/virtual-servers")
                .then()
                .statusCode(201);

        CliRunner.Result list = cli.run("list", "virtual-servers");
        assertThat(list.exit()).isZero();
        assertThat(list.out())
                .isEqualTo("NAME     SERVICE              SCHEDULER  FORWARDING  REAL-SERVERS  SERVED-BY\n"
                        + "cli-web  tcp 192.168.90.1:80  wlc        nat         2/2           cli-lb1\n");

        CliRunner.Result yaml = cli.run("export");
        assertThat(yaml.exit()).isZero();
        assertThat(yaml.out()).contains("apiVersion: \"fulcrum/v1\"").contains("name: \"cli-web\"");
        CliRunner.Result json = cli.run("export", "-o", "json");
        JsonNode doc = DocumentCodec.parse(json.out());
        assertThat(doc.path("directors").get(0).path("name").asText()).isEqualTo("cli-lb1");
        assertThat(doc.path("virtualServers").get(0).path("realServers").size()).isEqualTo(2);

        long before = Api.revision();
        CliRunner.Result drain = cli.run("drain", "cli-web", "a");
        assertThat(drain.exit()).as(drain.err()).isZero();
        assertThat(drain.out()).startsWith("cli-web/a: enabled -> draining (revision " + (before + 1) + ")");
        assertThat(adminState("a")).isEqualTo("draining");
        assertThat(cli.run("drain", "cli-web", "a").out()).isEqualTo("cli-web/a is already draining\n");
        assertThat(Api.revision()).isEqualTo(before + 1);

        CliRunner.Result rs = cli.run("list", "real-servers", "cli-web", "-o", "json");
        assertThat(DocumentCodec.parse(rs.out())
                        .path("items")
                        .get(0)
                        .path("weight")
                        .asInt())
                .isEqualTo(3);

        CliRunner.Result enable = cli.run("enable", "cli-web", "a");
        assertThat(enable.exit()).isZero();
        assertThat(adminState("a")).isEqualTo("enabled");
        assertThat(cli.run("disable", "cli-web", "b").exit()).isZero();
        assertThat(adminState("b")).isEqualTo("disabled");

        CliRunner.Result status = cli.run("status");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out())
                .startsWith("Revision " + Api.revision() + "\n")
                .containsPattern("\ncli-lb1 +no +never\n")
                .contains("No VRRP groups.")
                .containsPattern("\ncli-web +" + Api.revision() + " +0/1 +cli-lb1 +-\n");
        JsonNode s = DocumentCodec.parse(cli.run("status", "-o", "json").out());
        assertThat(s.path("directors").get(0).path("connected").asBoolean()).isFalse();
        assertThat(s.path("virtualServers")
                        .path("incomplete")
                        .get(0)
                        .path("pending")
                        .get(0)
                        .asText())
                .isEqualTo("cli-lb1");
    }

    @Test
    void errorsSayWhatToDo() {
        CliRunner.Result missing = cli.run("get", "virtual-server", "nope");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err())
                .startsWith("error: 404 ")
                .contains("hint: check the name: `fulcrum ctl list virtual-servers` shows what exists");

        CliRunner.Result unauthorized = cli.runWithToken("not-a-token", "list", "directors");
        assertThat(unauthorized.exit()).isEqualTo(1);
        assertThat(unauthorized.err()).startsWith("error: 401 ").contains("set FULCRUM_TOKEN");

        CliRunner.Result noServer = cli.run("get", "real-server", "nope", "a");
        assertThat(noServer.exit()).isEqualTo(1);
        assertThat(noServer.err())
                .startsWith("error: 404 ")
                .contains("hint: check the name: `fulcrum ctl list real-servers nope` shows what exists");
    }

    private static String adminState(String realServer) {
        return Api.admin()
                .get("/api/v1/virtual-servers/cli-web/real-servers/" + realServer)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("adminState");
    }
}
