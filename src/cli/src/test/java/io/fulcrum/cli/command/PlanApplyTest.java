package io.fulcrum.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.cli.CliRun;
import io.fulcrum.cli.FakeControlPlane;
import io.fulcrum.cli.http.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanApplyTest {
    static final String DOC =
            "apiVersion: fulcrum/v1\n" + "directors:\n" + "  - {name: lb1, managementAddress: 10.0.0.1}\n";
    static final String DOC_JSON =
            "{\"apiVersion\":\"fulcrum/v1\",\"directors\":[{\"name\":\"lb1\",\"managementAddress\":\"10.0.0.1\"}]}";
    static final String CHANGES = "{\"basedOnRevision\":41,\"refused\":false,\"writes\":true,"
            + "\"counts\":{\"create\":1,\"update\":1,\"delete\":1,\"unchanged\":2,\"keep\":0},\"changes\":["
            + "{\"kind\":\"director\",\"name\":\"lb1\",\"action\":\"create\",\"at\":\"/directors/0\",\"directors\":[\"lb1\"]},"
            + "{\"kind\":\"virtual-server\",\"name\":\"web\",\"action\":\"update\",\"at\":\"/virtualServers/0\","
            + "\"diff\":[{\"path\":\"/scheduler\",\"before\":\"wlc\",\"after\":\"rr\"},{\"path\":\"/quorum\",\"before\":2}],"
            + "\"directors\":[\"lb1\",\"lb2\"]},"
            + "{\"kind\":\"real-server\",\"virtualServer\":\"web\",\"name\":\"old\",\"action\":\"delete\",\"directors\":[\"lb1\"]}"
            + "],\"errors\":[],\"warnings\":[{\"field\":\"/virtualServers/0\",\"message\":\"no health check\"}]}";
    static final String NO_CHANGES = "{\"basedOnRevision\":41,\"refused\":false,\"writes\":false,"
            + "\"counts\":{\"create\":0,\"update\":0,\"delete\":0,\"unchanged\":3,\"keep\":1},\"changes\":[],"
            + "\"errors\":[],\"warnings\":[]}";
    static final String REFUSED = "{\"basedOnRevision\":41,\"refused\":true,\"writes\":true,"
            + "\"counts\":{\"create\":1,\"update\":0,\"delete\":0,\"unchanged\":0,\"keep\":0},\"changes\":[],"
            + "\"errors\":[{\"field\":\"/virtualServers/0/directors/0\",\"message\":\"no director 'lb9'\"}],\"warnings\":[]}";

    @TempDir
    Path dir;

    CliRun cli;
    Path file;

    @BeforeEach
    void setUp() throws IOException {
        cli = new CliRun(dir);
        file = Files.writeString(dir.resolve("fleet.yaml"), DOC);
    }

    private void plan(String query, String json) {
        cli.api.json("POST", "/api/v1/config/plan" + query, 200, json);
    }

    @Test
    void planWithChangesShowsThemAndExits2() {
        plan("", CHANGES);
        CliRun.Result r = cli.run("plan", "-f", file.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out())
                .isEqualTo("Plan against revision 41:\n\n" + "  + director lb1  (directors: lb1)\n"
                        + "  ~ virtual-server web  (directors: lb1, lb2)\n"
                        + "      /scheduler: \"wlc\" -> \"rr\"\n"
                        + "      /quorum: 2 -> (none)\n"
                        + "  - real-server web/old  (directors: lb1)\n\n"
                        + "Warnings:\n" + "  /virtualServers/0: no health check\n\n"
                        + "Plan: 1 to create, 1 to update, 1 to delete; 2 unchanged, 0 kept.\n");
        Request sent = cli.api.requests.get(0);
        assertThat(sent.bodyText()).isEqualTo(DOC_JSON);
        assertThat(sent.headers()).containsEntry("Content-Type", "application/json");
    }

    @Test
    void planWithoutChangesExits0() {
        plan("", NO_CHANGES);
        CliRun.Result r = cli.run("plan", "-f", file.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .isEqualTo("No changes: the control plane already matches the document. 1 resource not in the"
                        + " document kept (--prune deletes them).\n");
    }

    @Test
    void aRefusedPlanExits1WithItsErrors() {
        plan("", REFUSED);
        CliRun.Result r = cli.run("plan", "-f", file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out())
                .contains("Errors:\n  /virtualServers/0/directors/0: no director 'lb9'\n")
                .contains("The document is refused; nothing can be applied until the errors are fixed.");
    }

    @Test
    void anInvalidDocumentAnsweredWithAProblemExits1WithItsFields() {
        cli.api.on(
                "POST",
                "/api/v1/config/plan",
                FakeControlPlane.problem(400, "Bad Request", "invalid document", "/directors/0/name", "is required"));
        CliRun.Result r = cli.run("plan", "-f", file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("error: 400 Bad Request: invalid document\n" + "  /directors/0/name: is required\n"
                        + "hint: fix what the lines above name, then run the command again\n");
    }

    @Test
    void aSyntaxErrorIsReportedWithItsLineBeforeAnythingIsSent() throws IOException {
        Files.writeString(file, "apiVersion: fulcrum/v1\ndirectors: [\n  {name: lb1\n");
        CliRun.Result r = cli.run("plan", "-f", file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("is not valid YAML or JSON").contains("line ");
        assertThat(cli.api.requests).isEmpty();
    }

    @Test
    void aMissingFileSaysSo() {
        CliRun.Result r = cli.run("plan", "-f", dir.resolve("nope.yaml").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("error: cannot read").contains("hint: give -f a readable YAML or JSON file");
    }

    @Test
    void planPassesPruneSelectorsAndListUnchanged() {
        plan("?prune=true&selector=team%3Dpay&selector=env%3Dprod&listUnchanged=true", NO_CHANGES);
        CliRun.Result r = cli.run(
                "plan",
                "-f",
                file.toString(),
                "--prune",
                "-l",
                "team=pay",
                "--selector",
                "env=prod",
                "--list-unchanged");
        assertThat(r.exit()).isZero();
    }

    @Test
    void planReadsStdin() {
        plan("", NO_CHANGES);
        cli.terminal.stdin(DOC);
        assertThat(cli.run("plan", "-f", "-").exit()).isZero();
        assertThat(cli.api.requests.get(0).bodyText()).isEqualTo(DOC_JSON);
    }

    @Test
    void planJsonIsThePlanAsTheApiReturnsIt() {
        plan("", CHANGES);
        CliRun.Result r = cli.run("plan", "-f", file.toString(), "-o", "json");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).startsWith("{\n  \"basedOnRevision\": 41,\n  \"refused\": false,");
    }

    @Test
    void planIsColouredOnATerminal() {
        plan("", CHANGES);
        cli.terminal.terminal = true;
        String out = cli.run("plan", "-f", file.toString()).out();
        assertThat(out)
                .contains("\u001b[32m+ director lb1\u001b[0m")
                .contains("\u001b[33m~ virtual-server web\u001b[0m")
                .contains("\u001b[31m- real-server web/old\u001b[0m");
    }

    @Test
    void aControlPlaneWithoutThePlanEndpointSaysToUpgrade() {
        CliRun.Result r = cli.run("plan", "-f", file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("hint: this control plane has no plan endpoint");
    }

    @Test
    void diffShowsOnlyTheChangesAndExitsAsPlan() {
        plan("", CHANGES);
        CliRun.Result r = cli.run("diff", "-f", file.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out())
                .isEqualTo("  + director lb1  (directors: lb1)\n" + "  ~ virtual-server web  (directors: lb1, lb2)\n"
                        + "      /scheduler: \"wlc\" -> \"rr\"\n" + "      /quorum: 2 -> (none)\n"
                        + "  - real-server web/old  (directors: lb1)\n\n" + "Warnings:\n"
                        + "  /virtualServers/0: no health check\n\n");
    }

    @Test
    void diffWithoutChangesPrintsNothing() {
        plan("", NO_CHANGES);
        CliRun.Result r = cli.run("diff", "-f", file.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void applyWithYesAppliesWithIfMatchOfThePlansRevision() {
        plan("?prune=true", CHANGES);
        cli.api.json(
                "PUT",
                "/api/v1/config?prune=true",
                200,
                "{\"revision\":44,\"apply\":\"a-17\",\"plan\":" + CHANGES + "}");
        CliRun.Result r = cli.run("apply", "-f", file.toString(), "--prune", "--yes");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains("Plan: 1 to create")
                .endsWith("Applied: 1 created, 1 updated, 1 deleted; the control plane is at revision 44.\n"
                        + "Apply a-17; its audit records: GET /api/v1/audit?apply=a-17\n");
        Request put = cli.api.requests("PUT", "/api/v1/config").get(0);
        assertThat(put.headers()).containsEntry("If-Match", "\"41\"");
        assertThat(put.bodyText()).isEqualTo(DOC_JSON);
        assertThat(cli.terminal.prompts).isEmpty();
    }

    @Test
    void applyAsksOnATerminalAndAppliesOnYes() {
        plan("", CHANGES);
        cli.api.json("PUT", "/api/v1/config", 200, "{}");
        cli.api.ok("/api/v1/revision", "{\"revision\":44}");
        cli.terminal.terminal = true;
        cli.terminal.answer("yes");
        CliRun.Result r = cli.run("apply", "-f", file.toString(), "--no-color");
        assertThat(r.exit()).isZero();
        assertThat(cli.terminal.prompts)
                .containsExactly("Apply this plan to " + FakeControlPlane.WHERE + "? Only 'yes' applies it: ");
        assertThat(r.out()).endsWith("revision 44.\n");
    }

    @Test
    void applyAnsweredOtherwiseChangesNothing() {
        plan("", CHANGES);
        cli.terminal.terminal = true;
        cli.terminal.answer("y");
        CliRun.Result r = cli.run("apply", "-f", file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Apply cancelled; nothing was changed.\n");
        assertThat(cli.api.requests("PUT", "/")).isEmpty();
    }

    @Test
    void applyRefusesToGoOnWithoutATerminalOrYes() {
        plan("", CHANGES);
        CliRun.Result r = cli.run("apply", "-f", file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .contains("error: not applied: stdin is not a terminal")
                .contains("hint: run again with --yes to apply without asking");
        assertThat(cli.api.requests("PUT", "/")).isEmpty();
    }

    @Test
    void applyWithNothingToChangeDoesNotAsk() {
        plan("", NO_CHANGES);
        CliRun.Result r = cli.run("apply", "-f", file.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("No changes");
        assertThat(cli.api.requests("PUT", "/")).isEmpty();
    }

    @Test
    void applyOfARefusedDocumentChangesNothing() {
        plan("", REFUSED);
        CliRun.Result r = cli.run("apply", "-f", file.toString(), "--yes");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(cli.api.requests("PUT", "/")).isEmpty();
    }

    @Test
    void aStoreThatMovedSinceThePlanSaysToPlanAgain() {
        plan("", CHANGES);
        cli.api.on("PUT", "/api/v1/config", FakeControlPlane.problem(412, "Precondition Failed", null));
        CliRun.Result r = cli.run("apply", "-f", file.toString(), "--yes");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("error: 412 Precondition Failed\n"
                        + "hint: the configuration changed since the plan (made on revision 41); nothing was applied:"
                        + " run `fulcrum ctl apply` again to plan against the new state\n");
    }

    @Test
    void applyOfADocumentRefusedWith400ChangesNothing() {
        cli.api.on(
                "POST",
                "/api/v1/config/plan",
                FakeControlPlane.problem(
                        400, "Bad Request", "document refused", "/virtualServers/0/directors/0", "no director 'lb9'"));
        CliRun.Result r = cli.run("apply", "-f", file.toString(), "--yes");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("  /virtualServers/0/directors/0: no director 'lb9'\n");
        assertThat(cli.api.requests("PUT", "/")).isEmpty();
    }

    @Test
    void aChangeThatFailsOnApplyIsReportedWithItsFields() {
        plan("", CHANGES);
        cli.api.on(
                "PUT",
                "/api/v1/config",
                FakeControlPlane.problem(
                        409, "Conflict", "nothing was applied", "/virtualServers/0/address", "in use by dns"));
        CliRun.Result r = cli.run("apply", "-f", file.toString(), "--yes");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("error: 409 Conflict: nothing was applied\n" + "  /virtualServers/0/address: in use by dns\n"
                        + "hint: the change conflicts with other resources (see above): change those first\n");
    }

    @Test
    void applyReadsStdinOnce() {
        plan("", CHANGES);
        cli.api.json("PUT", "/api/v1/config", 200, "{\"revision\":42}");
        cli.terminal.stdin(DOC);
        assertThat(cli.run("apply", "-f", "-", "--yes").exit()).isZero();
        assertThat(cli.api.requests("PUT", "/").get(0).bodyText()).isEqualTo(DOC_JSON);
    }
}
