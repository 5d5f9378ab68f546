package io.fulcrum.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.cli.CliRun;
import io.fulcrum.cli.FakeControlPlane;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GetListTest {
    static final String LB1 = "{\"name\":\"lb1\",\"managementAddress\":\"10.0.0.1\",\"status\":{\"connected\":true,"
            + "\"appliedRevision\":7,\"agentVersion\":\"0.1.0\"},\"metadata\":{\"version\":1,\"revision\":3}}";
    static final String LB2 = "{\"name\":\"lb2\",\"managementAddress\":\"10.0.0.2\",\"status\":{\"connected\":false}}";
    static final String WEB = "{\"name\":\"web\",\"address\":\"192.168.10.1\",\"port\":80,\"protocol\":\"tcp\","
            + "\"scheduler\":\"wrr\",\"forwarding\":\"dr\",\"directors\":[\"lb1\",\"lb2\"],\"realServers\":["
            + "{\"name\":\"a\",\"address\":\"192.168.10.11\",\"weight\":3,\"adminState\":\"enabled\"},"
            + "{\"name\":\"b\",\"address\":\"192.168.10.12\",\"port\":8080,\"adminState\":\"draining\"}]}";

    @TempDir
    Path home;

    CliRun cli;

    @BeforeEach
    void setUp() {
        cli = new CliRun(home);
    }

    @Test
    void listsDirectorsAsAnAlignedTableWithoutColoursWhenPiped() {
        cli.api.ok("/api/v1/directors?limit=1000", "{\"items\":[" + LB1 + "," + LB2 + "]}");
        CliRun.Result r = cli.run("list", "directors");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .isEqualTo("NAME  ADDRESS   CONNECTED  APPLIED  AGENT\n"
                        + "lb1   10.0.0.1  yes        7        0.1.0\n"
                        + "lb2   10.0.0.2  no         -        -\n");
        assertThat(cli.api.requests.get(0).headers()).containsEntry("Accept", "application/json");
        assertThat(cli.connections)
                .singleElement()
                .satisfies(s -> assertThat(s.token()).isEqualTo("t0ken"));
    }

    @Test
    void colouredOnATerminalUnlessNoColorIsSet() {
        cli.api.ok("/api/v1/directors?limit=1000", "{\"items\":[" + LB1 + "]}");
        cli.terminal.terminal = true;
        assertThat(cli.run("list", "directors").out())
                .contains("\u001b[32myes\u001b[0m")
                .contains("\u001b[1mNAME");
        assertThat(cli.run("list", "directors", "--no-color").out()).doesNotContain("\u001b[");
        cli.env.put("NO_COLOR", "1");
        assertThat(cli.run("list", "directors").out()).doesNotContain("\u001b[");
    }

    @Test
    void followsEveryPageAndPassesLabels() {
        cli.api.ok(
                "/api/v1/virtual-servers?limit=1000&label=team%3Dpay",
                "{\"items\":[" + WEB + "],\"nextPageToken\":\"p2\"}");
        cli.api.ok(
                "/api/v1/virtual-servers?limit=1000&label=team%3Dpay&pageToken=p2",
                "{\"items\":[{\"name\":\"dns\",\"fwmark\":7,\"vrrpGroup\":\"vg1\"}]}");
        CliRun.Result r = cli.run("list", "vs", "-l", "team=pay");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .isEqualTo("NAME  SERVICE              SCHEDULER  FORWARDING  REAL-SERVERS  SERVED-BY\n"
                        + "web   tcp 192.168.10.1:80  wrr        dr          1/2           lb1,lb2\n"
                        + "dns   fwmark 7             wlc        nat         0/0           vrrp-group vg1\n");
    }

    @Test
    void listJsonIsOneItemsDocumentInTheApisOrder() {
        cli.api.ok("/api/v1/directors?limit=1000", "{\"items\":[" + LB2 + "]}");
        CliRun.Result r = cli.run("list", "directors", "-o", "json");
        assertThat(r.out())
                .isEqualTo("{\n" + "  \"items\": [\n" + "    {\n" + "      \"name\": \"lb2\",\n"
                        + "      \"managementAddress\": \"10.0.0.2\",\n" + "      \"status\": {\n"
                        + "        \"connected\": false\n" + "      }\n" + "    }\n" + "  ]\n" + "}\n");
    }

    @Test
    void anEmptyListSaysSoOnStderr() {
        cli.api.ok("/api/v1/vrrp-groups?limit=1000", "{\"items\":[]}");
        CliRun.Result r = cli.run("list", "vrrp-groups");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("No vrrp-groups.\n");
    }

    @Test
    void listsTheRealServersOfAVirtualServer() {
        cli.api.ok(
                "/api/v1/virtual-servers/web/real-servers?limit=1000",
                "{\"items\":[{\"name\":\"a\",\"address\":\"192.168.10.11\",\"weight\":3,\"adminState\":\"enabled\"},"
                        + "{\"name\":\"b\",\"address\":\"192.168.10.12\",\"port\":8080,\"adminState\":\"draining\"}]}");
        CliRun.Result r = cli.run("list", "real-servers", "web");
        assertThat(r.out())
                .isEqualTo("NAME  ADDRESS        PORT  WEIGHT  ADMIN-STATE\n"
                        + "a     192.168.10.11  -     3       enabled\n"
                        + "b     192.168.10.12  8080  1       draining\n");
    }

    @Test
    void realServersNeedTheirVirtualServer() {
        CliRun.Result r = cli.run("list", "real-servers");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .contains("error: real-servers belong to a virtual server")
                .contains("hint: fulcrum ctl list real-servers VIRTUAL-SERVER");
        assertThat(cli.api.requests).isEmpty();
    }

    @Test
    void anUnknownKindIsAUsageErrorNamingTheKinds() {
        CliRun.Result r = cli.run("list", "pools");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("unknown kind 'pools'").contains("directors, vrrp-groups, virtual-servers");
    }

    @Test
    void getsOneResourceAsTableYamlOrJson() {
        cli.api.ok("/api/v1/directors/lb1", LB1);
        assertThat(cli.run("get", "director", "lb1").out())
                .startsWith("NAME  ADDRESS")
                .contains("lb1   10.0.0.1");
        assertThat(cli.run("get", "director", "lb1", "-o", "yaml").out())
                .contains("name: \"lb1\"")
                .contains("appliedRevision: 7");
        assertThat(cli.run("get", "director", "lb1", "-o", "JSON").out())
                .startsWith("{\n  \"name\": \"lb1\",\n  \"managementAddress\": \"10.0.0.1\",");
    }

    @Test
    void getsARealServerByBothNames() {
        cli.api.ok("/api/v1/virtual-servers/web/real-servers/a", "{\"name\":\"a\",\"address\":\"192.168.10.11\"}");
        CliRun.Result r = cli.run("get", "rs", "web", "a");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("a     192.168.10.11  -     1       enabled");
        assertThat(cli.run("get", "real-server", "a").err()).contains("real-servers take 2 names, got 1");
    }

    @Test
    void aMissingResourceSaysWhatToCheck() {
        cli.api.on("GET", "/api/v1/directors/nope", FakeControlPlane.problem(404, "Not Found", "no director 'nope'"));
        CliRun.Result r = cli.run("get", "director", "nope");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("error: 404 Not Found: no director 'nope'\n"
                        + "hint: check the name: `fulcrum ctl list directors` shows what exists\n");
    }

    @Test
    void namesAreEncodedIntoThePath() {
        cli.api.ok("/api/v1/directors/a%2Fb", LB1);
        assertThat(cli.run("get", "director", "a/b").exit()).isZero();
    }
}
