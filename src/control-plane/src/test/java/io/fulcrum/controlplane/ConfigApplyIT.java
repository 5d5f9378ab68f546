package io.fulcrum.controlplane;

import static io.fulcrum.controlplane.Api.admin;
import static io.fulcrum.controlplane.Api.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.api.agent.v1.DesiredState;
import io.fulcrum.api.agent.v1.Kind;
import io.fulcrum.api.agent.v1.ResourceKey;
import io.fulcrum.controlplane.grpc.GrpcServer;
import io.fulcrum.controlplane.service.read.DocumentCache;
import io.fulcrum.controlplane.service.read.ModelReads;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Declarative automation over REST: POST /api/v1/config/plan and PUT /api/v1/config with whole
 * documents, against the in-process control plane (every response checked against openapi.yaml).
 */
@QuarkusTest
class ConfigApplyIT {
    static final String PASSWORD = "s3cr3tpw";
    /** Three directors, a VRRP group of two carrying web (rs1, rs2), and api served by lb3 alone; all team=a. */
    static final String DOCUMENT = """
            {"apiVersion":"fulcrum/v1",
             "directors":[{"name":"lb1","managementAddress":"10.0.0.1","labels":{"team":"a"}},
                          {"name":"lb2","managementAddress":"10.0.0.2","labels":{"team":"a"}},
                          {"name":"lb3","managementAddress":"10.0.0.3","labels":{"team":"a"}}],
             "vrrpGroups":[{"name":"VI_1","vrid":51,"interface":"eth0","labels":{"team":"a"},
                            "virtualAddresses":[{"address":"192.168.10.100/24"}],
                            "members":[{"director":"lb1","priority":150},{"director":"lb2","priority":100}],
                            "authentication":{"type":"pass","password":"%s"}}],
             "virtualServers":[{"name":"web","address":"192.168.10.100","port":80,"vrrpGroup":"VI_1","labels":{"team":"a"},
                                "realServers":[{"name":"rs1","address":"192.168.10.11","weight":1},
                                               {"name":"rs2","address":"192.168.10.12","weight":2}]},
                               {"name":"api","address":"192.168.20.1","port":443,"directors":["lb3"],"labels":{"team":"a"},
                                "realServers":[{"name":"a","address":"10.20.0.1","port":8443}]}]}""".formatted(PASSWORD);

    @Inject
    GrpcServer grpc;

    @Inject
    ModelReads reads;

    @Inject
    DocumentCache documents;

    @BeforeEach
    void clean() {
        Api.deleteAll();
    }

    // ------------------------------------------------------------------ plan and apply

    @Test
    void aNewDocumentIsPlannedAsCreatesReachingTheirDirectorsAndNothingIsWritten() {
        long r0 = revision();
        JsonNode plan = json(plan(DOCUMENT, "").then().statusCode(200).extract().asString());

        assertThat(plan.get("basedOnRevision").asLong()).isEqualTo(r0);
        assertThat(plan.get("writes").asBoolean()).isTrue();
        assertThat(plan.get("refused").asBoolean()).isFalse();
        assertThat(plan.get("counts"))
                .isEqualTo(json("{\"create\":9,\"update\":0,\"delete\":0,\"unchanged\":0,\"keep\":0}"));
        assertThat(change(plan, "virtual-server", "web").get("directors")).isEqualTo(json("[\"lb1\",\"lb2\"]"));
        assertThat(change(plan, "virtual-server", "api").get("at").asText()).isEqualTo("/virtualServers/1");
        assertThat(change(plan, "real-server", "a").get("directors")).isEqualTo(json("[\"lb3\"]"));
        assertThat(plan.toString()).doesNotContain(PASSWORD);
        assertThat(revision()).isEqualTo(r0);
        admin().get("/api/v1/directors").then().statusCode(200).body("items.size()", is(0));
    }

