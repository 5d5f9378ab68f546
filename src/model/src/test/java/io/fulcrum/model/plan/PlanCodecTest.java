package io.fulcrum.model.plan;

import static io.fulcrum.model.plan.PlanFixtures.exported;
import static io.fulcrum.model.plan.PlanFixtures.fleet;
import static io.fulcrum.model.plan.PlanFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.model.Fixtures;
import io.fulcrum.model.codec.DocumentCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A plan's JSON form, and that openapi.yaml's schemas describe every member it writes. */
class PlanCodecTest {

    /** openapi.yaml's components.schemas (the repository's, the one contract source). */
    private static JsonNode schemas() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("openapi.yaml"))) dir = dir.getParent();
        assertThat(dir)
                .as("openapi.yaml in %s or a parent", Path.of("").toAbsolutePath())
                .isNotNull();
        return DocumentCodec.YAML.readTree(dir.resolve("openapi.yaml").toFile()).at("/components/schemas");
    }

    private static ObjectNode changedPlan() {
        ObjectNode desired = Fixtures.set(fleet(), "/virtualServers/0/realServers/1/weight", 5);
        Fixtures.set(desired, "/vrrpGroups/0/authentication/password", "n3w-pw");
        Fixtures.remove(desired, "/virtualServers/1/directors");
        Fixtures.remove(desired, "/virtualServers/0/realServers/0");
        return PlanCodec.encode(plan(fleet(), desired, PlanOptions.DEFAULT.withPrune(true)));
    }

    @Test
    void aPlanIsWrittenWithItsChangesDiffsCountsAndWarnings() {
        ObjectNode json = changedPlan();

        assertThat(json.get("basedOnRevision").asLong()).isEqualTo(PlanFixtures.REVISION);
        assertThat(json.get("writes").asBoolean()).isTrue();
        assertThat(json.get("refused").asBoolean()).isFalse();
        assertThat(json.get("counts"))
                .isEqualTo(Fixtures.json("{\"create\":0,\"update\":3,\"delete\":1,\"unchanged\":5,\"keep\":0}"));
        assertThat(json.get("changes").get(2)).isEqualTo(Fixtures.json("""
                {"kind": "real-server", "virtualServer": "web", "name": "rs2", "action": "update",
                 "at": "/virtualServers/0/realServers/0", "diff": [{"path": "/weight", "before": 1, "after": 5}],
                 "directors": ["lb1", "lb2"]}"""));
        assertThat(json.get("changes").get(0).get("diff")).isEqualTo(Fixtures.json("""
                [{"path": "/authentication/password", "before": "(secret)", "after": "(secret changed)", "secret": true}]"""));
        assertThat(json.get("changes").get(3)).isEqualTo(Fixtures.json("""
                {"kind": "real-server", "virtualServer": "web", "name": "rs1", "action": "delete", "directors": ["lb1", "lb2"]}"""));
        assertThat(json.get("warnings").get(0).get("field").asText()).isEqualTo("/virtualServers/1");
        assertThat(json.get("errors")).isEmpty();
        assertThat(json.toString()).doesNotContain("n3w-pw").doesNotContain(PlanFixtures.PASSWORD);
    }

    @Test
    void theSchemaDeclaresEveryMemberThePlanWrites() throws IOException {
        JsonNode schemas = schemas();
        ObjectNode json = changedPlan();
        json.withArray("errors").addObject().put("field", "/x").put("message", "y");

        assertDeclared(schemas, "Plan", json);
        assertDeclared(schemas, "PlanCounts", json.get("counts"));
        for (JsonNode c : json.get("changes")) {
            assertDeclared(schemas, "PlanChange", c);
            if (c.has("diff")) for (JsonNode d : c.get("diff")) assertDeclared(schemas, "FieldDiff", d);
        }
        for (JsonNode e : json.get("errors")) assertDeclared(schemas, "ProblemFieldError", e);
        assertThat(schemas.at("/PlanAction/enum"))
                .extracting(JsonNode::asText)
                .containsExactly("create", "update", "delete", "unchanged", "keep");
    }

    @Test
    void anUnchangedPlanWritesEmptyLists() {
        ObjectNode json = PlanCodec.encode(plan(fleet(), exported(fleet())));

        assertThat(json.get("changes")).isEmpty();
        assertThat(json.get("writes").asBoolean()).isFalse();
        assertThat(json.at("/counts/unchanged").asInt()).isEqualTo(9);
    }

    private static void assertDeclared(JsonNode schemas, String schema, JsonNode value) {
        JsonNode properties = schemas.at("/" + schema + "/properties");
        for (Iterator<Map.Entry<String, JsonNode>> f = value.properties().iterator(); f.hasNext(); ) {
            String name = f.next().getKey();
            assertThat(properties.has(name)).as(schema + " declares " + name).isTrue();
        }
        for (JsonNode required : schemas.at("/" + schema + "/required")) {
            assertThat(value.has(required.asText()))
                    .as(schema + " requires " + required.asText())
                    .isTrue();
        }
    }
}
