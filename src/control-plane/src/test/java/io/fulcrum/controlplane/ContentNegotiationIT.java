package io.fulcrum.controlplane;

import static io.fulcrum.controlplane.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every operation of openapi.yaml (read from the file, not listed here), asked with each Accept header
 * a client sends: application/problem+json (what generated clients send for an operation whose only
 * declared body is a problem, such as every DELETE), a wildcard, application/json, none at all, and
 * application/yaml where the operation declares it. None of them is refused with 406; a success has
 * the media type the contract declares for it (the one asked for when declared), a 204 has no body,
 * an error is application/problem+json, and a DELETE really deletes.
 */
@QuarkusTest
class ContentNegotiationIT {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ACCEPTS = List.of("application/problem+json", "*/*", "application/json", "");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final OpenApiInteractionValidator CONTRACT = OpenApiInteractionValidator.createForSpecificationUrl(
                    Api.contract().toUri().toString())
            .build();

    @TestHTTPResource("/")
    URI root;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> failures = new ArrayList<>();
    /** Path parameter values of the current fixture (the enrollment token's id changes with each). */
    private final Map<String, String> values = new HashMap<>();

    @Test
    void everyOperationAnswersEveryUsualAcceptHeaderWithoutA406() throws Exception {
        List<Operation> operations = operations();
        assertThat(operations).hasSizeGreaterThan(30);
        boolean dirty = true;
        for (Operation op : operations) {
            for (String accept : op.accepts()) {
                if (dirty) fixture();
                dirty = !op.method().equals("get");
                success(op, accept);
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void everyErrorIsAProblemWhateverTheAcceptHeader() throws Exception {
        fixture();
        for (Operation op : operations()) {
            if (!op.secured()) continue;
            for (String accept : op.accepts()) {
                // without a token every secured operation fails before it does anything
                HttpResponse<String> r = send(op, accept, false);
                check(op, accept, r, "without a token");
                if (r.statusCode() != 401)
                    failures.add(op + " " + accept(accept) + " without a token: " + r.statusCode());
                if (!type(r).equals("application/problem+json"))
                    failures.add(op + " " + accept(accept) + " without a token: " + type(r));
            }
        }
        assertThat(failures).isEmpty();
    }

    /** What a generated client sends for a DELETE: only application/problem+json is acceptable. */
    @Test
    void aDeleteThatAcceptsOnlyProblemsDeletes() throws Exception {
        for (Operation op : operations()) {
            if (!op.method().equals("delete")) continue;
            fixture();
            long before = Api.revision();
            HttpResponse<String> r = send(op, "application/problem+json", true);
            assertThat(r.statusCode()).as(op.toString()).isEqualTo(204);
            assertThat(Api.revision()).as(op + " bumps the revision").isEqualTo(before + 1);
            admin().get("/api/v1/audit?limit=1").then().statusCode(200).body("items[0].action", equalTo("delete"));
            if (op.pathItem().has("get")) {
                int after = admin().get(op.uri(values)).statusCode();
                assertThat(after)
                        .as("GET " + op.uri(values) + " after the DELETE")
                        .isEqualTo(404);
            }
        }
    }

    /** Negotiation still works: a type the API does not speak is refused, with a problem naming what it speaks. */
    @Test
    void anAcceptNamingOnlyTypesTheApiDoesNotSpeakIs406() throws Exception {
        fixture();
        for (Operation op : operations()) {
            if (!op.path().startsWith("/api/")) continue; // the health probes answer JSON whatever is asked
            HttpResponse<String> r = send(op, "text/html", true);
            if (r.statusCode() != 406 || !type(r).equals("application/problem+json")) {
                failures.add(op + " Accept: text/html: " + r.statusCode() + " " + type(r));
            }
        }
        assertThat(failures).isEmpty();
    }

    private void success(Operation op, String accept) throws IOException, InterruptedException {
        if (op.types("200").contains("text/event-stream")) {
            streams(op, accept);
            return;
        }
        HttpResponse<String> r = send(op, accept, true);
        check(op, accept, r, "");
        String where = op + " " + accept(accept) + ": ";
        if (!op.successes().contains(String.valueOf(r.statusCode()))) {
            failures.add(where + r.statusCode() + " " + r.body());
            return;
        }
        if (r.statusCode() == 204) {
            if (!r.body().isEmpty()) failures.add(where + "a 204 with a body");
            return;
        }
        List<String> declared = op.types(String.valueOf(r.statusCode()));
        String expected = declared.contains(accept) ? accept : declared.get(0);
        if (!type(r).equals(expected)) failures.add(where + "answered " + type(r) + ", expected " + expected);
        if (expected.equals("text/plain")) return; // keepalived.conf: any text
        try {
            (expected.contains("yaml") ? YAML : JSON).readTree(r.body());
        } catch (IOException e) {
            failures.add(where + "the body is not " + expected + ": " + e.getMessage());
        }
    }

    /** The contract's validator on every answer, and never a 406. */
    private void check(Operation op, String accept, HttpResponse<String> r, String how) {
        String where = op + " " + accept(accept) + " " + how + ": ";
        if (r.statusCode() == 406) failures.add(where + "406 " + r.body());
        SimpleResponse.Builder b = SimpleResponse.Builder.status(r.statusCode()).withBody(r.body());
        r.headers().map().forEach((k, v) -> b.withHeader(k, v));
        ValidationReport report = CONTRACT.validateResponse(
                op.path(), Request.Method.valueOf(op.method().toUpperCase()), b.build());
        if (report.hasErrors()) failures.add(where + report.getMessages());
    }

    /** An event stream never ends: its status and type are checked, then the stream is left. */
    private void streams(Operation op, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(root.resolve(op.uri(values)))
                .header("Authorization", "Bearer " + EmbeddedPostgresResource.ADMIN_TOKEN);
        if (!accept.isEmpty()) b.header("Accept", accept);
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        r.body().close();
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (r.statusCode() != 200 || !type.startsWith("text/event-stream"))
            failures.add(op + " " + accept(accept) + ": " + r.statusCode() + " " + type);
    }

    private HttpResponse<String> send(Operation op, String accept, boolean authorized)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(root.resolve(op.uri(values)));
        if (!accept.isEmpty()) b.header("Accept", accept);
        if (authorized && op.secured()) b.header("Authorization", "Bearer " + EmbeddedPostgresResource.ADMIN_TOKEN);
        String schema = op.bodySchema();
        if (schema != null) {
            b.header("Content-Type", "application/json");
            b.method(op.method().toUpperCase(), HttpRequest.BodyPublishers.ofString(body(schema, op)));
        } else {
            b.method(op.method().toUpperCase(), HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String type(HttpResponse<String> r) {
        return r.headers()
                .firstValue("Content-Type")
                .map(t -> t.split(";")[0].trim())
                .orElse("");
    }

    private static String accept(String accept) {
        return accept.isEmpty() ? "(no Accept)" : "Accept: " + accept;
    }

    /**
     * The seeded model plus one of each kind that nothing else names, so each can be deleted: director lb3
     * (with an enrollment token), group VI_2, token neg-token; virtual server web keeps real servers rs1 and rs2.
     */
    private void fixture() {
        Api.deleteAll();
        ResourceCrudIT.seed();
        admin().body("{\"name\":\"lb3\",\"managementAddress\":\"10.0.0.3\"}")
                .post("/api/v1/directors")
                .then()
                .statusCode(201);
        admin().body(body("VrrpGroup", "VI_2"))
                .post("/api/v1/vrrp-groups")
                .then()
                .statusCode(201);
        admin().delete("/api/v1/tokens/neg-token");
        admin().delete("/api/v1/tokens/neg-new");
        admin().body(body("Token", "neg-token")).post("/api/v1/tokens").then().statusCode(201);
        long id = admin().body("{}")
                .post("/api/v1/directors/lb3/enrollment-tokens")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        values.put("id", String.valueOf(id));
    }

    /** A valid body of the named schema for the operation: a new resource for a POST, the path's one for a PUT. */
    private String body(String schema, Operation op) {
        String name = op.method().equals("post") ? "neg-new" : op.uri(values).replaceAll(".*/", "");
        return body(schema, name);
    }

    private static String body(String schema, String name) {
        return switch (schema) {
            case "Director" -> "{\"name\":\"" + name + "\",\"managementAddress\":\"10.0.0.7\"}";
            case "VrrpGroup" ->
                "{\"name\":\"" + name + "\",\"vrid\":" + (name.equals("VI_2") ? 52 : 53) + ",\"interface\":\"eth1\","
                        + "\"virtualAddresses\":[{\"address\":\"192.168.20.100/24\"}],\"members\":[{\"director\":\"lb1\",\"priority\":100}]}";
            case "VirtualServer" ->
                "{\"name\":\"" + name + "\",\"address\":\"192.168.30.1\",\"port\":80,\"directors\":[\"lb1\"]}";
            case "RealServer" -> "{\"name\":\"" + name + "\",\"address\":\"192.168.10.21\"}";
            case "Token" -> "{\"name\":\"" + name + "\",\"role\":\"viewer\"}";
            case "EnrollmentTokenRequest" -> "{\"description\":\"negotiation\"}";
            // one keepalived.conf with one VRRP instance, imported (nothing is written)
            case "KeepalivedImportRequest" ->
                "{\"files\":[{\"name\":\"lb1/keepalived.conf\",\"text\":\"vrrp_instance VI_1 {\\n interface eth0\\n"
                        + " virtual_router_id 7\\n virtual_ipaddress {\\n  10.0.0.100\\n }\\n}\\n\"}]}";
            // a document adding one director (the others stay: no prune), to plan or apply
            case "ConfigDocument" ->
                "{\"apiVersion\":\"fulcrum/v1\",\"directors\":[{\"name\":\"lb9\",\"managementAddress\":\"10.0.0.9\"}]}";
            default ->
                throw new AssertionError("no sample body for schema " + schema + ": add one to "
                        + ContentNegotiationIT.class.getSimpleName());
        };
    }

    // ---- openapi.yaml

    /** One method of one path, as openapi.yaml declares it. */
    record Operation(String path, String method, JsonNode pathItem, JsonNode operation, JsonNode document) {
        @Override
        public String toString() {
            return method.toUpperCase() + " " + path;
        }

        /** The path with each parameter replaced by the fixture's resource of that kind. */
        String uri(Map<String, String> values) {
            Matcher m = PARAMETER.matcher(path);
            StringBuilder s = new StringBuilder();
            while (m.find()) m.appendReplacement(s, value(m.group(1), path.substring(0, m.start()), values));
            return m.appendTail(s).toString();
        }

        private static String value(String parameter, String before, Map<String, String> values) {
            if (values.containsKey(parameter)) return values.get(parameter);
            if (!parameter.equals("name") && !parameter.equals("realServerName")) {
                throw new AssertionError("no fixture value for path parameter " + parameter);
            }
            if (before.endsWith("/real-servers/")) return "rs1";
            if (before.endsWith("/directors/")) return "lb3";
            if (before.endsWith("/vrrp-groups/")) return "VI_2";
            if (before.endsWith("/virtual-servers/")) return "web";
            if (before.endsWith("/tokens/")) return "neg-token";
            throw new AssertionError("no fixture value for " + parameter + " after " + before);
        }

        boolean secured() {
            JsonNode s = operation.has("security") ? operation.get("security") : document.path("security");
            return s.isArray() && !s.isEmpty();
        }

        /** The Accept headers to try: the usual four, and each other media type a response declares (YAML). */
        List<String> accepts() {
            Set<String> a = new LinkedHashSet<>(ACCEPTS);
            for (JsonNode r : operation.path("responses")) {
                for (Iterator<String> it = resolve(r).path("content").fieldNames(); it.hasNext(); ) a.add(it.next());
            }
            return List.copyOf(a);
        }

        Set<String> successes() {
            Set<String> codes = new LinkedHashSet<>();
            operation.path("responses").fieldNames().forEachRemaining(c -> {
                if (c.startsWith("2")) codes.add(c);
            });
            return codes;
        }

        List<String> types(String status) {
            List<String> t = new ArrayList<>();
            resolve(operation.path("responses").path(status))
                    .path("content")
                    .fieldNames()
                    .forEachRemaining(t::add);
            return t;
        }

        /** The name of the JSON request body's schema (which must be a $ref: no inline schemas), or null. */
        String bodySchema() {
            JsonNode body = operation.path("requestBody");
            if (body.isMissingNode()) return null;
            JsonNode schema =
                    resolve(body).path("content").path("application/json").path("schema");
            String ref = schema.path("$ref").asText("");
            if (ref.isEmpty()) throw new AssertionError(this + " has an inline request body schema");
            return ref.substring(ref.lastIndexOf('/') + 1);
        }

        private JsonNode resolve(JsonNode node) {
            String ref = node.path("$ref").asText("");
            if (ref.isEmpty()) return node;
            return resolve(document.at(ref.substring(1)));
        }
    }

    static List<Operation> operations() throws IOException {
        JsonNode doc = YAML.readTree(Api.contract().toFile());
        List<Operation> ops = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> p =
                        doc.path("paths").properties().iterator();
                p.hasNext(); ) {
            var path = p.next();
            for (Iterator<Map.Entry<String, JsonNode>> m =
                            path.getValue().properties().iterator();
                    m.hasNext(); ) {
                var method = m.next();
                if (METHODS.contains(method.getKey()))
                    ops.add(new Operation(path.getKey(), method.getKey(), path.getValue(), method.getValue(), doc));
            }
        }
        return ops;
    }
}