    @Test
    void anAppliedDocumentIsStoredAndTheSameDocumentAgainWritesNothing() {
        long r0 = revision();
        JsonNode applied =
                json(apply(DOCUMENT, "", null).then().statusCode(200).extract().asString());
        long r1 = revision();
        assertThat(applied.get("revision").asLong()).isEqualTo(r1).isGreaterThan(r0);
        assertThat(applied.get("apply").asText()).isNotEmpty();
        assertThat(applied.at("/plan/counts/create").asInt()).isEqualTo(9);
        admin().get("/api/v1/virtual-servers/web/real-servers/rs2")
                .then()
                .statusCode(200)
                .body("weight", is(2));
        admin().get("/api/v1/virtual-servers/api").then().statusCode(200).body("directors", contains("lb3"));

        long audits = lastAudit();
        JsonNode again =
                json(apply(DOCUMENT, "", null).then().statusCode(200).extract().asString());
        assertThat(again.get("revision").asLong()).isEqualTo(r1);
        assertThat(again.has("apply")).isFalse();
        assertThat(again.at("/plan/writes").asBoolean()).isFalse();
        assertThat(again.at("/plan/counts/unchanged").asInt()).isEqualTo(9);
        assertThat(revision()).as("no revision").isEqualTo(r1);
        assertThat(lastAudit()).as("no audit record").isEqualTo(audits);

        // YAML alike: the same document as YAML changes nothing either
        String yaml = admin().accept("application/yaml").get("/api/v1/config").asString();
        admin().contentType("application/yaml")
                .body(yaml.getBytes(StandardCharsets.UTF_8))
                .put("/api/v1/config")
                .then()
                .statusCode(200);
        assertThat(revision()).isEqualTo(r1);
    }

    @Test
    void oneRealServerWeightChangeIsOneChangeReachingItsDirectorsAndThePushCarriesItAlone() throws Exception {
        apply(DOCUMENT, "", null).then().statusCode(200);
        try (TestAgent lb1 = agent().hello("lb1", enroll("lb1"), 0, null);
                TestAgent lb2 = agent().hello("lb2", enroll("lb2"), 0, null);
                TestAgent lb3 = agent().hello("lb3", enroll("lb3"), 0, null)) {
            lb1.next();
            lb2.next();
            lb3.next();
            long r0 = revision();
            String changed = DOCUMENT.replace("\"192.168.10.12\",\"weight\":2", "\"192.168.10.12\",\"weight\":7");

            JsonNode plan =
                    json(plan(changed, "").then().statusCode(200).extract().asString());
            assertThat(plan.get("counts"))
                    .isEqualTo(json("{\"create\":0,\"update\":1,\"delete\":0,\"unchanged\":8,\"keep\":0}"));
            assertThat(plan.get("changes")).hasSize(1);
            assertThat(plan.at("/changes/0")).isEqualTo(json("""
                    {"kind":"real-server","virtualServer":"web","name":"rs2","action":"update",
                     "at":"/virtualServers/0/realServers/1","diff":[{"path":"/weight","before":2,"after":7}],
                     "directors":["lb1","lb2"]}"""));

            apply(changed, "", "\"" + r0 + "\"").then().statusCode(200);
            assertThat(revision()).isEqualTo(r0 + 1);
            for (TestAgent serving : List.of(lb1, lb2)) { // the two directors serving web, each that real server alone
                DesiredState d = serving.next();
                assertThat(d.getFull()).isFalse();
                assertThat(d.getRevision()).isEqualTo(r0 + 1);
                assertThat(d.getPutList()).hasSize(1);
                assertThat(d.getPut(0).getKey())
                        .isEqualTo(ResourceKey.newBuilder()
                                .setKind(Kind.REAL_SERVER)
                                .setVirtualServer("web")
                                .setName("rs2")
                                .build());
                assertThat(d.getPut(0).getRealServer().getWeight()).isEqualTo(7);
                assertThat(d.getRemoveList()).isEmpty();
                assertThat(serving.quietFor(Duration.ofMillis(300)))
                        .as("one push")
                        .isTrue();
            }
            assertThat(lb3.quietFor(Duration.ofMillis(500)))
                    .as("lb3 serves nothing of web")
                    .isTrue();

            // and the same document again pushes nothing
            apply(changed, "", null).then().statusCode(200);
            assertThat(lb1.quietFor(Duration.ofMillis(500)))
                    .as("nothing changed for lb1")
                    .isTrue();
        }
    }

