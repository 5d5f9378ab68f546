package io.fulcrum.controlplane;

import static io.fulcrum.controlplane.Api.admin;
import static io.fulcrum.controlplane.Api.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.util.List;
import java.util.stream.Stream;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A table of bad requests: each gets a specific problem+json naming the bad fields, and nothing
 * changes (the revision stays, and so does the configuration document).
 */
@QuarkusTest
class BadInputIT {
    static final String GOOD_VS = """
            {"name":"web","address":"192.168.10.100","port":80,"scheduler":"wrr","vrrpGroup":"VI_1",
             "realServers":[{"name":"rs1","address":"192.168.10.11"}]}""";

    @BeforeEach
    void seed() {
        Api.deleteAll();
        ResourceCrudIT.seed();
        admin().body("{\"name\":\"lb3\",\"managementAddress\":\"10.0.0.3\"}")
                .post("/api/v1/directors")
                .then()
                .statusCode(201);
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                arguments(
                        "a wrong scheduler name",
                        "POST",
                        "/api/v1/virtual-servers",
                        GOOD_VS.replace("\"web\"", "\"w2\"").replace("wrr", "fastest"),
                        400,
                        List.of("/scheduler")),
                arguments(
                        "a port out of range",
                        "POST",
                        "/api/v1/virtual-servers",
                        GOOD_VS.replace("\"web\"", "\"w2\"").replace(":80,", ":65536,"),
                        400,
                        List.of("/port")),
                arguments(
                        "a VIP that is not an address",
                        "POST",
                        "/api/v1/virtual-servers",
                        GOOD_VS.replace("\"web\"", "\"w2\"").replace("\"192.168.10.100\"", "\"vip.example.com\""),
                        400,
                        List.of("/address")),
                arguments(
                        "several bad fields at once",
                        "POST",
                        "/api/v1/virtual-servers",
                        "{\"name\":\"w2\",\"address\":\"10.0.0.300\",\"port\":-1,\"protocol\":\"icmp\",\"quorum\":0,\"colour\":\"red\"}",
                        400,
                        List.of("/address", "/port", "/protocol", "/quorum", "/colour")),
                arguments(
                        "a real server of another family",
                        "POST",
                        "/api/v1/virtual-servers/web/real-servers",
                        "{\"name\":\"rs6\",\"address\":\"2001:db8::6\"}",
                        400,
                        List.of("/address")),
                arguments(
                        "a nested real server of another family",
                        "PUT",
                        "/api/v1/virtual-servers/web",
                        GOOD_VS.replace("\"192.168.10.11\"", "\"2001:db8::11\""),
                        400,
                        List.of("/realServers/0/address")),
                arguments(
                        "a virtual server change its kept real servers do not fit (no realServers: the stored ones stay)",
                        "PUT",
                        "/api/v1/virtual-servers/web",
                        "{\"name\":\"web\",\"address\":\"2001:db8::100\",\"port\":80,\"directors\":[\"lb1\"]}",
                        409,
                        List.of("/realServers/0/address")),
                arguments(
                        "an unknown VRRP group",
                        "PUT",
                        "/api/v1/virtual-servers/web",
                        GOOD_VS.replace("VI_1", "VI_9"),
                        400,
                        List.of("/vrrpGroup")),
                arguments(
                        "a VIP its group does not carry",
                        "PUT",
                        "/api/v1/virtual-servers/web",
                        GOOD_VS.replace("192.168.10.100", "192.168.10.101"),
                        400,
                        List.of("/vrrpGroup")),
                arguments(
                        "an unknown member director",
                        "POST",
                        "/api/v1/vrrp-groups",
                        ResourceCrudIT.GROUP
                                .replace("VI_1", "VI_2")
                                .replace("51", "52")
                                .replace("\"lb2\"", "\"lb7\""),
                        400,
                        List.of("/members/1/director")),
                arguments(
                        "hooks: a relative script and an empty one",
                        "POST",
                        "/api/v1/vrrp-groups",
                        ResourceCrudIT.GROUP
                                .replace("VI_1", "VI_2")
                                .replace("51", "52")
                                .replace(
                                        "\"authentication\"",
                                        "\"notify\":{\"master\":{\"script\":\"vrrp.sh\",\"arguments\":[\"MASTER\"]},"
                                                + "\"backup\":\"\"},\"authentication\""),
                        400,
                        List.of("/notify/master/script", "/notify/backup")),
                arguments(
                        "sync group hooks without a sync group",
                        "POST",
                        "/api/v1/vrrp-groups",
                        ResourceCrudIT.GROUP
                                .replace("VI_1", "VI_2")
                                .replace("51", "52")
                                .replace(
                                        "\"authentication\"",
                                        "\"syncGroupNotify\":{\"any\":\"/bin/sg.sh\"},\"authentication\""),
                        400,
                        List.of("/syncGroupNotify")),
                arguments(
                        "a NUL in a hook's argument",
                        "PUT",
                        "/api/v1/virtual-servers/web",
                        GOOD_VS.replace(
                                "\"address\":\"192.168.10.11\"",
                                "\"address\":\"192.168.10.11\",\"notify\":{\"down\":{\"script\":\"/bin/rs.sh\","
                                        + "\"arguments\":[\"ok\",\"a\\u0000b\"]}}"),
                        400,
                        List.of("/realServers/0/notify/down/arguments/1")),
                arguments(
                        "a VRID collision on a shared director",
                        "POST",
                        "/api/v1/vrrp-groups",
                        ResourceCrudIT.GROUP.replace("VI_1", "VI_2").replace("\"lb1\"", "\"lb3\""),
                        409,
                        List.of("/vrid")),
                arguments(
                        "a service that already exists",
                        "POST",
                        "/api/v1/virtual-servers",
                        GOOD_VS.replace("\"web\"", "\"web2\""),
                        409,
                        List.of("/address")),
                arguments(
                        "a VRRPv2 interval in centiseconds",
                        "POST",
                        "/api/v1/vrrp-groups",
                        ResourceCrudIT.GROUP
                                .replace("VI_1", "VI_3")
                                .replace("51", "53")
                                .replace("\"advertIntervalSeconds\":1", "\"advertIntervalSeconds\":0.5"),
                        400,
                        List.of("/advertIntervalSeconds")),
                arguments(
                        "a password longer than VRRPv2 allows",
                        "POST",
                        "/api/v1/vrrp-groups",
                        ResourceCrudIT.GROUP
                                .replace("VI_1", "VI_3")
                                .replace("51", "53")
                                .replace("1111", "123456789"),
                        400,
                        List.of("/authentication/password")),
                arguments(
                        "a body name unlike the path",
                        "PUT",
                        "/api/v1/directors/lb1",
                        "{\"name\":\"lb2\",\"managementAddress\":\"10.0.0.1\"}",
                        400,
                        List.of("/name")),
                arguments("a body that is not JSON", "POST", "/api/v1/directors", "{\"name\": lb5", 400, List.of("")),
                arguments("a body that is not an object", "POST", "/api/v1/directors", "[1,2]", 400, List.of("")),
                arguments(
                        "a name with a slash",
                        "POST",
                        "/api/v1/directors",
                        "{\"name\":\"a/b\",\"managementAddress\":\"10.0.0.5\"}",
                        400,
                        List.of("/name")),
                arguments(
                        "a stale If-Match",
                        "PUT",
                        "/api/v1/directors/lb1 If-Match:\"7\"",
                        "{\"name\":\"lb1\",\"managementAddress\":\"10.0.0.8\"}",
                        412,
                        List.of()),
                arguments("deleting a director in use", "DELETE", "/api/v1/directors/lb1", null, 409, List.of("name")),
                arguments("a page size of zero", "GET", "/api/v1/directors?limit=0", null, 400, List.of("limit")),
                arguments(
                        "a label filter without '='",
                        "GET",
                        "/api/v1/directors?label=site",
                        null,
                        400,
                        List.of("label")),
                arguments(
                        "a forged page token",
                        "GET",
                        "/api/v1/directors?pageToken=%21%21",
                        null,
                        400,
                        List.of("pageToken")),
                arguments("an unknown audit kind", "GET", "/api/v1/audit?kind=planet", null, 400, List.of("kind")),
                arguments(
                        "a real server of a missing virtual server",
                        "POST",
                        "/api/v1/virtual-servers/nope/real-servers",
                        "{\"name\":\"x\",\"address\":\"10.0.0.1\"}",
                        404,
                        List.of()),
                arguments(
                        "a token with an unknown role",
                        "POST",
                        "/api/v1/tokens",
                        "{\"name\":\"t1\",\"role\":\"root\"}",
                        400,
                        List.of("/role")));
    }

    /** A sync group has one set of hooks: a group giving others than a stored group of its sync group is a conflict. */
    @org.junit.jupiter.api.Test
    void aSecondSetOfHooksForOneSyncGroupIsAConflict() {
        String vi2 = ResourceCrudIT.GROUP
                .replace("VI_1", "VI_2")
                .replace("51", "52")
                .replace("192.168.10.100/24", "192.168.20.100/24")
                .replace(
                        "\"authentication\"",
                        "\"syncGroup\":\"SG\",\"syncGroupNotify\":{\"master\":{\"script\":\"/bin/sg.sh\","
                                + "\"arguments\":[\"up\"]}},\"authentication\"");
        admin().body(vi2).post("/api/v1/vrrp-groups").then().statusCode(201);
        long before = revision();

        admin().body(vi2.replace("VI_2", "VI_3")
                        .replace("52", "53")
                        .replace(".20.", ".30.")
                        .replace("[\"up\"]", "[\"other\"]"))
                .post("/api/v1/vrrp-groups")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("errors[0].field", Matchers.equalTo("/syncGroupNotify"))
                .body("errors[0].message", Matchers.containsString("group 'VI_2'"));
        admin().body(vi2.replace("VI_2", "VI_3").replace("52", "53").replace(".20.", ".30."))
                .post("/api/v1/vrrp-groups")
                .then()
                .statusCode(201);
        assertThat(revision()).isGreaterThan(before);
    }

    @org.junit.jupiter.api.Test
    void aFormBodyIsRefusedWithWhatToSendInstead() {
        long before = revision();
        admin().contentType("application/x-www-form-urlencoded")
                .body("name=lb9")
                .post("/api/v1/directors")
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("detail", Matchers.containsString("Content-Type: application/json"));
        RestAssured.given()
                .header("Authorization", "Bearer " + EmbeddedPostgresResource.ADMIN_TOKEN)
                .get("/api/v1/no-such-thing")
                .then()
                .statusCode(404)
                .body("detail", Matchers.containsString("openapi.yaml"));
        assertThat(revision()).isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void aRealServerWithoutAPortOfItsOwnMovesWithItsVirtualServersPortSoItsEndpointStaysTaken() {
        // rs1 (192.168.10.11) has no port: it serves on the virtual server's, 80, then 8080
        admin().body(
                        "{\"name\":\"web\",\"address\":\"192.168.10.100\",\"port\":8080,\"scheduler\":\"wrr\",\"vrrpGroup\":\"VI_1\"}")
                .put("/api/v1/virtual-servers/web")
                .then()
                .statusCode(200);
        assertThat(admin().get("/api/v1/virtual-servers/web/real-servers/rs1").statusCode())
                .as("rs1 stays")
                .isEqualTo(200);
        long before = revision();
        Response r = admin().body("{\"name\":\"rs9\",\"address\":\"192.168.10.11\",\"port\":8080}")
                .post("/api/v1/virtual-servers/web/real-servers");
        r.then().statusCode(409).contentType("application/problem+json");
        assertThat(revision()).isEqualTo(before);
        admin().body("{\"name\":\"rs9\",\"address\":\"192.168.10.11\",\"port\":80}")
                .post("/api/v1/virtual-servers/web/real-servers")
                .then()
                .statusCode(201);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void isRefusedWithTheFieldsNamedAndChangesNothing(
            String what, String method, String target, String body, int status, List<String> fields) {
        long before = revision();
        String config = admin().get("/api/v1/config").asString();
        var req = admin();
        String path = target;
        if (target.contains(" If-Match:")) {
            path = target.substring(0, target.indexOf(' '));
            req = req.header("If-Match", target.substring(target.indexOf("If-Match:") + 9));
        }
        if (body != null) req = req.body(body);
        Response r = req.request(method, path);
        r.then().statusCode(status).contentType("application/problem+json");
        assertThat(r.jsonPath().getString("title")).isNotBlank();
        assertThat(r.jsonPath().getInt("status")).isEqualTo(status);
        List<String> named = r.jsonPath().getList("errors.field");
        assertThat(named == null ? List.of() : named)
                .as(what + ": " + r.asString())
                .containsAll(fields);
        assertThat(revision()).as("revision after " + what).isEqualTo(before);
        assertThat(admin().get("/api/v1/config").asString())
                .as("configuration after " + what)
                .isEqualTo(config);
    }
}
