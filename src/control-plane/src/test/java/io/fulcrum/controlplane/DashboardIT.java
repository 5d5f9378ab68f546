package io.fulcrum.controlplane;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.fulcrum.controlplane.Api.admin;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.net.URL;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard as a person uses it, in Debian's headless Chromium against the in-process control
 * plane serving the built web-ui/. Every screen is saved under target/screenshots.
 */
@QuarkusTest
@TestProfile(DashboardProfile.class)
class DashboardIT {
    private static Chromium chromium;

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
        ResourceCrudIT.seed();
    }

    @AfterEach
    void noConsoleErrors() {
        // a blocked inline script or style (the CSP), a failed render: all end up on the console
        Assertions.assertThat(chromium.consoleErrors)
                .filteredOn(e -> !e.contains("401") && !e.contains("412") && !e.contains("400") && !e.contains("404"))
                .isEmpty();
        chromium.consoleErrors.clear();
    }

    private static String token(String name, String role) {
        admin().delete("/api/v1/tokens/" + name);
        return admin().body("{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}")
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
    }

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    /** Opens path (a deep link) in a new browser profile and signs in there. */
    private Page signIn(String token, String path) {
        Page p = chromium.page();
        p.navigate(url(path));
        p.getByLabel("API token").fill(token);
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
        assertThat(p.getByTestId("caller")).isVisible();
        return p;
    }

    private static Locator button(Locator scope, String name) {
        return scope.getByRole(
                AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name).setExact(true));
    }

    @Test
    void theDashboardIsServedAtTheRootWithDeepLinksAndAPolicyAgainstInlineScripts() {
        RestAssured.given()
                .get("/virtual-servers/web")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .body(containsString("<div id=\"root\">"));
        RestAssured.given()
                .get("/")
                .then()
                .statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'self'"));
        // the API keeps its own answers: no index.html for an unknown API path
        RestAssured.given()
                .get("/api/v1/no-such-thing")
                .then()
                .statusCode(equalTo(404))
                .contentType(containsString("json"));
        Page p = chromium.page();
        p.navigate(url("/"));
        assertThat(p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")))
                .isVisible();
        Chromium.screenshot(p, "sign-in");
    }

    @Test
    void aWrongOrRevokedTokenGetsAClearMessageAndTheSignInPage() {
        Page p = chromium.page();
        p.navigate(url("/"));
        p.getByLabel("API token").fill("fulcrum_not-a-token");
        p.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
        assertThat(p.getByRole(AriaRole.ALERT)).containsText("not valid");
        Chromium.screenshot(p, "sign-in-wrong-token");

        String operator = token("ui-revoked", "operator");
        Page q = signIn(operator, "/virtual-servers");
        admin().delete("/api/v1/tokens/ui-revoked").then().statusCode(204);
        q.reload();
        assertThat(q.getByRole(AriaRole.ALERT)).containsText("no longer valid");
        assertThat(q.getByLabel("API token")).isVisible();
        // the token is nowhere in the address bar
        Assertions.assertThat(q.url()).doesNotContain(operator);
    }

    @Test
    void aViewerSeesEverythingButNoWriteControls() {
        Page p = signIn(token("ui-viewer", "viewer"), "/virtual-servers/web");
        assertThat(p.locator("h1")).containsText("web");
        assertThat(p.getByTestId("rs-rs1")).isVisible();
        assertThat(p.getByTestId("caller")).hasText("ui-viewer");
        assertThat(button(p.locator("main"), "Drain")).hasCount(0);
        assertThat(p.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Edit")))
                .hasCount(0);
        assertThat(p.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Tokens")))
                .hasCount(0);
        Chromium.screenshot(p, "virtual-server-as-viewer");
        p.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Virtual servers"))
                .click();
        assertThat(p.getByTestId("count")).containsText("1 of 1");
        assertThat(p.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New virtual server")))
                .hasCount(0);
    }

    @Test
    void anOperatorCreatesAVirtualServerWithTwoRealServersThroughTheForm() {
        Page p = signIn(token("ui-operator", "operator"), "/virtual-servers");
        p.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New virtual server"))
                .click();
        p.locator("input[name=name]").fill("shop");
        p.locator("input[name=address]").fill("192.168.10.200");
        p.locator("input[name=port]").fill("443");
        p.locator("input[name=director-lb1]").check();
        p.locator("select[name=check]").selectOption("http");
        p.locator("input[name=httpPath]").fill("/health");
        button(p.locator("main"), "Add a real server").click();
        button(p.locator("main"), "Add a real server").click();
        p.locator("input[name=rs-0-address]").fill("192.168.10.21");
        p.locator("input[name=rs-1-address]").fill("192.168.10.22");
        p.locator("input[name=rs-1-weight]").fill("3");
        button(p.locator("main"), "Preview").click();
        assertThat(p.getByTestId("plan")).containsText("3 to create");
        assertThat(p.getByTestId("plan")).containsText("lb1");
        Chromium.screenshot(p, "virtual-server-form-preview");
        button(p.locator("main"), "Save").click();
        assertThat(p.locator("h1")).containsText("shop");
        assertThat(p.getByTestId("rs-rs2")).isVisible();
        admin().get("/api/v1/virtual-servers/shop")
                .then()
                .statusCode(200)
                .body("realServers.size()", equalTo(2))
                .body("realServers[1].weight", equalTo(3))
                .body("healthCheck.http.urls[0].path", equalTo("/health"));
        Chromium.screenshot(p, "virtual-server");
    }

    @Test
    void anOperatorGivesOneRealServerItsOwnHealthCheckPathAndSeesItsErrorsAtTheField() {
        Page p = signIn(token("ui-operator", "operator"), "/virtual-servers/web/edit");
        assertThat(p.locator("input[name=address]")).hasValue("192.168.10.100");
        p.locator("select[name=check]").selectOption("http");
        p.locator("input[name=httpPath]").fill("/health");
        Locator rs2 = p.getByTestId("rs-row-1");
        rs2.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("override check"))
                .click();
        p.locator("input[name=rs-1-ckPath]").fill("/rs2/health");
        // ten intervals (the service's 6 s) at most: refused, and said at the override's field
        p.locator("input[name=rs-1-ckTimeout]").fill("100");
        button(p.locator("main"), "Preview").click();
        Locator timeout = p.locator("label.field.invalid")
                .filter(new Locator.FilterOptions().setHas(p.locator("input[name=rs-1-ckTimeout]")));
        assertThat(timeout.locator(".field-error")).containsText("ten intervals");
        assertThat(button(p.locator("main"), "Save")).hasCount(0);
        Chromium.screenshot(p, "virtual-server-form-check-override-error");
        p.locator("input[name=rs-1-ckTimeout]").fill("");
        button(p.locator("main"), "Preview").click();
        assertThat(p.getByTestId("plan")).containsText("to update");
        Chromium.screenshot(p, "virtual-server-form-check-override");
        button(p.locator("main"), "Save").click();
        // the edit page's heading names "web" too: wait for the saved virtual server's own page
        p.waitForURL("**/virtual-servers/web");
        assertThat(p.getByTestId("rs-rs2")).isVisible();
        admin().get("/api/v1/virtual-servers/web/real-servers/rs2")
                .then()
                .statusCode(200)
                .body("healthCheck.http.urls[0].path", equalTo("/rs2/health"));
        admin().get("/api/v1/virtual-servers/web")
                .then()
                .body("healthCheck.http.urls[0].path", equalTo("/health"))
                .body("realServers[1].healthCheck.http.urls[0].path", equalTo("/rs2/health"));
    }

    @Test
    void editingADirectorShowsItsFullnatAddressesKeepsThemAndNamesABadOne() {
        admin().body("{\"name\":\"lb9\",\"managementAddress\":\"10.0.0.9\","
                        + "\"fullnatAddresses\":[\"10.0.9.50\",\"10.0.9.51\"]}")
                .put("/api/v1/directors/lb9")
                .then()
                .statusCode(201);
        Page p = signIn(token("ui-operator", "operator"), "/directors/lb9/edit");
        Locator pool = p.locator("input[name=fullnatAddresses]");
        assertThat(pool).hasValue("10.0.9.50, 10.0.9.51");
        p.locator("input[name=description]").fill("rack 9");
        button(p.locator("main"), "Preview").click();
        assertThat(p.getByTestId("plan")).containsText("1 to update");
        button(p.locator("main"), "Save").click();
        assertThat(p.locator("h1")).hasText("Directors");
        assertThat(p.getByTestId("fullnat-lb9")).hasText("FULLNAT from 10.0.9.50, 10.0.9.51");
        admin().get("/api/v1/directors/lb9")
                .then()
                .body("description", equalTo("rack 9"))
                .body("fullnatAddresses", contains("10.0.9.50", "10.0.9.51"));

        p.navigate(url("/directors/lb9/edit"));
        assertThat(pool).hasValue("10.0.9.50, 10.0.9.51"); // loaded: the form fills itself from the director
        pool.fill("10.0.9.50, 10.0.9.x");
        button(p.locator("main"), "Preview").click();
        Locator field = p.locator("label.field").filter(new Locator.FilterOptions().setHas(pool));
        assertThat(field.locator(".field-error")).isVisible();
        Chromium.screenshot(p, "director-form-fullnat-error");
        admin().get("/api/v1/directors/lb9").then().body("fullnatAddresses", contains("10.0.9.50", "10.0.9.51"));

        // a director that does not exist: said so, not an empty form that would create it
        p.navigate(url("/directors/no-such-director/edit"));
        assertThat(p.getByRole(AriaRole.ALERT)).containsText("does not exist");
        assertThat(p.getByText("FULLNAT source addresses")).hasCount(0);
    }

    @Test
    void anOperatorAddsTwoDirectorsAndAVrrpGroupThroughTheForms() {
        Page p = signIn(token("ui-operator", "operator"), "/directors");
        for (String[] d : new String[][] {{"lb7", "10.0.0.7"}, {"lb8", "10.0.0.8"}}) {
            p.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New director"))
                    .click();
            p.locator("input[name=name]").fill(d[0]);
            p.locator("input[name=managementAddress]").fill(d[1]);
            button(p.locator("main"), "Preview").click();
            assertThat(p.getByTestId("plan")).containsText("1 to create");
            button(p.locator("main"), "Save").click();
            assertThat(p.getByText(d[1])).isVisible();
        }
        p.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("VRRP groups"))
                .click();
        p.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New VRRP group"))
                .click();
        p.locator("input[name=name]").fill("VI_7");
        p.locator("input[name=vrid]").fill("57");
        p.locator("input[name=addresses]").fill("192.168.70.1/24");
        button(p.locator("main"), "Add a member").click();
        button(p.locator("main"), "Add a member").click();
        p.locator("select[name=member-0-director]").selectOption("lb7");
        p.locator("select[name=member-1-director]").selectOption("lb8");
        button(p.locator("main"), "Preview").click();
        assertThat(p.getByTestId("plan")).containsText("lb7, lb8");
        Chromium.screenshot(p, "vrrp-group-form-preview");
        button(p.locator("main"), "Save").click();
        assertThat(p.getByText("192.168.70.1/24")).isVisible();
        admin().get("/api/v1/vrrp-groups/VI_7")
                .then()
                .statusCode(200)
                .body("members.director", equalTo(List.of("lb7", "lb8")))
                .body("members.priority", equalTo(List.of(100, 90)));
    }

    @Test
    void aBadAddressShowsTheFieldsErrorAndNothingIsStored() {
        Page p = signIn(token("ui-operator", "operator"), "/virtual-servers/new");
        long before = Api.revision();
        p.locator("input[name=name]").fill("broken");
        p.locator("input[name=address]").fill("300.1.2.3");
        p.locator("input[name=director-lb1]").check();
        button(p.locator("main"), "Preview").click();
        Locator field = p.locator("label.field.invalid")
                .filter(new Locator.FilterOptions().setHas(p.locator("input[name=address]")));
        assertThat(field.locator(".field-error")).isVisible();
        Chromium.screenshot(p, "virtual-server-form-field-error");
        // the form does not offer to save a refused change
        assertThat(button(p.locator("main"), "Save")).hasCount(0);
        admin().get("/api/v1/virtual-servers/broken").then().statusCode(404);
        Assertions.assertThat(Api.revision()).isEqualTo(before);
    }

    @Test
    void anOperatorDrainsARealServerAndTheAuditPageShowsTheDiff() {
        Page p = signIn(token("ui-operator", "operator"), "/virtual-servers/web");
        Locator rs1 = p.getByTestId("rs-rs1");
        button(rs1, "Drain").click();
        assertThat(rs1).containsText("draining");
        admin().get("/api/v1/virtual-servers/web/real-servers/rs1").then().body("adminState", equalTo("draining"));

        p.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Audit")).click();
        Locator first = p.locator("table.audit tbody tr").first();
        assertThat(first).containsText("ui-operator");
        assertThat(first).containsText("web/rs1");
        button(first, "diff").click();
        Locator diff = p.locator("table.diff");
        assertThat(diff).containsText("/adminState");
        assertThat(diff).containsText("draining");
        Chromium.screenshot(p, "audit-diff");
        // filtered by who
        p.getByLabel("who").fill("nobody");
        button(p.locator("main"), "Filter").click();
        assertThat(p.getByText("No records.")).isVisible();
    }

    @Test
    void twoBrowsersEditTheSameRealServerAndTheSecondGetsWhatChanged() {
        String operator = token("ui-operator", "operator");
        Page a = signIn(operator, "/virtual-servers/web");
        Page b = signIn(operator, "/virtual-servers/web");
        Locator rsB = b.getByTestId("rs-rs1");
        button(rsB, "edit").click();
        Locator rsA = a.getByTestId("rs-rs1");
        button(rsA, "edit").click();
        rsA.getByLabel("weight").fill("5");
        button(rsA, "Save").click();
        assertThat(button(rsA, "Save")).hasCount(0);
        admin().get("/api/v1/virtual-servers/web/real-servers/rs1").then().body("weight", equalTo(5));

        rsB.getByLabel("weight").fill("7");
        button(rsB, "Save").click();
        Locator conflict = b.locator(".conflict");
        assertThat(conflict).containsText("rs1 was changed meanwhile");
        assertThat(conflict.locator("table.diff")).containsText("/weight");
        assertThat(conflict.locator("table.diff")).containsText("5");
        Chromium.screenshot(b, "conflict-412");
        button(conflict, "Reload").click();
        assertThat(b.locator(".conflict")).hasCount(0);
        admin().get("/api/v1/virtual-servers/web/real-servers/rs1").then().body("weight", equalTo(5));
    }

    @Test
    void anAdminCreatesATokenShownOnceAndRevokesIt() {
        admin().delete("/api/v1/tokens/ui-made");
        Page p = signIn(token("ui-admin", "admin"), "/tokens");
        p.locator("input[name=tokenName]").fill("ui-made");
        p.locator("select[name=tokenRole]").selectOption("operator");
        button(p.locator("main"), "Create token").click();
        Locator secret = p.getByTestId("secret");
        assertThat(secret).containsText("fulcrum_");
        String shown = secret.textContent();
        Chromium.screenshot(p, "tokens-secret-once");
        Api.as(shown).get("/api/v1/whoami").then().statusCode(200).body("role", equalTo("operator"));
        // shown once: not after a reload
        p.reload();
        assertThat(p.getByTestId("token-ui-made")).isVisible();
        assertThat(p.getByTestId("secret")).hasCount(0);
        Assertions.assertThat(p.content()).doesNotContain(shown);
        Locator row = p.getByTestId("token-ui-made");
        button(row, "Revoke").click();
        button(row, "Revoke ui-made").click();
        assertThat(p.getByTestId("token-ui-made")).hasCount(0);
        Api.as(shown).get("/api/v1/whoami").then().statusCode(401);
    }

    @Test
    void everyScreenRenders() {
        Page p = signIn(token("ui-admin", "admin"), "/");
        assertThat(p.locator("h1")).hasText("Overview");
        assertThat(p.getByText("VI_1")).isVisible();
        Chromium.screenshot(p, "overview");
        p.navigate(url("/virtual-servers"));
        assertThat(p.getByTestId("count")).containsText("1 of 1");
        Chromium.screenshot(p, "virtual-servers");
        p.navigate(url("/virtual-servers/web/edit"));
        assertThat(p.locator("input[name=address]")).hasValue("192.168.10.100");
        Chromium.screenshot(p, "virtual-server-edit");
        p.navigate(url("/directors"));
        assertThat(p.getByText("10.0.0.2")).isVisible();
        Chromium.screenshot(p, "directors");
        p.navigate(url("/directors/new"));
        Chromium.screenshot(p, "director-form");
        p.navigate(url("/vrrp-groups"));
        assertThat(p.getByText("192.168.10.100/24")).isVisible();
        Chromium.screenshot(p, "vrrp-groups");
        p.navigate(url("/vrrp-groups/VI_1/edit"));
        assertThat(p.locator("input[name=vrid]")).hasValue("51");
        Chromium.screenshot(p, "vrrp-group-form");
        p.navigate(url("/audit"));
        assertThat(p.locator("table.audit tbody tr").first()).isVisible();
        Chromium.screenshot(p, "audit");
        p.navigate(url("/tokens"));
        assertThat(p.getByTestId("token-ui-admin")).isVisible();
        Chromium.screenshot(p, "tokens");
        p.navigate(url("/configuration"));
        button(p.locator("main"), "Export YAML").click();
        assertThat(p.getByTestId("exported")).containsText("fulcrum/v1");
        String yaml = p.getByTestId("exported").textContent();
        p.getByLabel("document", new Page.GetByLabelOptions().setExact(true))
                .fill(yaml.replace("weight: 2", "weight: 4"));
        button(p.locator("main"), "Plan").click();
        assertThat(p.getByTestId("plan")).containsText("1 to update");
        Chromium.screenshot(p, "configuration-plan");
        button(p.locator("main"), "Apply this plan").click();
        assertThat(p.getByText("Applied")).isVisible();
        admin().get("/api/v1/virtual-servers/web/real-servers/rs2").then().body("weight", equalTo(4));
    }
}