    /** Plans read the stored document kept at the last revision, brought forward by what the audit records name since. */
    @Test
    void theStoredDocumentBroughtForwardPastRestWritesIsTheOneReadWhole() {
        apply(DOCUMENT, "", null).then().statusCode(200);
        plan(DOCUMENT, "").then().statusCode(200); // keeps the document at this revision
        admin().body("{\"name\":\"rs2\",\"address\":\"192.168.10.12\",\"weight\":9}")
                .put("/api/v1/virtual-servers/web/real-servers/rs2")
                .then()
                .statusCode(200);
        admin().body("{\"name\":\"rs3\",\"address\":\"192.168.10.13\"}")
                .post("/api/v1/virtual-servers/web/real-servers")
                .then()
                .statusCode(201);
        admin().delete("/api/v1/virtual-servers/api").then().statusCode(204);
        admin().body("{\"name\":\"lb0\",\"managementAddress\":\"10.0.0.9\"}")
                .post("/api/v1/directors")
                .then()
                .statusCode(201);

        JsonNode plan = json(plan(DOCUMENT, "").then().statusCode(200).extract().asString());
        assertThat(plan.get("basedOnRevision").asLong()).isEqualTo(revision());
        assertThat(plan.get("counts"))
                .as("rs2 back to 2, api created again; rs3 and lb0 kept (no prune)")
                .isEqualTo(json("{\"create\":2,\"update\":1,\"delete\":0,\"unchanged\":6,\"keep\":2}"));
        JsonNode forwarded = json(
                admin().get("/api/v1/config").then().statusCode(200).extract().asString());
        documents.clear();
        JsonNode whole = json(
                admin().get("/api/v1/config").then().statusCode(200).extract().asString());
        assertThat(forwarded).isEqualTo(whole);
        assertThat(whole.at("/directors/0/name").asText()).isEqualTo("lb0");
        assertThat(whole.get("virtualServers")).hasSize(1);
        assertThat(whole.at("/virtualServers/0/realServers")).hasSize(3);
    }

    /** After an apply the next plan starts from the document the apply wrote (kept on commit), not a read. */
    @Test
    void theDocumentAnApplyLeavesForTheNextPlanIsTheOneReadWhole() {
        apply(DOCUMENT, "", null).then().statusCode(200); // creates
        assertKeptIsTheWholeRead();

        String changed = DOCUMENT.replace("\"192.168.10.12\",\"weight\":2", "\"192.168.10.12\",\"weight\":7")
                .replace("\"port\":443", "\"port\":8443")
                .replace(
                        "\"virtualServers\":[",
                        "\"virtualServers\":[{\"name\":\"dns\",\"address\":\"192.168.30.1\",\"port\":53,\"protocol\":\"udp\","
                                + "\"directors\":[\"lb3\"],\"realServers\":[{\"name\":\"d1\",\"address\":\"10.30.0.1\"}]},");
        apply(changed, "", null).then().statusCode(200); // a real server, a virtual server, a create
        assertKeptIsTheWholeRead();

        String exported =
                admin().get("/api/v1/config").then().statusCode(200).extract().asString();
        apply(exported.replace("\"weight\":1", "\"weight\":4"), "", null)
                .then()
                .statusCode(200); // real servers, the group's password left out (kept)
        assertKeptIsTheWholeRead();

        String webAlone = DOCUMENT.replaceAll("(?s),\\s*\\{\"name\":\"api\".*$", "]}");
        assertThat(webAlone).doesNotContain("\"api\"").endsWith("]}]}");
        apply(webAlone, "?prune=true", null).then().statusCode(200); // deletes
        assertKeptIsTheWholeRead();
        assertThat(reads.export().virtualServers()).extracting(v -> v.name()).containsExactly("web");
    }

