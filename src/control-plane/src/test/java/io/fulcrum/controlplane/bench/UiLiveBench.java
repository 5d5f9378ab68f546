package io.fulcrum.controlplane.bench;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.fulcrum.controlplane.Api.admin;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.fulcrum.api.agent.v1.Ack;
import io.fulcrum.api.agent.v1.AgentMessage;
import io.fulcrum.api.agent.v1.AgentServiceGrpc;
import io.fulcrum.api.agent.v1.ControlMessage;
import io.fulcrum.api.agent.v1.Counters;
import io.fulcrum.api.agent.v1.DestinationStatus;
import io.fulcrum.api.agent.v1.Hello;
import io.fulcrum.api.agent.v1.RealServerHealth;
import io.fulcrum.api.agent.v1.ServiceStatus;
import io.fulcrum.api.agent.v1.Status;
import io.fulcrum.api.v1.Health;
import io.fulcrum.controlplane.Api;
import io.fulcrum.controlplane.Chromium;
import io.fulcrum.controlplane.DashboardProfile;
import io.fulcrum.controlplane.EmbeddedPostgresResource;
import io.fulcrum.controlplane.grpc.GrpcServer;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The dashboard live at scale (issue 14: "an agent's health event on the screen <= 1 s after the agent
 * reports it, p99, while 100 agents report"), run by hand (`bin/fulcrum bench ui`): 100 agents on the
 * real gRPC stream (in-process, TLS, a connection each) serve one virtual server with 10 real servers;
 * each sends a full status every second (10 health states and counters), and every fifth report of each
 * agent changes one real server's health (20 changes a second in all, every one on the open page). The
 * page, in headless Chromium, shows the virtual server (100 directors x 10 real servers); a
 * MutationObserver records when each change's text (its reason, unique) first appears in the DOM
 * (Date.now()); the agent side records System.currentTimeMillis() just before sending the report:
 * same machine, same clock. Not a test of the suite (the name ends in neither Test nor IT).
 */
@QuarkusTest
@TestProfile(DashboardProfile.class)
class UiLiveBench {
    static final int AGENTS = Integer.getInteger("bench.agents", 100);
    static final int REAL_SERVERS = 10;
    static final int SECONDS = Integer.getInteger("bench.seconds", 30);
    /** Each agent changes one real server's health in every CHANGE_EVERY-th report (one a second). */
    static final int CHANGE_EVERY = 5;

    @Inject
    GrpcServer grpc;

    @TestHTTPResource("/")
    URL root;

    @Test
    void aHealthChangeReachesTheOpenPageWhileAHundredAgentsReport() throws Exception {
        Api.deleteAll();
        List<String> names = new ArrayList<>();
        for (int d = 0; d < AGENTS; d++) {
            names.add("d" + d);
            admin().body("{\"name\":\"d" + d + "\",\"managementAddress\":\"10.9." + (d / 250) + "." + (d % 250 + 1)
                            + "\"}")
                    .post("/api/v1/directors")
                    .then()
                    .statusCode(201);
        }
        StringBuilder rs = new StringBuilder();
        for (int r = 0; r < REAL_SERVERS; r++)
            rs.append(r == 0 ? "" : ",")
                    .append("{\"name\":\"r")
                    .append(r)
                    .append("\",\"address\":\"10.20.0.")
                    .append(r + 1)
                    .append("\"}");
        admin().body("{\"name\":\"web\",\"address\":\"192.168.20.1\",\"port\":80,\"directors\":[\""
                        + String.join("\",\"", names) + "\"],\"realServers\":[" + rs + "]}")
                .post("/api/v1/virtual-servers")
                .then()
                .statusCode(201);

        List<Agent> agents = new ArrayList<>();
        try (Chromium chromium = new Chromium()) {
            for (String d : names) {
                String enrollment = admin().body("{\"description\":\"bench\"}")
                        .post("/api/v1/directors/" + d + "/enrollment-tokens")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("secret");
                agents.add(new Agent(
                        d, agents.size(), enrollment, grpc.port(), grpc.tls().certificate()));
            }
            for (Agent a : agents)
                if (!a.snapshot.await(60, TimeUnit.SECONDS)) throw new AssertionError(a.name + ": no desired state");
            for (Agent a : agents) a.report(-1, 0); // the baseline: every real server UP
            long until = System.nanoTime() + 30_000_000_000L;
            while (admin().get("/api/v1/directors/d" + (AGENTS - 1) + "/status")
                            .jsonPath()
                            .getList("report.health")
                    == null) {
                if (System.nanoTime() > until) throw new AssertionError("the baseline reports were not stored");
                Thread.sleep(50);
            }

            Page p = chromium.page();
            p.navigate(root.toString().replaceAll("/$", "") + "/virtual-servers/web");
            p.getByLabel("API token").fill(EmbeddedPostgresResource.ADMIN_TOKEN);
            p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                    .click();
            assertThat(p.getByTestId("rs-r9").getByTestId("health").locator("div"))
                    .hasCount(AGENTS, new LocatorAssertions.HasCountOptions().setTimeout(30_000));
            assertThat(p.locator(".stream-live")).isVisible();
            // the first time each change's reason ("chg<n>") is in the real servers' table
            p.evaluate("() => { window.__seen = {};"
                    + " new MutationObserver((records) => { const t = Date.now();"
                    + "  for (const r of records) {"
                    + "   const text = r.type === 'characterData' ? r.target.nodeValue"
                    + "     : [...r.addedNodes].map((n) => n.textContent).join(' ');"
                    + "   for (const m of (text || '').matchAll(/chg(\\d+)/g)) if (!(m[1] in window.__seen)) window.__seen[m[1]] = t;"
                    + "  } }).observe(document.querySelector('table.real-servers tbody'),"
                    + "   {subtree: true, childList: true, characterData: true}); }");

            // every agent reports once a second, the reports spread evenly over the second
            int changes = 0;
            List<Long> sent = new ArrayList<>();
            long start = System.nanoTime();
            long tickNanos = 1_000_000_000L / AGENTS;
            int reports = SECONDS * AGENTS;
            for (int i = 0; i < reports; i++) {
                long due = start + i * tickNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                Agent a = agents.get(i % AGENTS);
                int round = i / AGENTS;
                if ((round + a.index) % CHANGE_EVERY == 0) {
                    sent.add(a.report(changes, (round / CHANGE_EVERY) % REAL_SERVERS));
                    changes++;
                } else a.report(-1, 0);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(3000); // the last changes' way to the screen
            Map<?, ?> seen = (Map<?, ?>) p.evaluate("() => window.__seen");
            Chromium.screenshot(p, "bench-virtual-server-100-agents");
            long[] latencies = new long[changes];
            int shown = 0;
            for (int c = 0; c < changes; c++) {
                Object at = seen.get(Integer.toString(c));
                if (at != null) latencies[shown++] = ((Number) at).longValue() - sent.get(c);
            }
            long[] l = Arrays.copyOf(latencies, shown);
            Arrays.sort(l);
            System.out.printf(
                    "live: %d agents reported %d full statuses in %.1f s (%.0f/s), %d health changes (%.1f/s)%n",
                    AGENTS, reports, seconds, reports / seconds, changes, changes / seconds);
            if (shown == 0) throw new AssertionError("no change reached the page");
            System.out.printf(
                    "live health change, agent's send -> on the page: p50 %d ms, p99 %d ms, max %d ms (%d of %d shown)%n",
                    l[shown / 2],
                    l[(int) Math.min(shown - 1, Math.ceil(shown * 0.99) - 1)],
                    l[shown - 1],
                    shown,
                    changes);
        } finally {
            for (Agent a : agents) a.close();
        }
    }

    /** One agent: ACKs what it is sent and sends full statuses of web's real servers. */
    static final class Agent implements StreamObserver<ControlMessage> {
        final String name;
        final int index;
        final ManagedChannel channel;
        final StreamObserver<AgentMessage> out;
        final CountDownLatch snapshot = new CountDownLatch(1);
        final String[] health = new String[REAL_SERVERS];
        final String[] reason = new String[REAL_SERVERS];

        Agent(String name, int index, String token, int port, Path cert) throws Exception {
            this.name = name;
            this.index = index;
            Arrays.fill(health, "UP");
            Arrays.fill(reason, "HTTP 200");
            channel = NettyChannelBuilder.forAddress("localhost", port)
                    .sslContext(GrpcSslContexts.forClient()
                            .trustManager(cert.toFile())
                            .build())
                    .build();
            out = AgentServiceGrpc.newStub(channel).connect(this);
            send(AgentMessage.newBuilder()
                    .setHello(
                            Hello.newBuilder().setDirector(name).setToken(token).setSoftwareVersion("bench"))
                    .build());
        }

        /**
         * A full status; with {@code change} >= 0 real server {@code rs}'s health flips, its reason
         * "chg&lt;change&gt;". Returns when it was sent (System.currentTimeMillis()).
         */
        long report(int change, int rs) {
            if (change >= 0) {
                health[rs] = health[rs].equals("UP") ? "DOWN" : "UP";
                reason[rs] = "chg" + change;
            }
            long now = System.currentTimeMillis();
            Status.Builder s = Status.newBuilder().setFull(true).setAtUnixMillis(now);
            ServiceStatus.Builder service = ServiceStatus.newBuilder()
                    .setVirtualServer("web")
                    .setCounters(
                            Counters.newBuilder().setConnections(now % 1000).setCps(7));
            for (int r = 0; r < REAL_SERVERS; r++) {
                s.addHealth(RealServerHealth.newBuilder()
                        .setVirtualServer("web")
                        .setRealServer("r" + r)
                        .setHealth(Health.valueOf("HEALTH_" + health[r]))
                        .setReason(reason[r])
                        .setSinceUnixMillis(now));
                service.addDestinations(DestinationStatus.newBuilder()
                        .setRealServer("r" + r)
                        .setActiveConnections(r)
                        .setInactiveConnections(1));
            }
            Status status = s.addServices(service).build();
            long at = System.currentTimeMillis();
            send(AgentMessage.newBuilder().setStatus(status).build());
            return at;
        }

        private synchronized void send(AgentMessage m) {
            out.onNext(m);
        }

        @Override
        public void onNext(ControlMessage m) {
            if (!m.hasDesired()) return;
            send(AgentMessage.newBuilder()
                    .setAck(Ack.newBuilder().setRevision(m.getDesired().getRevision()))
                    .build());
            snapshot.countDown();
        }

        @Override
        public void onError(Throwable t) {
            snapshot.countDown();
        }

        @Override
        public void onCompleted() {
            snapshot.countDown();
        }

        void close() throws InterruptedException {
            try {
                synchronized (this) {
                    out.onCompleted();
                }
            } catch (RuntimeException ignored) {
                // already gone
            }
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
