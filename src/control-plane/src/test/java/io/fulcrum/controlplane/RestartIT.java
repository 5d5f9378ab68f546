package io.fulcrum.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.controlplane.db.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged control plane, started the way bin/fulcrum starts it, on its embedded defaults:
 * data survives a restart, and a control plane killed with SIGKILL (leaving its PostgreSQL behind)
 * starts again. Runs as root, as CI does, so PostgreSQL is dropped to an unprivileged user, here
 * under a directory only root can search.
 */
class RestartIT {
    static final String TOKEN = "restart-it-token-0123456789";
    private static final Duration READY = Duration.ofSeconds(120);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ControlPlaneProcess running;

    @AfterEach
    void stop() throws Exception {
        if (running != null) running.close();
    }

    @Test
    void dataSurvivesARestartAndAKilledControlPlaneComesBack() throws Exception {
        assertThat(System.getProperty("user.name"))
                .as("the test suite runs as root (as CI does)")
                .isEqualTo("root");
        Path base = Path.of("target", "restart-it").toAbsolutePath();
        TestFiles.deleteTree(base);
        Files.createDirectories(
                base, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path data = base.resolve("data");
        running = start(data);
        int port = running.http;
        // the packaged control plane serves the dashboard (web-ui/, built in) at / and its deep links
        HttpResponse<String> page = send("GET", port, "/virtual-servers/web", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<div id=\"root\">");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(v -> assertThat(v).contains("script-src 'self'"));
        assertThat(Files.readString(data.getParent().resolve("control-plane.log")))
                .contains("dashboard:  http://localhost:" + port + "/");
        String body =
                "{\"name\":\"web\",\"address\":\"10.1.1.1\",\"port\":80,\"realServers\":[{\"name\":\"a\",\"address\":\"10.1.1.2\"}]}";
        assertThat(send("POST", port, "/api/v1/virtual-servers", body).statusCode())
                .isEqualTo(201);
        String before = send("GET", port, "/api/v1/config", null).body();
        assertThat(before).contains("\"revision\":2");

        Path mountPoint = Path.of("/run/fulcrum/postgres-"
                + Integer.toHexString(data.resolve("postgres").toString().hashCode()));
        assertThat(mountPoint)
                .as("PostgreSQL's view of a directory only root can search")
                .isDirectory();
        assertThat(running.stop()).as("SIGTERM: a clean stop").isIn(0, 143);
        assertThat(mountPoint).as("a clean stop leaves no mount point behind").doesNotExist();
        running.startReady(READY);
        assertThat(send("GET", port, "/api/v1/config", null).body()).isEqualTo(before);

        running.kill(); // SIGKILL: PostgreSQL is left running
        running.startReady(READY);
        assertThat(send("GET", port, "/api/v1/virtual-servers/web", null).statusCode())
                .isEqualTo(200);
        // the admin token came from FULCRUM_ADMIN_TOKEN, so no generated one was written
        assertThat(data.resolve("admin-token")).doesNotExist();
    }

    /** Also: a generated admin token, and every secret at rest readable by its owner only and out of the output. */
    @Test
    void aKilledEmbeddedPostgresqlIsStartedAgainAndRequestsSucceedAfter() throws Exception {
        Path base = Path.of("target", "postgres-killed-it").toAbsolutePath();
        TestFiles.deleteTree(base);
        Files.createDirectories(base);
        Path data = base.resolve("data");
        running = start(data);
        int port = running.http;
        String body =
                "{\"name\":\"web\",\"address\":\"10.1.1.1\",\"port\":80,\"realServers\":[{\"name\":\"a\",\"address\":\"10.1.1.2\"}]}";
        assertThat(send("POST", port, "/api/v1/virtual-servers", body).statusCode())
                .isEqualTo(201);
        long postmaster = EmbeddedPostgres.postmaster(data.resolve("postgres"))
                .orElseThrow()
                .pid();
        // as under load, the pool holds several connections when PostgreSQL dies: each is dead after it
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 32; i++)
            burst.add(sendAsync(
                    "PUT",
                    port,
                    "/api/v1/virtual-servers/web/real-servers/w" + i,
                    "{\"name\":\"w" + i + "\",\"address\":\"10.1.2." + (i + 1) + "\"}"));
        for (var r : burst) assertThat(r.get().statusCode()).isIn(200, 201);

        new ProcessBuilder("kill", "-9", Long.toString(postmaster))
                .inheritIO()
                .start()
                .waitFor();

        Path log = base.resolve("control-plane.log");
        // the control plane notices by itself and starts PostgreSQL again; no request meanwhile, so every
        // connection the pool held before is still in it, dead
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && !Files.readString(log).contains("the embedded PostgreSQL runs again")) {
            assertThat(running.alive())
                    .as("the control plane runs on; log: " + log)
                    .isTrue();
            Thread.sleep(250);
        }
        assertThat(Files.readString(log))
                .contains(
                        "the embedded PostgreSQL stopped unexpectedly (its postmaster (pid " + postmaster + ") exited)")
                .contains("the embedded PostgreSQL runs again");
        long again = EmbeddedPostgres.postmaster(data.resolve("postgres"))
                .orElseThrow()
                .pid();
        assertThat(again).as("a new postmaster").isNotEqualTo(postmaster);

