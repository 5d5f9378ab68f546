package io.fulcrum.wire.api;

import static io.fulcrum.wire.api.Trees.canonical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.fulcrum.api.v1.ConfigDocument;
import io.fulcrum.api.v1.Director;
import io.fulcrum.api.v1.Forwarding;
import io.fulcrum.api.v1.HealthCheck;
import io.fulcrum.api.v1.RealServer;
import io.fulcrum.api.v1.ResourcesProto;
import io.fulcrum.api.v1.Scheduler;
import io.fulcrum.api.v1.VirtualServer;
import io.fulcrum.api.v1.VrrpGroup;
import io.fulcrum.model.Enums;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One schema, two encodings: a message's JSON (RestJson, the protobuf JSON mapping with rest.proto's
 * rewrites) is the REST representation, both ways, for REST's own answers and for the domain model.
 */
class RestJsonTest {
    @Test
    void restExamplesOfEverySchemaReadIntoTheirMessageAndPrintBackTheSame() throws Exception {
        JsonNode examples = Trees.resource("rest-examples.json");
        int checked = 0;
        for (Map.Entry<String, JsonNode> e : examples.properties()) {
            Descriptor d = ResourcesProto.getDescriptor().findMessageTypeByName(e.getKey());
            assertThat(d).as(e.getKey()).isNotNull();
            for (JsonNode rest : e.getValue()) {
                Message m = RestJson.parse(rest, DynamicMessage.newBuilder(d)).build();
                // the binary encoding keeps it too
                Message again = DynamicMessage.parseFrom(d, m.toByteArray());
                assertThat(canonical(RestJson.print(again)))
                        .as(e.getKey() + " " + rest)
                        .isEqualTo(canonical(rest));
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(20);
    }

    @Test
    void everyFieldOfTheDocumentSchemasIsTheSameInTheModelAndTheMessage() {
        assertDomainAndMessageAgree(Trees.resource("every-field.fulcrum.json"));
    }

    @Test
    void theKeepalivedSeedsAreTheSameInTheModelAndTheMessage() throws IOException {
        Path seeds = Path.of("../control-plane/src/test/resources/seeds");
        List<Path> files;
        try (Stream<Path> s = Files.list(seeds)) {
            files = s.filter(p -> p.toString().endsWith(".fulcrum.json"))
                    .sorted()
                    .toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(5);
        for (Path f : files) assertDomainAndMessageAgree(DocumentCodec.parse(Files.readString(f)));
    }

    /** domain -> message -> JSON is domain -> REST JSON, resource by resource, and JSON -> message -> domain the same domain. */
    private static void assertDomainAndMessageAgree(JsonNode document) {
        io.fulcrum.model.ConfigDocument doc = DocumentCodec.decodeDesiredDocument(document);
        assertThat(canonical(RestJson.print(Resources.configDocument(doc))))
                .isEqualTo(canonical(DocumentCodec.encode(doc)));
        for (var d : doc.directors()) {
            assertThat(canonical(RestJson.print(message(d)))).isEqualTo(canonical(DocumentCodec.encode(d)));
            assertThat(Resources.director(message(d))).isEqualTo(d);
        }
        for (var g : doc.vrrpGroups())
            assertThat(canonical(RestJson.print(message(g)))).isEqualTo(canonical(DocumentCodec.encode(g, true)));
        for (var v : doc.virtualServers()) {
            assertThat(canonical(RestJson.print(message(v)))).isEqualTo(canonical(DocumentCodec.encode(v, true)));
            assertThat(Resources.virtualServer(message(v))).isEqualTo(v);
            for (var r : v.realServers()) {
                assertThat(canonical(RestJson.print(message(r)))).isEqualTo(canonical(DocumentCodec.encode(r)));
                assertThat(Resources.realServer(message(r))).isEqualTo(r);
            }
            if (v.healthCheck() != null)
                assertThat(canonical(RestJson.print(message(v.healthCheck()))))
                        .isEqualTo(canonical(DocumentCodec.encode(v.healthCheck())));
        }
        // a document as a client sends it (secrets included) reads as the same model as REST reads it
        ConfigDocument sent =
                RestJson.parse(document, ConfigDocument.newBuilder()).build();
        assertThat(Resources.desiredDocument(sent)).isEqualTo(doc);
    }

    // the model's resources as messages as the management API makes them: REST's representation
    // (here without the metadata and status REST adds) read by Resources.message

    private static Director message(io.fulcrum.model.Director d) {
        return Resources.message(DocumentCodec.encode(d), null, Director.newBuilder())
                .build();
    }

    /** Without the password (write-only), with passwordSet. */
    private static VrrpGroup message(io.fulcrum.model.VrrpGroup g) {
        return Resources.message(DocumentCodec.encode(g, true), null, VrrpGroup.newBuilder())
                .build();
    }

    private static VirtualServer message(io.fulcrum.model.VirtualServer v) {
        return Resources.message(DocumentCodec.encode(v, true), null, VirtualServer.newBuilder())
                .build();
    }

    private static RealServer message(io.fulcrum.model.RealServer r) {
        return Resources.message(DocumentCodec.encode(r), null, RealServer.newBuilder())
                .build();
    }

    private static HealthCheck message(io.fulcrum.model.HealthCheck h) {
        return Resources.message(DocumentCodec.encode(h), null, HealthCheck.newBuilder())
                .build();
    }

    @Test
    void everyModelEnumValueHasTheSameRestSpellingInTheMessages() {
        List<String> missing = new ArrayList<>();
        Map<Class<? extends Enum<?>>, String> pairs = Map.ofEntries(
                Map.entry(Enums.Protocol.class, "Protocol"),
                Map.entry(Enums.AddressFamily.class, "AddressFamily"),
                Map.entry(Enums.Scheduler.class, "Scheduler"),
                Map.entry(Enums.SchedulerFlag.class, "SchedulerFlag"),
                Map.entry(Enums.Forwarding.class, "Forwarding"),
                Map.entry(Enums.TunnelType.class, "TunnelType"),
                Map.entry(Enums.TunnelChecksum.class, "TunnelChecksum"),
                Map.entry(Enums.AdminState.class, "AdminState"),
                Map.entry(Enums.InitialState.class, "InitialState"),
                Map.entry(Enums.AuthType.class, "AuthType"),
                Map.entry(Enums.CheckType.class, "CheckType"),
                Map.entry(Enums.DnsType.class, "DnsType"),
                Map.entry(Enums.Role.class, "Role"));
        pairs.forEach((model, proto) -> {
            var e = ResourcesProto.getDescriptor().findEnumTypeByName(proto);
            Enum<?>[] constants = model.getEnumConstants();
            for (Enum<?> c : constants) {
                String wire = c instanceof Enums.DnsType
                        ? c.name()
                        : c.name().toLowerCase(Locale.ROOT).replace('_', '-');
                if (RestJson.value(e, wire) == null) missing.add(proto + " has no value for REST's " + wire);
            }
            assertThat(e.getValues()).as(proto).hasSize(constants.length + 1);
        });
        assertThat(missing).isEmpty();
    }

    @Test
    void anEnumValueIsItsRestSpellingAndUnspecifiedIsLeftOut() {
        VirtualServer v = VirtualServer.newBuilder()
                .setName("web")
                .setScheduler(Scheduler.SCHEDULER_WRR)
                .setForwarding(Forwarding.FORWARDING_UNSPECIFIED)
                .setFwmark((int) 4_000_000_000L) // uint32: Java has no unsigned int
                .setEtag("\"3\"")
                .build();
        ObjectNode rest = RestJson.print(v);
        assertThat(rest.toString()).isEqualTo("{\"name\":\"web\",\"fwmark\":4000000000,\"scheduler\":\"wrr\"}");
        assertThat(RestJson.parse(rest, VirtualServer.newBuilder()).getScheduler())
                .isEqualTo(Scheduler.SCHEDULER_WRR);
    }

    @Test
    void aNumberNoEnumValueHasIsRefusedByRestsValidationNamingTheField() {
        RealServer r = RealServer.newBuilder()
                .setName("a")
                .setAddress("192.0.2.1")
                .setAdminStateValue(99)
                .build();
        assertThatThrownBy(() -> Resources.realServer(r))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.errors())
                                .anySatisfy(f -> assertThat(f.field()).isEqualTo("/adminState")));
    }

    @Test
    void aRestSpellingNoValueHasDoesNotRead() {
        ObjectNode rest =
                DocumentCodec.JSON.createObjectNode().put("name", "web").put("scheduler", "fastest");
        assertThatThrownBy(() -> RestJson.parse(rest, VirtualServer.newBuilder()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("VirtualServer");
    }
}
