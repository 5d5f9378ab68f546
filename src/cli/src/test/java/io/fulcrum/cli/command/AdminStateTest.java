package io.fulcrum.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.cli.CliRun;
import io.fulcrum.cli.FakeControlPlane;
import io.fulcrum.cli.http.Request;
import io.fulcrum.cli.http.Response;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminStateTest {
    static final String PATH = "/api/v1/virtual-servers/web/real-servers/a";
    static final String A = "{\"name\":\"a\",\"address\":\"192.168.10.11\",\"weight\":3,\"adminState\":\"enabled\","
            + "\"metadata\":{\"version\":4,\"revision\":9}}";
    static final String A_DRAINING = "{\"name\":\"a\",\"address\":\"192.168.10.11\",\"weight\":3,"
            + "\"adminState\":\"draining\",\"metadata\":{\"version\":5,\"revision\":10}}";

    @TempDir
    Path home;

    CliRun cli;

    @BeforeEach
    void setUp() {
        cli = new CliRun(home);
    }

    @Test
    void drainReadsThenPutsTheRealServerDrainingWithIfMatch() {
        cli.api.tagged(PATH, "\"4\"", A);
        cli.api.json("PUT", PATH, 200, A_DRAINING);
        CliRun.Result r = cli.run("drain", "web", "a");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .isEqualTo("web/a: enabled -> draining (revision 10); no new connections, removed once its"
                        + " connections end\n");
        Request put = cli.api.requests("PUT", PATH).get(0);
        assertThat(put.headers()).containsEntry("If-Match", "\"4\"");
        assertThat(put.bodyText())
                .isEqualTo("{\"name\":\"a\",\"address\":\"192.168.10.11\",\"weight\":3,\"adminState\":\"draining\"}");
    }

    @Test
    void enableAndDisableSetTheirStates() {
        cli.api.tagged(PATH, "\"5\"", A_DRAINING);
        cli.api.json("PUT", PATH, 200, A);
        assertThat(cli.run("enable", "web", "a").out()).startsWith("web/a: draining -> enabled");
        assertThat(cli.api.requests("PUT", PATH).get(0).bodyText()).contains("\"adminState\":\"enabled\"");

        cli.api.requests.clear();
        assertThat(cli.run("disable", "web", "a").out()).contains("-> disabled");
        assertThat(cli.api.requests("PUT", PATH).get(0).bodyText()).contains("\"adminState\":\"disabled\"");
    }

    @Test
    void aRealServerAlreadyInTheStateIsLeftAlone() {
        cli.api.tagged(PATH, "\"5\"", A_DRAINING);
        CliRun.Result r = cli.run("drain", "web", "a");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("web/a is already draining\n");
        assertThat(cli.api.requests("PUT", PATH)).isEmpty();
    }

    @Test
    void aConcurrentChangeIsRetriedOnceAfterReadingAgain() {
        cli.api.on(
                "GET",
                PATH,
                tagged("\"4\"", A),
                tagged("\"6\"", A.replace("\"version\":4", "\"version\":6").replace("\"weight\":3", "\"weight\":5")));
        cli.api.on(
                "PUT",
                PATH,
                FakeControlPlane.problem(412, "Precondition Failed", null),
                Response.of(200, "application/json", A_DRAINING));
        CliRun.Result r = cli.run("drain", "web", "a");
        assertThat(r.exit()).isZero();
        assertThat(cli.api.requests("PUT", PATH))
                .extracting(q -> q.headers().get("If-Match"))
                .containsExactly("\"4\"", "\"6\"");
        assertThat(cli.api.requests("PUT", PATH).get(1).bodyText()).contains("\"weight\":5");
    }

    @Test
    void aSecondConcurrentChangeGivesUpWithAClearError() {
        cli.api.tagged(PATH, "\"4\"", A);
        cli.api.on("PUT", PATH, FakeControlPlane.problem(412, "Precondition Failed", null));
        CliRun.Result r = cli.run("drain", "web", "a");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(cli.api.requests("PUT", PATH)).hasSize(2);
        assertThat(r.err())
                .isEqualTo("error: web/a changed twice while it was being set draining; it is left as it is\n"
                        + "hint: run the command again (`fulcrum ctl get real-server web a` shows it)\n");
    }

    @Test
    void anUnknownRealServerSaysHowToListThem() {
        CliRun.Result r = cli.run("drain", "web", "zz");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("hint: check the names: `fulcrum ctl list real-servers web`");
    }

    @Test
    void aViewerTokenIsToldWhatRoleItNeeds() {
        cli.api.tagged(PATH, "\"4\"", A);
        cli.api.on("PUT", PATH, FakeControlPlane.problem(403, "Forbidden", "role viewer may not write"));
        CliRun.Result r = cli.run("drain", "web", "a");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("error: 403 Forbidden: role viewer may not write\n"
                        + "hint: the token's role does not allow this: changes need an operator (or admin) token\n");
    }

    @Test
    void jsonOutputIsTheRealServerAfterTheChange() {
        cli.api.tagged(PATH, "\"4\"", A);
        cli.api.json("PUT", PATH, 200, A_DRAINING);
        assertThat(cli.run("drain", "web", "a", "-o", "json").out()).contains("\"adminState\": \"draining\"");
    }

    private static Response tagged(String etag, String json) {
        return new Response(200, Map.of("Content-Type", "application/json", "ETag", etag), json.getBytes());
    }
}
