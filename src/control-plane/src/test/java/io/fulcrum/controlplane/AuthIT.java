package io.fulcrum.controlplane;

import static io.fulcrum.controlplane.Api.admin;
import static io.fulcrum.controlplane.Api.anonymous;
import static io.fulcrum.controlplane.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthIT {
    /** Everything the control plane logs while a test runs. */
    private final LogCapture logged = new LogCapture();

    @BeforeEach
    void seed() {
        logged.start();
        Api.deleteAll();
        ResourceCrudIT.seed();
    }

    @AfterEach
    void stopCapture() {
        logged.stop();
    }

    private String token(String name, String role) {
        admin().delete("/api/v1/tokens/" + name);
        return admin().body("{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}")
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .body("role", equalTo(role))
                .body("secret", startsWith("fulcrum_"))
                .extract()
                .path("secret");
    }

    @Test
    void withoutATokenOrWithAWrongOneTheAnswerIs401() {
        anonymous()
                .get("/api/v1/directors")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"));
        as("fulcrum_not-a-real-token")
                .get("/api/v1/directors")
                .then()
                .statusCode(401)
                .body("detail", containsString("not valid"));
        anonymous()
                .header("Authorization", "Basic YWRtaW46YWRtaW4=")
                .get("/api/v1/revision")
                .then()
                .statusCode(401);
    }

    @Test
    void whoamiNamesTheTokenAndItsRole() {
        String viewer = token("ci-whoami", "viewer");
        as(viewer)
                .get("/api/v1/whoami")
                .then()
                .statusCode(200)
                .body("name", equalTo("ci-whoami"))
                .body("role", equalTo("viewer"));
        admin().get("/api/v1/whoami").then().statusCode(200).body("role", equalTo("admin"));
        anonymous().get("/api/v1/whoami").then().statusCode(401);
    }

    @Test
    void aViewerReadsButCannotWrite() {
        String viewer = token("ci-viewer", "viewer");
        as(viewer).get("/api/v1/virtual-servers/web").then().statusCode(200);
        as(viewer).get("/api/v1/audit").then().statusCode(200);
        long r = Api.revision();
        as(viewer)
                .body("{\"name\":\"lb8\",\"managementAddress\":\"10.0.0.8\"}")
                .post("/api/v1/directors")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("viewer"));
        as(viewer).delete("/api/v1/virtual-servers/web").then().statusCode(403);
        as(viewer).get("/api/v1/tokens").then().statusCode(403);
        assertThat(Api.revision()).isEqualTo(r);
    }

    @Test
    void anOperatorWritesTheModelButCannotManageTokens() {
        String operator = token("ci-operator", "operator");
        as(operator)
                .body("{\"name\":\"lb8\",\"managementAddress\":\"10.0.0.8\"}")
                .post("/api/v1/directors")
                .then()
                .statusCode(201);
        admin().get("/api/v1/audit?limit=1").then().body("items[0].actor", equalTo("ci-operator"));
        // the audit trail filtered by who made the change
        admin().get("/api/v1/audit?actor=ci-operator")
                .then()
                .statusCode(200)
                .body("items.actor", everyItem(equalTo("ci-operator")))
                .body("items.resource", hasItem("lb8"));
        admin().get("/api/v1/audit?actor=nobody-at-all").then().body("items", empty());
        as(operator).get("/api/v1/tokens").then().statusCode(403);
        as(operator)
                .body("{\"name\":\"sneaky\",\"role\":\"admin\"}")
                .post("/api/v1/tokens")
                .then()
                .statusCode(403);
    }

    @Test
    void aRevokedTokenIsRefusedAtOnce() {
        String t = token("ci-temp", "operator");
        as(t).get("/api/v1/revision").then().statusCode(200);
        admin().delete("/api/v1/tokens/ci-temp").then().statusCode(204);
        as(t).get("/api/v1/revision").then().statusCode(401);
        admin().get("/api/v1/audit?kind=token&resource=ci-temp&limit=1")
                .then()
                .body("items[0].action", equalTo("delete"));
    }

    @Test
    void secretsNeverAppearInResponsesOrLogs() {
        String password = "Zq9!pw8x";
        admin().body(ResourceCrudIT.GROUP
                        .replace("VI_1", "VI_S")
                        .replace("51", "61")
                        .replace("1111", password))
                .post("/api/v1/vrrp-groups")
                .then()
                .statusCode(201);
        String tokenSecret = token("ci-secret", "viewer");
        String everything = String.join(
                "\n",
                admin().get("/api/v1/vrrp-groups/VI_S").asString(),
                admin().get("/api/v1/vrrp-groups").asString(),
                admin().get("/api/v1/config").asString(),
                admin().accept("application/yaml").get("/api/v1/config").asString(),
                admin().get("/api/v1/audit?limit=1000").asString(),
                admin().get("/api/v1/tokens").asString(),
                // a rejected write that carries the secret must not echo it either
                admin().body(ResourceCrudIT.GROUP
                                .replace("VI_1", "VI_T")
                                .replace("51", "62")
                                .replace("1111", password)
                                .replace("eth0", "bad/if"))
                        .post("/api/v1/vrrp-groups")
                        .asString());
        assertThat(everything)
                .doesNotContain(password)
                .doesNotContain(tokenSecret)
                .doesNotContain(Api.class.getName());
        assertThat(logged.text())
                .doesNotContain(password)
                .doesNotContain(tokenSecret)
                .doesNotContain(EmbeddedPostgresResource.ADMIN_TOKEN);
    }
}
