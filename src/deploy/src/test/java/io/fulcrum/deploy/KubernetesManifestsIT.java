package io.fulcrum.deploy;

import static io.fulcrum.deploy.Commands.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes rendered offline with `kubectl kustomize`, every rendered object checked against the
 * Kubernetes OpenAPI schema of its kind (kubernetes-models from npm, src/deploy/k8s-schema), and what
 * the issue asks of the objects themselves.
 */
class KubernetesManifestsIT {
    private static final Path SCHEMA = ROOT.resolve("src/deploy/k8s-schema");

    @BeforeAll
    static void installTheSchemaValidator() {
        Commands.require("kubectl", "kubectl (kustomize is built in)");
        Commands.require("npm", "Node.js and npm");
        Commands.ok(
                List.of(
                        "npm",
                        "ci",
                        "--ignore-scripts",
                        "--prefer-offline",
                        "--no-audit",
                        "--no-fund",
                        "--prefix",
                        SCHEMA.toString()),
                Duration.ofMinutes(5));
    }

    /** `kubectl kustomize DIR`, as a list of objects. */
    private static List<JsonNode> render(String dir) throws IOException {
        String yaml =
                Commands.ok(List.of("kubectl", "kustomize", ROOT.resolve(dir).toString()), Duration.ofMinutes(1));
        List<JsonNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var it = new YAMLMapper().readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && !node.isNull() && !node.isMissingNode()) objects.add(node);
            }
        }
        return objects;
    }

    /** Every object valid against its kind's schema, as the validator says. */
    private static void assertSchemaValid(String dir, List<JsonNode> objects) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ArrayNode array = json.createArrayNode().addAll(objects);
        Path file = Files.createTempFile("fulcrum-k8s-", ".json");
        try {
            json.writeValue(file.toFile(), array);
            Commands.Result r = Commands.run(
                    List.of("node", SCHEMA.resolve("validate.mjs").toString(), file.toString()), Duration.ofMinutes(1));
            assertThat(r.exit()).as(dir + ":\n" + r.output()).isZero();
            assertThat(r.output()).contains(objects.size() + " objects, 0 invalid");
        } finally {
            Files.delete(file);
        }
    }

    private static JsonNode find(List<JsonNode> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind)
                        && o.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    @Test
    void theBaseRendersToSchemaValidObjects() throws IOException {
        List<JsonNode> objects = render("deploy/kubernetes/base");
        assertSchemaValid("deploy/kubernetes/base", objects);
        assertThat(objects)
                .extracting(o -> o.path("kind").asText())
                .contains("Namespace", "Deployment", "Service", "DaemonSet", "ConfigMap");
        assertThat(objects)
                .allSatisfy(o -> assertThat(o.path("metadata").path("namespace").asText("fulcrum"))
                        .isEqualTo("fulcrum"));
    }

    @Test
    void theDemoAddsPostgresqlAndTheSecretsAndRendersToSchemaValidObjects() throws IOException {
        List<JsonNode> objects = render("deploy/kubernetes/demo");
        assertSchemaValid("deploy/kubernetes/demo", objects);
        find(objects, "StatefulSet", "fulcrum-postgres");
        find(objects, "Secret", "fulcrum-database");
        find(objects, "Secret", "fulcrum-admin");
    }

    @Test
    void theControlPlaneRunsTwoUnprivilegedReplicasWithProbesAndSecrets() throws IOException {
        List<JsonNode> objects = render("deploy/kubernetes/base");
        JsonNode deployment = find(objects, "Deployment", "fulcrum-control-plane");
        assertThat(deployment.path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        JsonNode container = pod.path("containers").get(0);
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
                .isEqualTo("/q/health/ready");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
                .isEqualTo("/q/health/live");
        assertThat(container
                        .path("securityContext")
                        .path("capabilities")
                        .path("drop")
                        .toString())
                .contains("ALL");
        assertThat(container.path("env").toString())
                .contains("fulcrum-database", "fulcrum-admin", "FULCRUM_DB_URL", "FULCRUM_ADMIN_TOKEN");
        JsonNode service = find(objects, "Service", "fulcrum-control-plane");
        assertThat(service.path("spec").path("ports").toString()).contains("8080", "9443");
    }

    @Test
    void theAgentRunsOnDirectorNodesOnTheHostNetworkWithNetAdminAndNetRawOnly() throws IOException {
        JsonNode daemonSet = find(render("deploy/kubernetes/base"), "DaemonSet", "fulcrum-agent");
        JsonNode pod = daemonSet.path("spec").path("template").path("spec");
        assertThat(pod.path("hostNetwork").asBoolean()).isTrue();
        assertThat(pod.path("nodeSelector").path("fulcrum.io/director").asText())
                .isEqualTo("true");
        JsonNode capabilities =
                pod.path("containers").get(0).path("securityContext").path("capabilities");
        assertThat(capabilities.path("add").toString()).isEqualTo("[\"NET_ADMIN\",\"NET_RAW\"]");
        assertThat(capabilities.path("drop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(pod.path("initContainers").get(0).path("name").asText()).isEqualTo("enroll");
    }
}
