package io.fulcrum.controlplane;

import static io.fulcrum.controlplane.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Director;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every keepalived.conf of the source documents (src/test/resources/seeds, translated by hand into
 * configuration documents) is built through the REST API resource by resource, and applied as one
 * document ({@code PUT /api/v1/config}), and reads back intact.
 */
@QuarkusTest
class SeedsIT {
    static Stream<Path> seeds() throws IOException {
        Path dir = Path.of("src/test/resources/seeds");
        try (var files = Files.list(dir)) {
            var list = files.filter(p -> p.toString().endsWith(".fulcrum.json"))
                    .sorted()
                    .toList();
            assertThat(list).as("seed documents in " + dir.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(8);
            for (Path p : list) {
                assertThat(Path.of(p.toString().replace(".fulcrum.json", ".keepalived.conf")))
                        .as("the keepalived.conf beside " + p)
                        .exists();
            }
            return list.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void isExpressibleThroughTheApiAndReadsBackTheSame(Path seed) throws IOException {
        Api.deleteAll();
        JsonNode doc = DocumentCodec.JSON.readTree(Files.readString(seed));
        ConfigDocument expected = DocumentCodec.decodeDocument(doc, true);

        for (JsonNode d : doc.path("directors"))
            admin().body(d.toString()).post("/api/v1/directors").then().statusCode(201);
        for (JsonNode g : doc.path("vrrpGroups"))
            admin().body(g.toString()).post("/api/v1/vrrp-groups").then().statusCode(201);
        for (JsonNode v : doc.path("virtualServers")) {
            // the virtual server first, then each real server through its own endpoint
            ObjectNode bare = ((ObjectNode) v.deepCopy());
            JsonNode reals = bare.remove("realServers");
            admin().body(bare.toString()).post("/api/v1/virtual-servers").then().statusCode(201);
            if (reals != null)
                for (JsonNode r : reals) {
                    admin().body(r.toString())
                            .post("/api/v1/virtual-servers/" + v.get("name").asText() + "/real-servers")
                            .then()
                            .statusCode(201);
                }
        }
        for (JsonNode g : doc.path("vrrpGroups")) {
            if (g.path("authentication").path("password").isTextual()) {
                admin().get("/api/v1/vrrp-groups/" + g.get("name").asText())
                        .then()
                        .body("authentication.passwordSet", equalTo(true));
            }
        }

        JsonNode exported = DocumentCodec.JSON.readTree(
                admin().get("/api/v1/config").then().statusCode(200).extract().asString());
        ConfigDocument actual = DocumentCodec.decodeDocument(exported, false);
        assertThat(DocumentCodec.encode(sorted(actual)).toPrettyString())
                .isEqualTo(DocumentCodec.encode(sorted(expected)).toPrettyString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void isAppliedAsOneDocumentAndAppliedAgainWritesNothing(Path seed) throws IOException {
        Api.deleteAll();
        String text = Files.readString(seed);
        ConfigDocument expected = DocumentCodec.decodeDocument(DocumentCodec.JSON.readTree(text), true);

        admin().body(text).put("/api/v1/config").then().statusCode(200);
        long revision =
                admin().get("/api/v1/revision").then().extract().jsonPath().getLong("revision");
        JsonNode again = DocumentCodec.JSON.readTree(admin().body(text)
                .put("/api/v1/config")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertThat(again.at("/plan/writes").asBoolean())
                .as("the same document again")
                .isFalse();
        assertThat(admin().get("/api/v1/revision").then().extract().jsonPath().getLong("revision"))
                .isEqualTo(revision);

        JsonNode exported = DocumentCodec.JSON.readTree(
                admin().get("/api/v1/config").then().statusCode(200).extract().asString());
        assertThat(DocumentCodec.encode(sorted(DocumentCodec.decodeDocument(exported, false)))
                        .toPrettyString())
                .isEqualTo(DocumentCodec.encode(sorted(expected)).toPrettyString());
    }

    /** The export lists everything by name; so does the expectation. */
    private static ConfigDocument sorted(ConfigDocument d) {
        return new ConfigDocument(
                null,
                d.directors().stream()
                        .sorted(Comparator.comparing(Director::name))
                        .toList(),
                d.vrrpGroups().stream()
                        .sorted(Comparator.comparing(VrrpGroup::name))
                        .toList(),
                d.virtualServers().stream()
                        .sorted(Comparator.comparing(VirtualServer::name))
                        .map(v -> v.withRealServers(v.realServers().stream()
                                .sorted(Comparator.comparing(RealServer::name))
                                .toList()))
                        .toList());
    }
}
