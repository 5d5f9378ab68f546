package io.fulcrum.model.codec;

import static io.fulcrum.model.Fixtures.json;
import static io.fulcrum.model.Fixtures.minimalVirtualServer;
import static io.fulcrum.model.Fixtures.minimalVrrpGroup;
import static io.fulcrum.model.Fixtures.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.model.Defaults;
import io.fulcrum.model.Enums;
import io.fulcrum.model.HealthCheck;
import io.fulcrum.model.VirtualServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code default:} values openapi.yaml documents agree with {@link Defaults} (compared in the
 * codec's wire spelling), and the codec applies them when a field is absent.
 */
class DefaultsTest {

    private static JsonNode schemas;
    private static JsonNode parameters;

    /** "Schema.property" (or "Schema" for a schema-level default) -> the constant it must equal. */
    private static final Map<String, Object> CONSTANTS = new LinkedHashMap<>();
    /** Defaults with no constant in {@link Defaults}: what the codec applies (or null: left to consumers). */
    private static final Map<String, Object> LITERALS = new LinkedHashMap<>();

    static {
        CONSTANTS.put("VrrpGroup.version", Defaults.VRRP_VERSION);
        CONSTANTS.put("VrrpGroup.advertIntervalSeconds", Defaults.ADVERT_INTERVAL);
        CONSTANTS.put("VrrpGroup.preempt", Defaults.PREEMPT);
        CONSTANTS.put("VrrpGroup.preemptDelaySeconds", Defaults.PREEMPT_DELAY);
        CONSTANTS.put("VrrpMember.initialState", Defaults.INITIAL_STATE);
        CONSTANTS.put("Garp.masterDelaySeconds", Defaults.GARP.masterDelay());
        CONSTANTS.put("Garp.masterRepeat", Defaults.GARP.masterRepeat());
        CONSTANTS.put("Garp.masterRefreshSeconds", Defaults.GARP.masterRefresh());
        CONSTANTS.put("Garp.masterRefreshRepeat", Defaults.GARP.masterRefreshRepeat());
        CONSTANTS.put("TrackScript.intervalSeconds", Defaults.TRACK_SCRIPT_INTERVAL);
        CONSTANTS.put("TrackScript.timeoutSeconds", Defaults.TRACK_SCRIPT_TIMEOUT);
        CONSTANTS.put("TrackScript.weight", Defaults.TRACK_SCRIPT_WEIGHT);
        CONSTANTS.put("TrackScript.fall", Defaults.TRACK_SCRIPT_FALL);
        CONSTANTS.put("TrackScript.rise", Defaults.TRACK_SCRIPT_RISE);
        CONSTANTS.put("ConnectionSync.syncId", Defaults.SYNC_ID);
        CONSTANTS.put("VirtualServer.protocol", Defaults.PROTOCOL);
        CONSTANTS.put("VirtualServer.scheduler", Defaults.SCHEDULER);
        CONSTANTS.put("VirtualServer.quorum", Defaults.QUORUM);
        CONSTANTS.put("VirtualServer.hysteresis", Defaults.HYSTERESIS);
        CONSTANTS.put("Forwarding", Defaults.FORWARDING);
        CONSTANTS.put("Tunnel.type", Defaults.TUNNEL_TYPE);
        CONSTANTS.put("Tunnel.checksum", Defaults.TUNNEL_CHECKSUM);
        CONSTANTS.put("HealthCheck.intervalSeconds", Defaults.HEALTH_CHECK.interval());
        CONSTANTS.put("HealthCheck.timeoutSeconds", Defaults.HEALTH_CHECK.timeout());
        CONSTANTS.put("HealthCheck.retries", Defaults.HEALTH_CHECK.retries());
        CONSTANTS.put("HealthCheck.delayBeforeRetrySeconds", Defaults.HEALTH_CHECK.delayBeforeRetry());
        CONSTANTS.put("HealthCheck.fall", Defaults.HEALTH_CHECK.fall());
        CONSTANTS.put("HealthCheck.rise", Defaults.HEALTH_CHECK.rise());
        CONSTANTS.put("HealthCheck.alpha", Defaults.HEALTH_CHECK.alpha());
        CONSTANTS.put("DnsCheck.type", Defaults.DNS_TYPE);
        CONSTANTS.put("RealServer.weight", Defaults.WEIGHT);
        CONSTANTS.put("RealServer.adminState", Defaults.ADMIN_STATE);

        LITERALS.put("VrrpGroup.unicast", false);
        LITERALS.put("VrrpGroup.vmac", false);
        LITERALS.put("VirtualServer.onePacket", false);
        LITERALS.put("VirtualServer.omega", false);
        LITERALS.put("SorryServer.inhibit", false);
        LITERALS.put("RealServer.upperThreshold", 0);
        LITERALS.put("RealServer.lowerThreshold", 0);
        LITERALS.put("RealServer.inhibitOnFailure", false);
        LITERALS.put("HttpCheck.tlsVerify", false);
        LITERALS.put("MiscCheck.dynamic", false);
    }

    @BeforeAll
    static void readOpenApi() throws IOException {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("openapi.yaml"))) dir = dir.getParent();
        assertThat(dir)
                .as("openapi.yaml in %s or a parent", System.getProperty("user.dir"))
                .isNotNull();
        JsonNode root = DocumentCodec.YAML.readTree(dir.resolve("openapi.yaml").toFile());
        schemas = root.at("/components/schemas");
        parameters = root.at("/components/parameters");
        assertThat(schemas.isObject()).isTrue();
    }

    private static JsonNode documented(String key) {
        int dot = key.indexOf('.');
        JsonNode schema = schemas.get(dot < 0 ? key : key.substring(0, dot));
        assertThat(schema).as("schema of %s in openapi.yaml", key).isNotNull();
        return dot < 0 ? schema.get("default") : schema.at("/properties/" + key.substring(dot + 1) + "/default");
    }

    /** Whether the documented default is the value in the codec's wire form. */
    private static boolean agree(JsonNode doc, Object value) {
        if (doc == null || doc.isMissingNode()) return false;
        if (value instanceof Enum<?> e) return doc.isTextual() && doc.asText().equals(Out.wire(e));
        if (value instanceof Duration d)
            return doc.isNumber()
                    && doc.decimalValue()
                                    .compareTo(BigDecimal.valueOf(d.toMillis()).movePointLeft(3))
                            == 0;
        if (value instanceof Integer i)
            return doc.isNumber() && doc.decimalValue().compareTo(BigDecimal.valueOf(i)) == 0;
        if (value instanceof Boolean b) return doc.isBoolean() && doc.booleanValue() == b;
        throw new IllegalArgumentException("unexpected constant " + value);
    }

    private static String wire(Object value) {
        if (value instanceof Enum<?> e) return '"' + Out.wire(e) + '"';
        if (value instanceof Duration d) return Out.seconds(d) + " (seconds)";
        return String.valueOf(value);
    }

    private static void checkConstants(String... schemaNames) {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (var e : CONSTANTS.entrySet()) {
            String schema = e.getKey().contains(".")
                    ? e.getKey().substring(0, e.getKey().indexOf('.'))
                    : e.getKey();
            if (!Arrays.asList(schemaNames).contains(schema)) continue;
            checked++;
            JsonNode doc = documented(e.getKey());
            if (!agree(doc, e.getValue())) {
                mismatches.add(
                        "openapi.yaml " + e.getKey() + " default is " + doc + ", Defaults has " + wire(e.getValue()));
            }
        }
        assertThat(checked)
                .as("constants checked for %s", String.join(", ", schemaNames))
                .isPositive();
        assertThat(mismatches).isEmpty();
    }

    @Test
    void vrrpGroupDefaultsAgree() {
        checkConstants("VrrpGroup", "VrrpMember");
    }

    @Test
    void garpDefaultsAgree() {
        checkConstants("Garp");
    }

    @Test
    void trackScriptDefaultsAgree() {
        checkConstants("TrackScript");
    }

    @Test
    void virtualServerDefaultsAgree() {
        checkConstants("VirtualServer", "Tunnel", "ConnectionSync");
    }

    @Test
    void forwardingDefaultAgrees() {
        checkConstants("Forwarding");
    }

    @Test
    void realServerDefaultsAgree() {
        checkConstants("RealServer");
    }

    @Test
    void healthCheckDefaultsAgree() {
        checkConstants("HealthCheck", "DnsCheck");
    }

    @Test
    void defaultsGivenInDescriptionsAgree() {
        assertThat(schemas.at("/HttpUrl/properties/statusCodes/description").asText())
                .contains("Default " + Defaults.HTTP_STATUS_CODES.toString().replace(" ", "") + " (any 2xx");
        assertThat(schemas.at("/VirtualServer/properties/addressFamily/description")
                        .asText())
                .contains("default " + Out.wire(Defaults.FWMARK_FAMILY));
        assertThat(parameters.at("/limit/schema/default").asInt()).isEqualTo(Defaults.PAGE_SIZE);
        assertThat(parameters.at("/limit/schema/maximum").asInt()).isEqualTo(Defaults.MAX_PAGE_SIZE);
    }

    @Test
    void documentedLiteralDefaultsAreTheLiteralsExpected() {
        List<String> mismatches = new ArrayList<>();
        LITERALS.forEach((key, value) -> {
            if (!agree(documented(key), value))
                mismatches.add("openapi.yaml " + key + " default is " + documented(key) + ", expected " + value);
        });
        assertThat(mismatches).isEmpty();
    }

    @Test
    void everyDefaultInTheSchemasIsChecked() {
        TreeSet<String> found = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = schemas.properties().iterator(); it.hasNext(); ) {
            var schema = it.next();
            if (schema.getValue().has("default")) found.add(schema.getKey());
            JsonNode props = schema.getValue().get("properties");
            if (props == null) continue;
            for (Iterator<Map.Entry<String, JsonNode>> p = props.properties().iterator(); p.hasNext(); ) {
                var prop = p.next();
                if (prop.getValue().has("default")) found.add(schema.getKey() + "." + prop.getKey());
            }
        }
        TreeSet<String> checked = new TreeSet<>(CONSTANTS.keySet());
        checked.addAll(LITERALS.keySet());

        assertThat(found).isEqualTo(checked);
    }

    // ------------------------------------------------------------------ the codec applies them

    @Test
    void codecAppliesTheDocumentedDefaultsToAVrrpGroup() {
        ObjectNode in = minimalVrrpGroup();
        set(in, "/trackScripts", json("[{\"name\": \"t\", \"script\": \"/t.sh\"}]"));
        set(in, "/connectionSync", json("{\"interface\": \"eth1\"}"));
        set(in, "/garp", json("{}"));
        ObjectNode out = DocumentCodec.encode(DocumentCodec.decodeVrrpGroup(in), true);

        List<String> mismatches = new ArrayList<>();
        expect(mismatches, out, "/version", "VrrpGroup.version");
        expect(mismatches, out, "/advertIntervalSeconds", "VrrpGroup.advertIntervalSeconds");
        expect(mismatches, out, "/preempt", "VrrpGroup.preempt");
        expect(mismatches, out, "/preemptDelaySeconds", "VrrpGroup.preemptDelaySeconds");
        expect(mismatches, out, "/unicast", "VrrpGroup.unicast");
        expect(mismatches, out, "/vmac", "VrrpGroup.vmac");
        expect(mismatches, out, "/members/0/initialState", "VrrpMember.initialState");
        for (String f :
                new String[] {"masterDelaySeconds", "masterRepeat", "masterRefreshSeconds", "masterRefreshRepeat"}) {
            expect(mismatches, out, "/garp/" + f, "Garp." + f);
        }
        for (String f : new String[] {"intervalSeconds", "timeoutSeconds", "weight", "fall", "rise"}) {
            expect(mismatches, out, "/trackScripts/0/" + f, "TrackScript." + f);
        }
        expect(mismatches, out, "/connectionSync/syncId", "ConnectionSync.syncId");
        assertThat(mismatches).isEmpty();
    }

    @Test
    void codecAppliesTheDocumentedDefaultsToAVirtualServerAndItsRealServers() {
        ObjectNode in = minimalVirtualServer();
        set(in, "/forwarding", "tun");
        set(in, "/tunnel", json("{}"));
        set(in, "/sorryServer", json("{\"address\": \"10.9.9.9\"}"));
        set(in, "/healthCheck", json("{\"type\": \"dns\", \"dns\": {\"name\": \"example.com\"}}"));
        ObjectNode out = DocumentCodec.encode(DocumentCodec.decodeVirtualServer(in), true);

        List<String> mismatches = new ArrayList<>();
        for (String f : new String[] {"protocol", "scheduler", "quorum", "hysteresis", "onePacket", "omega"}) {
            expect(mismatches, out, "/" + f, "VirtualServer." + f);
        }
        expect(mismatches, out, "/tunnel/type", "Tunnel.type");
        expect(mismatches, out, "/tunnel/checksum", "Tunnel.checksum");
        expect(mismatches, out, "/sorryServer/inhibit", "SorryServer.inhibit");
        expect(mismatches, out, "/healthCheck/dns/type", "DnsCheck.type");
        for (String f : new String[] {"weight", "upperThreshold", "lowerThreshold", "inhibitOnFailure", "adminState"}) {
            expect(mismatches, out, "/realServers/0/" + f, "RealServer." + f);
        }
        assertThat(mismatches).isEmpty();

        VirtualServer minimal = DocumentCodec.decodeVirtualServer(minimalVirtualServer());
        assertThat(agree(documented("Forwarding"), minimal.forwarding())).isTrue();
        assertThat(minimal.realServers().get(0).forwarding())
                .as("a real server inherits its virtual server's forwarding")
                .isNull();
    }

    @Test
    void healthCheckFieldsStayAbsentSoThatRealServersCanInherit() {
        HealthCheck h = DocumentCodec.decodeVirtualServer(
                        set(minimalVirtualServer(), "/healthCheck", json("{\"type\": \"tcp\"}")))
                .healthCheck();

        assertThat(h)
                .isEqualTo(new HealthCheck(
                        Enums.CheckType.TCP,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null));
        assertThat(Defaults.HEALTH_CHECK.overriddenBy(h).interval()).isEqualTo(Defaults.HEALTH_CHECK.interval());
    }

    /** Adds a mismatch to {@code mismatches} unless the codec wrote the documented default at {@code pointer}. */
    private static void expect(List<String> mismatches, ObjectNode out, String pointer, String key) {
        JsonNode doc = documented(key);
        JsonNode actual = out.at(pointer);
        boolean same = !actual.isMissingNode()
                && (actual.isNumber() && doc.isNumber()
                        ? actual.decimalValue().compareTo(doc.decimalValue()) == 0
                        : actual.equals(doc));
        if (!same)
            mismatches.add("codec writes " + pointer + " = " + actual + " for an absent field, openapi.yaml " + key
                    + " default is " + doc);
    }
}
