package io.fulcrum.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.cli.CliRun;
import io.fulcrum.cli.FakeControlPlane;
import io.fulcrum.cli.http.Response;
import java.net.ConnectException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusWatchExportTest {
    @TempDir
    Path home;

    CliRun cli;

    @BeforeEach
    void setUp() {
        cli = new CliRun(home);
    }

    private void fleet() {
        cli.api.ok(
                "/api/v1/status",
                "{\"revision\":12,\"directors\":[{\"name\":\"lb1\",\"connected\":true,\"appliedRevision\":12},"
                        + "{\"name\":\"lb2\",\"connected\":false,\"appliedRevision\":9},"
                        + "{\"name\":\"lb3\",\"connected\":false,\"appliedRevision\":null}],"
                        + "\"vrrpGroups\":[{\"name\":\"vg1\",\"vrid\":51,\"status\":{\"group\":\"vg1\",\"splitBrain\":false,"
                        + "\"members\":[{\"director\":\"lb1\",\"connected\":true,\"state\":\"MASTER\"},"
                        + "{\"director\":\"lb2\",\"connected\":false}]}}],"
                        + "\"virtualServers\":{\"total\":2,\"incomplete\":[{\"name\":\"web\",\"status\":"
                        + "{\"revision\":12,\"directors\":2,\"applied\":1,\"appliedOn\":[\"lb1\"],\"pending\":[\"lb2\"],"
                        + "\"lastError\":{\"director\":\"lb2\",\"revision\":11,\"object\":\"real-server web/a\","
                        + "\"field\":\"port\",\"message\":\"in use\"}}}]}}");
    }

    @Test
    void statusShowsDirectorsMastersAndIncompleteRollouts() {
        fleet();
        CliRun.Result r = cli.run("status");
        assertThat(r.exit()).isZero();
        assertThat(cli.api.requests)
                .as("one request, whatever the size of the fleet")
                .hasSize(1);
        assertThat(r.out())
                .isEqualTo("Revision 12\n\n" + "DIRECTOR  CONNECTED  APPLIED\n"
                        + "lb1       yes        12 (current)\n"
                        + "lb2       no         9 (3 behind)\n"
                        + "lb3       no         never\n\n"
                        + "VRRP-GROUP  VRID  MASTER  MEMBERS\n"
                        + "vg1         51    lb1     lb1=MASTER lb2=disconnected\n\n"
                        + "Virtual servers: 1 of 2 not yet applied on every director serving them:\n"
                        + "VIRTUAL-SERVER  REVISION  APPLIED  PENDING  LAST-ERROR\n"
                        + "web             12        1/2      lb2      lb2: real-server web/a: port: in use\n");
    }

    @Test
    void statusJsonHasAFixedShape() {
        fleet();
        CliRun.Result r = cli.run("status", "-o", "json");
        assertThat(r.out().replaceAll("\\s", ""))
                .isEqualTo(
                        "{\"revision\":12,\"directors\":[{\"name\":\"lb1\",\"connected\":true,\"appliedRevision\":12},"
                                + "{\"name\":\"lb2\",\"connected\":false,\"appliedRevision\":9},"
                                + "{\"name\":\"lb3\",\"connected\":false,\"appliedRevision\":null}],"
                                + "\"vrrpGroups\":[{\"name\":\"vg1\",\"vrid\":51,\"master\":\"lb1\",\"splitBrain\":false,"
                                + "\"members\":[{\"director\":\"lb1\",\"connected\":true,\"state\":\"MASTER\"},"
                                + "{\"director\":\"lb2\",\"connected\":false,\"state\":null}]}],"
                                + "\"virtualServers\":{\"total\":2,\"incomplete\":[{\"name\":\"web\",\"revision\":12,"
                                + "\"directors\":2,\"applied\":1,\"pending\":[\"lb2\"],\"lastError\":{\"director\":\"lb2\","
                                + "\"revision\":11,\"object\":\"real-serverweb/a\",\"field\":\"port\",\"message\":\"inuse\"}}]}}");
    }

    @Test
    void statusOfAnEmptyControlPlane() {
        cli.api.ok(
                "/api/v1/status",
                "{\"revision\":0,\"directors\":[],\"vrrpGroups\":[],\"virtualServers\":{\"total\":0,\"incomplete\":[]}}");
        assertThat(cli.run("status").out())
                .isEqualTo("Revision 0\n\nNo directors.\n\nNo VRRP groups.\n\nNo virtual servers.\n");
    }

    @Test
    void aBadTokenSaysWhatToSet() {
        cli.api.on("GET", "/api/v1/status", FakeControlPlane.problem(401, "Unauthorized", "no valid bearer token"));
        CliRun.Result r = cli.run("status");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("error: 401 Unauthorized: no valid bearer token\n"
                        + "hint: the control plane at http://cp.test:8080 did not accept the token: set FULCRUM_TOKEN"
                        + " (or FULCRUM_TOKEN_FILE) to a valid API token, or run `fulcrum ctl login`\n");
    }

    @Test
    void watchPrintsEachEventOnALine() {
        cli.api.stream(
                "/api/v1/events",
                ": keep-alive",
                "event: revision",
                "data: {\"revision\": 13}",
                "",
                "event: director",
                "data: {\"name\":\"lb1\",",
                "data: \"connected\":false}",
                "",
                "data: plain text");
        CliRun.Result r = cli.run("watch");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .isEqualTo("revision {\"revision\":13}\n" + "director {\"name\":\"lb1\",\"connected\":false}\n"
                        + "message plain text\n");
        assertThat(cli.api.requests.get(0).headers()).containsEntry("Accept", "text/event-stream");
        assertThat(r.err()).isEqualTo("The control plane ended the event stream.\n");
    }

    @Test
    void watchShowsTheControlPlanesEventsAsSentences() {
        cli.api.stream(
                "/api/v1/events?types=revision%2Cvrrp&since=41",
                "id: 7",
                "event: revision",
                "data: {\"type\":\"revision\",\"revision\":42,\"at\":\"2026-12-07T10:00:00Z\",\"changes\":["
                        + "{\"resource\":\"real-server\",\"name\":\"web\",\"realServer\":\"rs1\",\"action\":\"update\","
                        + "\"by\":\"alice\"}]}",
                "",
                "id: 8",
                "event: vrrp",
                "data: {\"type\":\"vrrp\",\"director\":\"lb1\",\"group\":\"VI_1\",\"state\":\"MASTER\","
                        + "\"previous\":\"BACKUP\",\"priority\":100,\"effectivePriority\":90,\"reason\":null,"
                        + "\"at\":\"2026-12-07T10:00:01Z\"}",
                "");
        CliRun.Result r = cli.run("watch", "--types", "revision,vrrp", "--since", "41");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .isEqualTo("10:00:00 revision 42 update real-server web/rs1 by alice\n"
                        + "10:00:01 vrrp lb1 VI_1 BACKUP -> MASTER (priority 90/100)\n");
    }

    @Test
    void watchResumesAfterTheLastEventIdWhenTheConnectionBreaks() {
        cli.api.stream(
                "/api/v1/events",
                "id: 7",
                "event: agent",
                "data: {\"type\":\"agent\",\"director\":\"lb1\",\"event\":\"ack\",\"revision\":3}",
                "",
                FakeControlPlane.DROP);
        cli.api.stream(
                "/api/v1/events",
                "id: 8",
                "event: agent",
                "data: {\"type\":\"agent\",\"director\":\"lb1\",\"event\":\"disconnected\",\"revision\":0}",
                "");
        CliRun.Result r = cli.run("watch");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("agent lb1 ack revision 3\nagent lb1 disconnected\n");
        assertThat(r.err()).startsWith("The event stream broke");
        assertThat(cli.api.requests.get(1).headers()).containsEntry("Last-Event-ID", "7");
    }

    @Test
    void watchSaysWhenToResyncAndFollowsAgainFromThatRevision() {
        cli.api.stream(
                "/api/v1/events",
                "event: resync",
                "data: {\"type\":\"resync\",\"reason\":\"client fell behind\",\"revision\":57}",
                "");
        cli.api.stream("/api/v1/events?since=57", ": keep-alive", "");
        CliRun.Result r = cli.run("watch");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("resync (client fell behind) at revision 57\n");
        assertThat(r.err())
                .isEqualTo("The control plane says to resync (client fell behind): re-read the state of revision 57.\n"
                        + "Following again from revision 57.\n"
                        + "The control plane ended the event stream.\n");
    }

    @Test
    void watchJsonIsOneObjectALine() {
        cli.api.stream("/api/v1/events", "event: revision", "data: {\"revision\":13}", "");
        assertThat(cli.run("watch", "-o", "json").out())
                .isEqualTo("{\"event\":\"revision\",\"data\":{\"revision\":13}}\n");
    }

    @Test
    void watchWithoutAnEventStreamSaysToUseStatus() {
        CliRun.Result r = cli.run("watch");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("error: this control plane has no event stream yet (GET /api/v1/events)\n"
                        + "hint: use `fulcrum ctl status` to see the fleet\n");
    }

    @Test
    void exportPrintsTheControlPlanesYaml() {
        cli.api.on(
                "GET",
                "/api/v1/config",
                Response.of(200, "application/yaml", "apiVersion: \"fulcrum/v1\"\nrevision: 3\n"));
        CliRun.Result r = cli.run("export");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("apiVersion: \"fulcrum/v1\"\nrevision: 3\n");
        assertThat(cli.api.requests.get(0).headers()).containsEntry("Accept", "application/yaml");
    }

    @Test
    void exportJsonIsIndented() {
        cli.api.ok("/api/v1/config", "{\"apiVersion\":\"fulcrum/v1\",\"revision\":3}");
        assertThat(cli.run("export", "-o", "json").out())
                .isEqualTo("{\n  \"apiVersion\": \"fulcrum/v1\",\n  \"revision\": 3\n}\n");
    }

    @Test
    void anUnreachableControlPlaneSaysToCheckTheUrl() {
        cli.api.failure = new ConnectException("Connection refused");
        CliRun.Result r = cli.run("export");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("error: cannot connect to the control plane at http://cp.test:8080 (Connection refused)\n"
                        + "hint: check FULCRUM_URL (or `fulcrum ctl login --url URL`) and that the control plane is"
                        + " running\n");
    }
}