    private void assertKeptIsTheWholeRead() {
        ConfigDocument kept = reads.export();
        assertThat(kept.revision()).isEqualTo(revision());
        documents.clear();
        ConfigDocument whole = reads.export();
        assertThat(DocumentCodec.encode(kept)).isEqualTo(DocumentCodec.encode(whole));
        assertThat(kept.directors()).isEqualTo(whole.directors());
        assertThat(kept.virtualServers()).isEqualTo(whole.virtualServers());
        assertThat(kept.vrrpGroups())
                .extracting(
                        g -> DocumentCodec.encode(g, false).toString(),
                        g -> g.authentication().password().reveal())
                .isEqualTo(whole.vrrpGroups().stream()
                        .map(g -> tuple(
                                DocumentCodec.encode(g, false).toString(),
                                g.authentication().password().reveal()))
                        .toList());
    }

    @Test
    void pruneOffKeepsWhatTheDocumentLeavesOutPruneOnDeletesItAndTheSelectorLimitsIt() {
        apply(DOCUMENT, "", null).then().statusCode(200);
        // another team's virtual server, written through REST
        admin().body("""
                        {"name":"other","address":"192.168.30.1","port":80,"directors":["lb3"],"labels":{"team":"b"},
                         "realServers":[{"name":"x","address":"10.30.0.1"}]}""").post("/api/v1/virtual-servers").then().statusCode(201);
        ObjectNode withoutApi = (ObjectNode) json(DOCUMENT);
        ((ArrayNode) withoutApi.get("virtualServers")).remove(1);
        String doc = withoutApi.toString();

        JsonNode kept =
                json(apply(doc, "", null).then().statusCode(200).extract().asString());
        assertThat(kept.at("/plan/counts/delete").asInt()).isZero();
        assertThat(kept.at("/plan/counts/keep").asInt())
                .as("api, other and their real servers")
                .isEqualTo(4);
        admin().get("/api/v1/virtual-servers/api").then().statusCode(200);

        JsonNode scoped = json(apply(doc, "?prune=true&selector=team=a", null)
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertThat(scoped.at("/plan/counts/delete").asInt())
                .as("api and its real server")
                .isEqualTo(2);
        admin().get("/api/v1/virtual-servers/api").then().statusCode(404);
        admin().get("/api/v1/virtual-servers/other").then().statusCode(200);

        apply(doc, "?prune=true", null).then().statusCode(200);
        admin().get("/api/v1/virtual-servers/other").then().statusCode(404);
    }

    @Test
    void aStaleIfMatchIsRefusedWith412AndNothingIsWritten() {
        apply(DOCUMENT, "", null).then().statusCode(200);
        String changed = DOCUMENT.replace("\"weight\":1", "\"weight\":9");
        long planned =
                plan(changed, "").then().statusCode(200).extract().jsonPath().getLong("basedOnRevision");
        // a REST write gets in between the plan and the apply
        admin().body("{\"name\":\"rs3\",\"address\":\"192.168.10.13\"}")
                .post("/api/v1/virtual-servers/web/real-servers")
                .then()
                .statusCode(201);
        long r1 = revision();

        Response stale = apply(changed, "", "\"" + planned + "\"");
        stale.then().statusCode(412).contentType("application/problem+json");
        assertThat(stale.jsonPath().getString("detail")).contains("revision " + r1);
        assertThat(revision()).isEqualTo(r1);
        admin().get("/api/v1/virtual-servers/web/real-servers/rs1").then().body("weight", is(1));

        apply(changed, "", "\"" + r1 + "\"").then().statusCode(200);
        admin().get("/api/v1/virtual-servers/web/real-servers/rs1").then().body("weight", is(9));
        admin().get("/api/v1/virtual-servers/web/real-servers/rs3").then().statusCode(200);
    }

    @Test
    void anAddressAndAVridFreedByADeleteAreTakenByACreateOfTheSameDocument() {
        apply(DOCUMENT, "", null).then().statusCode(200);
        String renamed = DOCUMENT.replace("\"VI_1\"", "\"VI_2\"").replace("\"name\":\"web\"", "\"name\":\"web2\"");
        JsonNode applied = json(apply(renamed, "?prune=true", null)
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertThat(applied.at("/plan/counts/create").asInt())
                .as("VI_2, web2, rs1, rs2")
                .isEqualTo(4);
        assertThat(applied.at("/plan/counts/delete").asInt())
                .as("VI_1, web, rs1, rs2")
                .isEqualTo(4);
        admin().get("/api/v1/virtual-servers/web").then().statusCode(404);
        admin().get("/api/v1/vrrp-groups/VI_1").then().statusCode(404);
        admin().get("/api/v1/virtual-servers/web2").then().statusCode(200).body("address", is("192.168.10.100"));
        admin().get("/api/v1/vrrp-groups/VI_2").then().statusCode(200).body("vrid", is(51));
    }

    @Test
    void aDirectorIsDeletedOnceTheVirtualServerItServedHasMovedAway() {
        apply(DOCUMENT, "", null).then().statusCode(200);
        ObjectNode moved = (ObjectNode) json(DOCUMENT.replace("\"directors\":[\"lb3\"]", "\"directors\":[\"lb2\"]"));
        ((ArrayNode) moved.get("directors")).remove(2);
        apply(moved.toString(), "?prune=true", null).then().statusCode(200);
        admin().get("/api/v1/directors/lb3").then().statusCode(404);
        admin().get("/api/v1/virtual-servers/api").then().statusCode(200).body("directors", contains("lb2"));
    }

    @Test
    void aNewVrrpGroupTrackingANewVirtualServerItCarriesIsApplied() {
        // neither can be written first through the single-resource rules: the group goes in without its tracking
        ObjectNode doc = (ObjectNode) json(DOCUMENT);
        ((ObjectNode) doc.get("vrrpGroups").get(0))
                .set("trackVirtualServers", json("[{\"virtualServer\":\"web\",\"weight\":-60}]"));
        JsonNode applied = json(
                apply(doc.toString(), "", null).then().statusCode(200).extract().asString());
        assertThat(applied.at("/plan/counts/create").asInt()).isEqualTo(9);
        admin().get("/api/v1/vrrp-groups/VI_1")
                .then()
                .statusCode(200)
                .body("trackVirtualServers[0].virtualServer", is("web"));
        admin().get("/api/v1/virtual-servers/web").then().statusCode(200).body("vrrpGroup", is("VI_1"));
        // and it stands: the same document again writes nothing
        long r1 = revision();
        apply(doc.toString(), "", null).then().statusCode(200);
        assertThat(revision()).isEqualTo(r1);
        // the document without the tracking stops it (so that the next test can delete web)
        apply(DOCUMENT, "", null).then().statusCode(200);
        assertThat(json(admin().get("/api/v1/vrrp-groups/VI_1").asString())
                        .path("trackVirtualServers")
                        .size())
                .isZero();
    }

    @Test
    void restWritesRacingAnApplyWaitForItAndNothingIsHalfApplied() throws Exception {
        apply(DOCUMENT, "", null).then().statusCode(200);
        // a real server the document does not own (it is kept: no prune), written through REST meanwhile
        admin().body("{\"name\":\"rs9\",\"address\":\"192.168.10.19\"}")
                .post("/api/v1/virtual-servers/web/real-servers")
                .then()
                .statusCode(201);
        ObjectNode big = (ObjectNode) json(DOCUMENT);
        ArrayNode vs = (ArrayNode) big.get("virtualServers");
        for (int i = 0; i < 200; i++) {
            vs.add(json("{\"name\":\"bulk" + i + "\",\"address\":\"192.168.50." + (i + 1)
                    + "\",\"port\":80,\"directors\":[\"lb3\"],\"labels\":{\"team\":\"a\"},"
                    + "\"realServers\":[{\"name\":\"r\",\"address\":\"10.50.0." + (i + 1) + "\"}]}"));
        }
        long r0 = revision();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> applied =
                    pool.submit(() -> apply(big.toString(), "", null).statusCode());
            Future<List<Integer>> writes = pool.submit(() -> {
                List<Integer> codes = new ArrayList<>();
                for (int w = 1; w <= 20; w++) {
                    codes.add(
                            admin().body("{\"name\":\"rs9\",\"address\":\"192.168.10.19\",\"weight\":" + (10 + w) + "}")
                                    .put("/api/v1/virtual-servers/web/real-servers/rs9")
                                    .statusCode());
                }
                return codes;
            });
            assertThat(applied.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(writes.get(60, TimeUnit.SECONDS)).containsOnly(200);
        } finally {
            pool.shutdownNow();
        }
        // the apply whole (200 virtual servers, one revision each) and every REST write, each once
        assertThat(revision()).isEqualTo(r0 + 200 + 20);
        assertThat(admin().get("/api/v1/virtual-servers?limit=1000").jsonPath().getList("items"))
                .hasSize(202);
        admin().get("/api/v1/virtual-servers/web/real-servers/rs9").then().body("weight", is(30));
    }

    // ------------------------------------------------------------------ secrets and audit

    @Test
    void anExportedDocumentAppliedKeepsTheStoredPasswordWhichNoAnswerOrAuditRecordContains() {
        String applied =
                apply(DOCUMENT, "", null).then().statusCode(200).extract().asString();
        String exported =
                admin().get("/api/v1/config").then().statusCode(200).extract().asString();
        assertThat(exported).doesNotContain(PASSWORD);

        long r1 = revision();
        String same = apply(exported, "", null).then().statusCode(200).extract().asString();
        assertThat(revision()).as("the export is what is stored").isEqualTo(r1);
        // change something else (the real servers of weight 1): the group is untouched and keeps its password
        String changed = exported.replace("\"weight\":1", "\"weight\":4");
        String other = apply(changed, "", null).then().statusCode(200).extract().asString();
        assertThat(revision()).isGreaterThan(r1);
        VrrpGroup g = reads.export().vrrpGroups().get(0);
        assertThat(g.authentication().password().reveal()).isEqualTo(PASSWORD);

        String planned = plan(DOCUMENT.replace(PASSWORD, "n3w-pw"), "").asString();
        assertThat(planned)
                .contains("(secret changed)")
                .doesNotContain("n3w-pw")
                .doesNotContain(PASSWORD);
        String audit = admin().get("/api/v1/audit?limit=1000").asString();
        assertThat(String.join("\n", applied, same, other, planned, audit)).doesNotContain(PASSWORD);
    }

    @Test
    void everyChangeOfAnApplyHasItsAuditRecordTiedToTheApplyAndItsCaller() {
        long r0 = revision();
        String id = apply(DOCUMENT, "", null).then().statusCode(200).extract().path("apply");
        long r1 = revision();
        JsonNode records = json(admin().get("/api/v1/audit?limit=1000&apply=" + id)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .get("items");
        // each director, group and virtual server its own write; real servers ride with their virtual server
        assertThat(records).hasSize((int) (r1 - r0)).hasSize(6);
        List<String> resources = new ArrayList<>();
        for (JsonNode r : records) {
            assertThat(r.get("apply").asText()).isEqualTo(id);
            assertThat(r.get("action").asText()).isEqualTo("create");
            resources.add(r.get("kind").asText() + " " + r.get("resource").asText());
        }
        assertThat(resources)
                .containsExactlyInAnyOrder(
                        "director lb1",
                        "director lb2",
                        "director lb3",
                        "vrrp-group VI_1",
                        "virtual-server web",
                        "virtual-server api");
        admin().body("{\"name\":\"rs3\",\"address\":\"192.168.10.13\"}")
                .post("/api/v1/virtual-servers/web/real-servers")
                .then()
                .statusCode(201);
        JsonNode latest = json(admin().get("/api/v1/audit?limit=1").asString()).at("/items/0");
        assertThat(latest.has("apply")).as("a REST write belongs to no apply").isFalse();
        assertThat(records.get(0).get("actor")).isEqualTo(latest.get("actor"));
    }

    // ------------------------------------------------------------------ bad input: a specific error, nothing written

    static Stream<Arguments> badDocuments() {
        return Stream.of(
                arguments("malformed JSON", "application/json", "{\"apiVersion\":", 400, List.of("")),
                arguments("malformed YAML", "application/yaml", "apiVersion: [fulcrum/v1\n", 400, List.of("")),
                arguments(
                        "an unknown field",
                        "application/json",
                        DOCUMENT.replace("\"port\":80,", "\"port\":80,\"colour\":\"red\","),
                        400,
                        List.of("/virtualServers/0/colour")),
                arguments(
                        "a wrong type",
                        "application/json",
                        DOCUMENT.replace("\"port\":80,", "\"port\":\"eighty\","),
                        400,
                        List.of("/virtualServers/0/port")),
                arguments(
                        "two virtual servers of one name",
                        "application/json",
                        DOCUMENT.replace("\"name\":\"api\"", "\"name\":\"web\""),
                        400,
                        List.of("/virtualServers/1/name")),
                arguments(
                        "a reference to a missing VRRP group",
                        "application/json",
                        DOCUMENT.replace("\"vrrpGroup\":\"VI_1\"", "\"vrrpGroup\":\"VI_9\""),
                        400,
                        List.of("/virtualServers/0/vrrpGroup")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDocuments")
    void aBadDocumentGetsASpecificProblemAndNothingIsWritten(
            String what, String contentType, String body, int status, List<String> fields) {
        long r0 = revision();
        for (Response r : List.of(
                admin().contentType(contentType)
                        .body(body.getBytes(StandardCharsets.UTF_8))
                        .post("/api/v1/config/plan"),
                admin().contentType(contentType)
                        .body(body.getBytes(StandardCharsets.UTF_8))
                        .put("/api/v1/config"))) {
            r.then().statusCode(status).contentType("application/problem+json");
            assertThat(r.jsonPath().<String>getList("errors.field")).as(what).containsAll(fields);
        }
        assertThat(revision()).isEqualTo(r0);
        admin().get("/api/v1/directors").then().body("items.size()", is(0));
    }

    @Test
    void aDocumentOverTheSizeLimitIsRefusedWith413NamingTheLimit() {
        System.setProperty(Settings.MAX_DOCUMENT_SIZE, "1000");
        try {
            long r0 = revision();
            for (Response r :
                    List.of(plan(DOCUMENT + " ".repeat(1000), ""), apply(DOCUMENT + " ".repeat(1000), "", null))) {
                r.then().statusCode(413).contentType("application/problem+json");
                assertThat(r.jsonPath().getString("detail"))
                        .contains("1000 bytes")
                        .contains(Settings.MAX_DOCUMENT_SIZE);
            }
            assertThat(revision()).isEqualTo(r0);
        } finally {
            System.clearProperty(Settings.MAX_DOCUMENT_SIZE);
        }
        plan(DOCUMENT + " ".repeat(1000), "").then().statusCode(200);
    }

    @Test
    void aViewerMayPlanButNotApply() {
        String viewer = admin().body("{\"name\":\"apply-viewer\",\"role\":\"viewer\"}")
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
        try {
            Api.as(viewer).body(DOCUMENT).post("/api/v1/config/plan").then().statusCode(200);
            Api.as(viewer).body(DOCUMENT).put("/api/v1/config").then().statusCode(403);
        } finally {
            admin().delete("/api/v1/tokens/apply-viewer").then().statusCode(204);
        }
    }

    // ------------------------------------------------------------------ helpers

    static Response plan(String document, String query) {
        return admin().body(document).post("/api/v1/config/plan" + query);
    }

    static Response apply(String document, String query, String ifMatch) {
        var r = admin().body(document);
        if (ifMatch != null) r = r.header("If-Match", ifMatch);
        return r.put("/api/v1/config" + query);
    }

    private static JsonNode change(JsonNode plan, String kind, String name) {
        for (JsonNode c : plan.get("changes"))
            if (c.get("kind").asText().equals(kind) && c.get("name").asText().equals(name)) return c;
        throw new AssertionError("no " + kind + " " + name + " in " + plan);
    }

    /** The revision of the newest audit record. */
    private static long lastAudit() {
        return admin().get("/api/v1/audit?limit=1").jsonPath().getLong("items[0].revision");
    }

    private TestAgent agent() throws Exception {
        return TestAgent.connect(grpc.port(), grpc.tls().certificate());
    }

    private static String enroll(String director) {
        return admin().body("{\"description\":\"test\"}")
                .post("/api/v1/directors/" + director + "/enrollment-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
    }

    static JsonNode json(String text) {
        try {
            return DocumentCodec.JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
