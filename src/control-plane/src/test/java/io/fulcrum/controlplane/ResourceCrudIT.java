package io.fulcrum.controlplane;

import static io.fulcrum.controlplane.Api.admin;
import static io.fulcrum.controlplane.Api.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ResourceCrudIT {
    static final String DIRECTOR = "{\"name\":\"%s\",\"managementAddress\":\"%s\",\"labels\":{\"site\":\"%s\"}}";
    static final String GROUP = """
            {"name":"VI_1","vrid":51,"interface":"eth0","advertIntervalSeconds":1,
             "virtualAddresses":[{"address":"192.168.10.100/24"}],
             "members":[{"director":"lb1","priority":150,"initialState":"master"},{"director":"lb2","priority":100}],
             "authentication":{"type":"pass","password":"1111"}}""";
    static final String VS = """
            {"name":"web","address":"192.168.10.100","port":80,"scheduler":"wrr","forwarding":"dr","vrrpGroup":"VI_1",
             "persistence":{"timeoutSeconds":50},"healthCheck":{"type":"tcp","intervalSeconds":6,"timeoutSeconds":3,"retries":3},
             "realServers":[{"name":"rs1","address":"192.168.10.11","weight":1},{"name":"rs2","address":"192.168.10.12","weight":2}]}""";

    @BeforeEach
    void clean() {
        Api.deleteAll();
    }

    static void seed() {
        admin().body(DIRECTOR.formatted("lb1", "10.0.0.1", "a"))
                .post("/api/v1/directors")
                .then()
                .statusCode(201);
        admin().body(DIRECTOR.formatted("lb2", "10.0.0.2", "b"))
                .post("/api/v1/directors")
                .then()
                .statusCode(201);
        admin().body(GROUP).post("/api/v1/vrrp-groups").then().statusCode(201);
        admin().body(VS).post("/api/v1/virtual-servers").then().statusCode(201);
    }

    @Test
    void createsReadsUpdatesAndDeletesADirector() {
        long r0 = revision();
        Response created =
                admin().body(DIRECTOR.formatted("lb1", "10.0.0.1", "a")).post("/api/v1/directors");
        created.then()
                .statusCode(201)
                .header("ETag", "\"1\"")
                .header("Location", Matchers.endsWith("/api/v1/directors/lb1"))
                .body("managementAddress", equalTo("10.0.0.1"))
                .body("status.connected", equalTo(false))
                .body("metadata.revision", equalTo((int) r0 + 1));
        admin().get("/api/v1/directors/lb1").then().statusCode(200).body("labels.site", equalTo("a"));

        admin().header("If-Match", "\"1\"")
                .body(DIRECTOR.formatted("lb1", "10.0.0.9", "a"))
                .put("/api/v1/directors/lb1")
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"")
                .body("managementAddress", equalTo("10.0.0.9"));
        assertThat(revision()).isEqualTo(r0 + 2);

        admin().header("If-Match", "\"2\"")
                .delete("/api/v1/directors/lb1")
                .then()
                .statusCode(204);
        admin().get("/api/v1/directors/lb1").then().statusCode(404).contentType("application/problem+json");
        assertThat(revision()).isEqualTo(r0 + 3);
    }

    @Test
    void putCreatesWhenAbsentAndIfNoneMatchMakesItCreateOnly() {
        admin().body(DIRECTOR.formatted("lb9", "10.0.0.9", "a"))
                .put("/api/v1/directors/lb9")
                .then()
                .statusCode(201);
        long r = revision();
        admin().header("If-None-Match", "*")
                .body(DIRECTOR.formatted("lb9", "10.0.0.8", "a"))
                .put("/api/v1/directors/lb9")
                .then()
                .statusCode(412);
        admin().body(DIRECTOR.formatted("lb9", "10.0.0.8", "a"))
                .post("/api/v1/directors")
                .then()
                .statusCode(412);
        assertThat(revision()).isEqualTo(r);
        admin().get("/api/v1/directors/lb9").then().body("managementAddress", equalTo("10.0.0.9"));
    }

    @Test
    void createsAVrrpGroupWithoutEverShowingItsPassword() {
        seed();
        String body = admin().get("/api/v1/vrrp-groups/VI_1")
                .then()
                .statusCode(200)
                .body("authentication.type", equalTo("pass"))
                .body("authentication.passwordSet", equalTo(true))
                .body("members", hasSize(2))
                .extract()
                .asString();
        assertThat(body).doesNotContain("1111");
        // a replace without the password keeps it
        admin().body(GROUP.replace(",\"password\":\"1111\"", "").replace("\"priority\":150", "\"priority\":160"))
                .put("/api/v1/vrrp-groups/VI_1")
                .then()
                .statusCode(200)
                .body("authentication.passwordSet", equalTo(true))
                .body("members[0].priority", equalTo(160));
    }

    @Test
    void createsAVirtualServerWithRealServersAndManagesThemOneByOne() {
        seed();
        admin().get("/api/v1/virtual-servers/web")
                .then()
                .statusCode(200)
                .header("ETag", Matchers.startsWith("\"1-"))
                .body("realServers.name", equalTo(List.of("rs1", "rs2")))
                .body("scheduler", equalTo("wrr"))
                .body("persistence.timeoutSeconds", equalTo(50))
                .body("protocol", equalTo("tcp"));

        admin().body("{\"name\":\"rs3\",\"address\":\"192.168.10.13\",\"weight\":5}")
                .post("/api/v1/virtual-servers/web/real-servers")
                .then()
                .statusCode(201)
                .header("ETag", "\"1\"")
                .body("weight", equalTo(5));
        // draining an existing server: the real server's and its virtual server's ETags move
        String vsTag = admin().get("/api/v1/virtual-servers/web").header("ETag");
        admin().header("If-Match", "\"1\"")
                .body("{\"name\":\"rs1\",\"address\":\"192.168.10.11\",\"weight\":1,\"adminState\":\"draining\"}")
                .put("/api/v1/virtual-servers/web/real-servers/rs1")
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"")
                .body("adminState", equalTo("draining"));
        String vsTagAfter = admin().get("/api/v1/virtual-servers/web")
                .then()
                .body("realServers.find { it.name == 'rs1' }.adminState", equalTo("draining"))
                .extract()
                .header("ETag");
        assertThat(vsTagAfter).isNotEqualTo(vsTag);
        // a virtual-server write with the old tag would lose the real server's change: refused
        admin().header("If-Match", vsTag)
                .body(VS)
                .put("/api/v1/virtual-servers/web")
                .then()
                .statusCode(412);
        admin().get("/api/v1/virtual-servers/web/real-servers")
                .then()
                .statusCode(200)
                .body("items", hasSize(3));
        admin().delete("/api/v1/virtual-servers/web/real-servers/rs3").then().statusCode(204);
        admin().get("/api/v1/virtual-servers/web/real-servers/rs3").then().statusCode(404);
    }

    @Test
    void aVirtualServerPutWithoutRealServersKeepsThemAndWithThemReplacesTheSet() {
        seed();
        String noReals = VS.substring(0, VS.indexOf(",\n \"realServers\"")) + "}";
        admin().body(noReals.replace("\"wrr\"", "\"wlc\""))
                .put("/api/v1/virtual-servers/web")
                .then()
                .statusCode(200)
                .body("scheduler", equalTo("wlc"))
                .body("realServers", hasSize(2));
        String rs1Before = admin().get("/api/v1/virtual-servers/web/real-servers/rs1")
                .then()
                .extract()
                .path("metadata.updatedAt");
        admin().body(VS.replace(",{\"name\":\"rs2\",\"address\":\"192.168.10.12\",\"weight\":2}", ""))
                .put("/api/v1/virtual-servers/web")
                .then()
                .statusCode(200)
                .body("realServers.name", equalTo(List.of("rs1")));
        // rs1 did not change, so it was not rewritten
        assertThat(admin().get("/api/v1/virtual-servers/web/real-servers/rs1")
                        .then()
                        .extract()
                        .<String>path("metadata.updatedAt"))
                .isEqualTo(rs1Before);
    }

    @Test
    void listsPageByPageAndFiltersByLabel() {
        for (int i = 0; i < 5; i++) {
            admin().body(DIRECTOR.formatted("d" + i, "10.1.0." + i, i % 2 == 0 ? "even" : "odd"))
                    .post("/api/v1/directors")
                    .then()
                    .statusCode(201);
        }
        Response p1 = admin().get("/api/v1/directors?limit=2");
        p1.then().statusCode(200).body("items.name", equalTo(List.of("d0", "d1")));
        String next = p1.jsonPath().getString("nextPageToken");
        admin().get("/api/v1/directors?limit=2&pageToken=" + next)
                .then()
                .body("items.name", equalTo(List.of("d2", "d3")));
        admin().get("/api/v1/directors?label=site=even")
                .then()
                .body("items.name", equalTo(List.of("d0", "d2", "d4")))
                .body("nextPageToken", nullValue());
        admin().get("/api/v1/directors?label=site=even&label=site=odd").then().body("items", hasSize(0));
    }

    @Test
    void refusesToDeleteWhatOthersStillReference() {
        seed();
        long r = revision();
        admin().delete("/api/v1/directors/lb1")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("errors[0].message", Matchers.containsString("VI_1"));
        admin().delete("/api/v1/vrrp-groups/VI_1")
                .then()
                .statusCode(409)
                .body("errors[0].message", Matchers.containsString("web"));
        assertThat(revision()).isEqualTo(r);
        admin().delete("/api/v1/virtual-servers/web").then().statusCode(204);
        admin().delete("/api/v1/vrrp-groups/VI_1").then().statusCode(204);
        admin().delete("/api/v1/directors/lb1").then().statusCode(204);
    }

    @Test
    void everyChangeBumpsTheRevisionOnceAndIsAudited() {
        long r0 = revision();
        seed();
        assertThat(revision()).isEqualTo(r0 + 4);
        admin().body(DIRECTOR.formatted("lb1", "10.0.0.5", "a"))
                .put("/api/v1/directors/lb1")
                .then()
                .statusCode(200);
        Response audit = admin().get("/api/v1/audit?limit=1");
        audit.then()
                .statusCode(200)
                .body("items[0].revision", equalTo((int) r0 + 5))
                .body("items[0].actor", equalTo("admin"))
                .body("items[0].action", equalTo("update"))
                .body("items[0].kind", equalTo("director"))
                .body("items[0].before.managementAddress", equalTo("10.0.0.1"))
                .body("items[0].after.managementAddress", equalTo("10.0.0.5"));
        admin().get("/api/v1/audit?kind=vrrp-group&resource=VI_1&limit=1")
                .then()
                .body("items", hasSize(1))
                .body("items[0].action", equalTo("create"))
                .body("items[0].after.authentication", equalTo(Map.of("type", "pass")));
    }

    @Test
    void exportsEveryResourceAsOneDocumentInJsonAndYaml() {
        seed();
        admin().get("/api/v1/config")
                .then()
                .statusCode(200)
                .body("apiVersion", equalTo("fulcrum/v1"))
                .body("directors.name", equalTo(List.of("lb1", "lb2")))
                .body("virtualServers[0].realServers", hasSize(2))
                .body("vrrpGroups[0].authentication.password", nullValue());
        String yaml = admin().accept("application/yaml")
                .get("/api/v1/config")
                .then()
                .statusCode(200)
                .contentType("application/yaml")
                .extract()
                .asString();
        assertThat(yaml)
                .contains("apiVersion: \"fulcrum/v1\"")
                .contains("- name: \"web\"")
                .doesNotContain("1111");
    }

    @Test
    void servesItsContractAndHealthWithoutAToken() {
        Api.anonymous().get("/api/v1/openapi.yaml").then().statusCode(200).body(Matchers.startsWith("openapi: 3.0.3"));
        Api.anonymous().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        Api.anonymous().get("/q/health/live").then().statusCode(200);
    }
}