        // the pool's dead connections are not handed out: not one request fails once it is back
        List<Integer> after = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String rs = "{\"name\":\"a\",\"address\":\"10.1.1.2\",\"weight\":" + (i % 9 + 1) + "}";
            after.add(send("PUT", port, "/api/v1/virtual-servers/web/real-servers/a", rs)
                    .statusCode());
            after.add(send("GET", port, "/api/v1/virtual-servers/web/status", null)
                    .statusCode());
        }
        assertThat(after).as("statuses after the restart; log: " + log).containsOnly(200);
        assertThat(send(
                                "POST",
                                port,
                                "/api/v1/virtual-servers",
                                body.replace("web", "web2").replace("10.1.1.1", "10.1.1.3"))
                        .statusCode())
                .as("writes work too")
                .isEqualTo(201);
    }

    @Test
    void withFulcrumDbUrlItUsesThatPostgresqlAndStartsNoEmbeddedOne() throws Exception {
        Path base = Path.of("target", "external-db-it").toAbsolutePath();
        TestFiles.deleteTree(base);
        Files.createDirectories(base);
        try (var external = EmbeddedPostgres.start(base.resolve("external-postgres"))) {
            Path data = base.resolve("data");
            Files.createDirectories(data); // 0755, as an operator might leave it
            running = start(
                    data,
                    "FULCRUM_DB_URL",
                    external.jdbcUrl(),
                    "FULCRUM_DB_USER",
                    external.user(),
                    "FULCRUM_DB_PASSWORD",
                    external.password(),
                    "FULCRUM_ADMIN_TOKEN",
                    "");
            int port = running.http;
            String generated = Files.readString(data.resolve("admin-token")).trim();
            assertThat(generated).startsWith("fulcrum_");
            assertThat(Files.getPosixFilePermissions(data)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(Files.getPosixFilePermissions(data.resolve("admin-token")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            try (var keys = Files.list(data.resolve("tls"))) {
                List<Path> found = keys.filter(f -> f.getFileName().toString().contains("key"))
                        .toList();
                assertThat(found).as("the generated TLS key").isNotEmpty();
                for (Path k : found) {
                    assertThat(Files.getPosixFilePermissions(k))
                            .as(k.toString())
                            .isEqualTo(PosixFilePermissions.fromString("rw-------"));
                }
            }
            assertThat(send(
                                    generated,
                                    "PUT",
                                    port,
                                    "/api/v1/directors/lb1",
                                    "{\"name\":\"lb1\",\"managementAddress\":\"10.0.0.1\"}")
                            .statusCode())
                    .isEqualTo(201);
            assertThat(data.resolve("postgres"))
                    .as("no embedded PostgreSQL when FULCRUM_DB_URL is set")
                    .doesNotExist();
            assertThat(Files.readString(data.getParent().resolve("control-plane.log")))
                    .doesNotContain(external.password())
                    .doesNotContain(generated) // not a terminal: the banner names the file instead
                    .contains("admin token: in " + data.resolve("admin-token"));
            running.close();
            running = null;
            // the rows are in the external database
            try (var c = DriverManager.getConnection(external.jdbcUrl(), external.user(), external.password());
                    var rs = c.createStatement().executeQuery("SELECT count(*) FROM director WHERE name = 'lb1'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    /**
     * The packaged control plane on {@code data}, its output in control-plane.log beside it, the admin token
     * {@link #TOKEN} unless {@code env} (name, value, ...) says otherwise; started and ready.
     */
    private static ControlPlaneProcess start(Path data, String... env) throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("FULCRUM_ADMIN_TOKEN", TOKEN);
        for (int i = 0; i + 1 < env.length; i += 2) environment.put(env[i], env[i + 1]);
        ControlPlaneProcess p = new ControlPlaneProcess(
                "control plane",
                ControlPlaneProcess.packagedApp(),
                data,
                data.getParent().resolve("control-plane.log"),
                List.of(),
                environment);
        p.startReady(READY);
        return p;
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(String method, int port, String path, String body) {
        return http.sendAsync(request(TOKEN, method, port, path, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, int port, String path, String body)
            throws IOException, InterruptedException {
        return send(TOKEN, method, port, path, body);
    }

    private HttpResponse<String> send(String token, String method, int port, String path, String body)
            throws IOException, InterruptedException {
        return http.send(request(token, method, port, path, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String token, String method, int port, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return b.build();
    }
}
