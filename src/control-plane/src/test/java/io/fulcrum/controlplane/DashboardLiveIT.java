package io.fulcrum.controlplane;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.fulcrum.controlplane.Api.admin;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.fulcrum.api.agent.v1.Counters;
import io.fulcrum.api.agent.v1.DestinationStatus;
import io.fulcrum.api.agent.v1.RealServerHealth;
import io.fulcrum.api.agent.v1.ServiceStatus;
import io.fulcrum.api.agent.v1.Status;
import io.fulcrum.api.agent.v1.VrrpStatus;
import io.fulcrum.api.v1.Health;
import io.fulcrum.api.v1.VrrpState;
import io.fulcrum.controlplane.grpc.GrpcServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard live: an agent on the real gRPC stream (in-process, TLS) reports a health change and the
 * open page shows it within a second, without a reload (GET /api/v1/events).
 */
@QuarkusTest
@TestProfile(DashboardProfile.class)
class DashboardLiveIT {
    private static Chromium chromium;

    @Inject
    GrpcServer grpc;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void browser() {
        chromium = new Chromium();
    }

    @AfterAll
    static void closeBrowser() {
        if (chromium != null) chromium.close();
    }

    @BeforeEach
    void seed() {
        Api.deleteAll();
        ResourceCrudIT.seed(); // lb1, lb2 in group VI_1 carrying virtual server web (rs1, rs2)
    }

    private static Status health(String rs1, String reason) {
        long now = System.currentTimeMillis();
        return Status.newBuilder()
                .setFull(true)
                .setAtUnixMillis(now)
                .addHealth(RealServerHealth.newBuilder()
                        .setVirtualServer("web")
                        .setRealServer("rs1")
                        .setHealth(Health.valueOf("HEALTH_" + rs1))
                        .setReason(reason)
                        .setSinceUnixMillis(now))
                .addHealth(RealServerHealth.newBuilder()
                        .setVirtualServer("web")
                        .setRealServer("rs2")
                        .setHealth(Health.HEALTH_UP)
                        .setSinceUnixMillis(now))
                .addVrrp(VrrpStatus.newBuilder()
                        .setGroup("VI_1")
                        .setState(VrrpState.VRRP_STATE_MASTER)
                        .setPriority(150)
                        .setEffectivePriority(150)
                        .setSinceUnixMillis(now))
                .addServices(ServiceStatus.newBuilder()
                        .setVirtualServer("web")
                        .setCounters(Counters.newBuilder().setConnections(42).setCps(7))
                        .addDestinations(DestinationStatus.newBuilder()
                                .setRealServer("rs1")
                                .setActiveConnections(12)
                                .setInactiveConnections(3))
                        .addDestinations(DestinationStatus.newBuilder()
                                .setRealServer("rs2")
                                .setActiveConnections(30)
                                .setInactiveConnections(5)))
                .build();
    }

    @Test
    void anAgentReportsAHealthChangeAndTheOpenPageShowsItWithinASecond() throws Exception {
        String enrollment = admin().body("{\"description\":\"ui\"}")
                .post("/api/v1/directors/lb1/enrollment-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
        try (TestAgent lb1 =
                TestAgent.connect(grpc.port(), grpc.tls().certificate()).hello("lb1", enrollment, 0, null)) {
            lb1.ack(lb1.next().getRevision());
            lb1.status(health("UP", "HTTP 200"));
            // the page reads the directors' last reports when it opens: wait until lb1's is stored
            long until = System.nanoTime() + 10_000_000_000L;
            while (admin().get("/api/v1/directors/lb1/status").jsonPath().getList("report.health") == null) {
                if (System.nanoTime() > until) throw new AssertionError("lb1's report was not stored within 10 s");
                Thread.sleep(50);
            }

            Page p = chromium.page();
            p.navigate(root.toString().replaceAll("/$", "") + "/virtual-servers/web");
            p.getByLabel("API token").fill(EmbeddedPostgresResource.ADMIN_TOKEN);
            p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                    .click();
            Locator rs1 = p.getByTestId("rs-rs1").getByTestId("health");
            assertThat(rs1).containsText("UP");
            assertThat(p.locator(".stream-live")).isVisible();

            lb1.status(health("DOWN", "connection refused"));
            assertThat(rs1).containsText("DOWN", new LocatorAssertions.ContainsTextOptions().setTimeout(1000));
            assertThat(rs1).containsText("connection refused");
            // the agent's counters, per director
            assertThat(p.getByTestId("rs-rs2")).containsText("30 / 5");
            Chromium.screenshot(p, "virtual-server-live-health");

            p.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Overview"))
                    .click();
            assertThat(p.getByTestId("health-totals")).containsText("1 down");
            assertThat(p.getByText("master: lb1")).isVisible();
            Chromium.screenshot(p, "overview-live");
        }
    }
}
