package io.fulcrum.wire.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.fulcrum.api.v1.ResourcesProto;
import io.fulcrum.model.codec.DocumentCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every message of proto/fulcrum/v1/resources.proto is the openapi.yaml schema of the same name: the
 * same members (by the proto JSON names), and every enum field the same values (by their rest option).
 */
class RestJsonSchemasTest {
    /** Strings REST restricts to one constant, which the proto leaves a string. */
    private static final Set<String> STRING_CONSTANTS = Set.of("ConfigDocument.apiVersion");
    /** Enum fields whose REST schema allows fewer values than the shared proto enum has: a plan names only a document's kinds. */
    private static final Set<String> SUBSETS = Set.of("PlanChange.kind");

    static JsonNode schemas() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("openapi.yaml"))) root = root.getParent();
        return DocumentCodec.YAML
                .readTree(Files.readString(root.resolve("openapi.yaml")))
                .path("components")
                .path("schemas");
    }

    @Test
    void everyMessageHasTheMembersOfItsSchema() throws IOException {
        JsonNode schemas = schemas();
        List<String> differences = new ArrayList<>();
        for (Descriptor d : ResourcesProto.getDescriptor().getMessageTypes()) {
            JsonNode schema = schemas.path(d.getName());
            if (schema.isMissingNode()) {
                differences.add(d.getName() + ": no schema of that name in openapi.yaml");
                continue;
            }
            Set<String> rest = new TreeSet<>();
            schema.path("properties").fieldNames().forEachRemaining(rest::add);
            Set<String> proto = d.getFields().stream()
                    .map(FieldDescriptor::getJsonName)
                    .filter(n -> !n.equals(RestJson.ETAG))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!rest.equals(proto)) differences.add(d.getName() + ": REST " + rest + ", proto " + proto);
        }
        assertThat(differences).isEmpty();
    }

    @Test
    void everyEnumFieldHasTheValuesOfItsSchema() throws IOException {
        JsonNode schemas = schemas();
        List<String> differences = new ArrayList<>();
        int enums = 0;
        for (Descriptor d : ResourcesProto.getDescriptor().getMessageTypes()) {
            for (FieldDescriptor f : d.getFields()) {
                JsonNode p = schemas.path(d.getName()).path("properties").path(f.getJsonName());
                JsonNode values = enumOf(schemas, f.isRepeated() ? p.path("items") : p);
                String where = d.getName() + "." + f.getJsonName();
                if (f.getJavaType() != FieldDescriptor.JavaType.ENUM) {
                    if (values != null && values.get(0).isTextual() && !STRING_CONSTANTS.contains(where))
                        differences.add(where + ": REST has an enum, proto not");
                    continue;
                }
                enums++;
                if (values == null) {
                    differences.add(where + ": proto has an enum, REST not");
                    continue;
                }
                Set<String> rest = new TreeSet<>();
                values.forEach(v -> rest.add(v.asText()));
                Set<String> proto = new TreeSet<>();
                for (EnumValueDescriptor v : f.getEnumType().getValues())
                    if (v.getNumber() != 0) proto.add(RestJson.rest(v));
                boolean same = SUBSETS.contains(where) ? proto.containsAll(rest) : rest.equals(proto);
                if (!same) differences.add(where + ": REST " + rest + ", proto " + proto);
            }
        }
        assertThat(differences).isEmpty();
        assertThat(enums).as("enum fields checked").isGreaterThan(20);
    }

    /** The enum of a property, following a $ref; null when it has none. */
    private static JsonNode enumOf(JsonNode schemas, JsonNode p) {
        if (p.has("$ref")) p = schemas.path(p.get("$ref").asText().replace("#/components/schemas/", ""));
        return p.has("enum") ? p.get("enum") : null;
    }
}
