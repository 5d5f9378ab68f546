package io.fulcrum.model.codec;

import static io.fulcrum.model.Fixtures.director;
import static io.fulcrum.model.Fixtures.errorsOf;
import static io.fulcrum.model.Fixtures.fieldsOf;
import static io.fulcrum.model.Fixtures.fullDirector;
import static io.fulcrum.model.Fixtures.fullInetVirtualServer;
import static io.fulcrum.model.Fixtures.fullVrrpGroup;
import static io.fulcrum.model.Fixtures.json;
import static io.fulcrum.model.Fixtures.minimalVirtualServer;
import static io.fulcrum.model.Fixtures.minimalVrrpGroup;
import static io.fulcrum.model.Fixtures.object;
import static io.fulcrum.model.Fixtures.remove;
import static io.fulcrum.model.Fixtures.set;
import static io.fulcrum.model.codec.DocumentCodec.decodeDirector;
import static io.fulcrum.model.codec.DocumentCodec.decodeVirtualServer;
import static io.fulcrum.model.codec.DocumentCodec.decodeVrrpGroup;
import static io.fulcrum.model.codec.DocumentCodec.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.model.Enums;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding collects every invalid field of the input, each with its exact JSON pointer. */
class DocumentCodecErrorsTest {

    private static String messageAt(List<FieldError> errors, String field) {
        return errors.stream()
                .filter(e -> e.field().equals(field))
                .map(FieldError::message)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no error at " + field + " in " + errors));
    }

    // ------------------------------------------------------------------ several errors at once

    @Test
    void reportsEveryInvalidFieldOfOneRequestWithItsPointer() {
        ObjectNode in = object("""
                {
                  "name": "vs1",
                  "address": "1.2.3.999",
                  "port": 70000,
                  "scheduler": "fastest",
                  "schedulerFlags": ["warp"],
                  "colour": "blue",
                  "realServers": [
                    {"name": "rs1", "address": "10.0.0.300"},
                    {"name": "rs2", "address": "10.0.0.2", "port": -1}
                  ]
                }""");

        var errors = errorsOf(() -> decodeVirtualServer(in));

        assertThat(errors)
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder(
                        "/address",
                        "/port",
                        "/scheduler",
                        "/schedulerFlags/0",
                        "/colour",
                        "/realServers/0/address",
                        "/realServers/1/port");
        assertThat(messageAt(errors, "/address")).contains("1.2.3.999");
        assertThat(messageAt(errors, "/port")).contains("0").contains("65535").contains("70000");
        assertThat(messageAt(errors, "/scheduler")).contains("fastest").contains("wlc");
        assertThat(messageAt(errors, "/schedulerFlags/0")).contains("warp").contains("sh-port");
        assertThat(messageAt(errors, "/colour")).isEqualTo("unknown field");
    }

    @Test
    void summarisesSeveralErrorsInTheExceptionMessage() {
        assertThatThrownBy(
                        () -> decodeVirtualServer(set(set(minimalVirtualServer(), "/port", 70000), "/scheduler", "x")))
                .isInstanceOf(ValidationException.class)
                .hasMessage("2 invalid fields");
        assertThatThrownBy(() -> decodeVirtualServer(set(minimalVirtualServer(), "/port", 70000)))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("/port: ");
    }

    @Test
    void reportsEveryInvalidFieldOfNestedVrrpObjects() {
        ObjectNode in = fullVrrpGroup();
        set(in, "/members/1/priority", 0);
        set(in, "/members/0/initialState", "leader");
        set(in, "/virtualAddresses/0/address", "192.168.10.100/33");
        set(in, "/virtualAddresses/1/device", "eth/0");
        set(in, "/trackScripts/0/script", "check.sh");
        set(in, "/trackScripts/1/weight", 255);
        set(in, "/trackInterfaces/0/weight", -255);
        set(in, "/garp/masterRepeat", 0);
        set(in, "/notify/fault", "fault.sh");
        remove(in, "/connectionSync/interface");
        set(in, "/authentication/type", "ah");
        set(in, "/trackVirtualServers/0/weight", 0);

        assertThat(fieldsOf(() -> decodeVrrpGroup(in)))
                .containsExactlyInAnyOrder(
                        "/members/1/priority",
                        "/members/0/initialState",
                        "/virtualAddresses/0/address",
                        "/virtualAddresses/1/device",
                        "/trackScripts/0/script",
                        "/trackScripts/1/weight",
                        "/trackInterfaces/0/weight",
                        "/garp/masterRepeat",
                        "/notify/fault",
                        "/connectionSync/interface",
                        "/authentication/type",
                        "/trackVirtualServers/0/weight");
    }

    @Test
    void reportsEveryInvalidFieldOfNestedHealthChecks() {
        ObjectNode in = fullInetVirtualServer();
        set(in, "/healthCheck/retries", 101);
        set(in, "/healthCheck/bindAddress", "host.example.com");
        set(in, "/healthCheck/http/urls/0/path", "healthz");
        set(in, "/healthCheck/http/urls/0/statusCodes/1", 600);
        set(in, "/healthCheck/http/urls/0/digest", "not-md5");
        set(in, "/healthCheck/http/urls/1/bodyRegex", "([unclosed");
        set(in, "/realServers/0/healthCheck/fall", 0);
        set(
                in,
                "/realServers/1/healthCheck",
                json("{\"type\": \"dns\", \"dns\": {\"type\": \"SRV\", \"expectedAddresses\": [\"x\"]}}"));

        assertThat(fieldsOf(() -> decodeVirtualServer(in)))
                .containsExactlyInAnyOrder(
                        "/healthCheck/retries",
                        "/healthCheck/bindAddress",
                        "/healthCheck/http/urls/0/path",
                        "/healthCheck/http/urls/0/statusCodes/1",
                        "/healthCheck/http/urls/0/digest",
                        "/healthCheck/http/urls/1/bodyRegex",
                        "/realServers/0/healthCheck/fall",
                        "/realServers/1/healthCheck/dns/name",
                        "/realServers/1/healthCheck/dns/type",
                        "/realServers/1/healthCheck/dns/expectedAddresses/0");
    }

    @Test
    void reportsEveryMissingRequiredField() {
        assertThat(fieldsOf(() -> decodeVrrpGroup(object("{}"))))
                .containsExactlyInAnyOrder("/name", "/vrid", "/interface", "/virtualAddresses", "/members");
        assertThat(fieldsOf(() -> decodeDirector(object("{}"))))
                .containsExactlyInAnyOrder("/name", "/managementAddress");
        assertThat(fieldsOf(() -> decodeVirtualServer(object("{\"realServers\": [{}]}"))))
                .containsExactlyInAnyOrder("/name", "/address", "/realServers/0/name", "/realServers/0/address");
    }

    @Test
    void reportsTheInvalidItemOfAnArrayOfNames() {
        ObjectNode in = set(fullInetVirtualServer(), "/directors", List.of("lb1", "-lb2", 3));

        assertThat(fieldsOf(() -> decodeVirtualServer(in))).containsExactlyInAnyOrder("/directors/1", "/directors/2");
    }

    @Test
    void rejectsArraysOutsideTheirSizeLimits() {
        assertThat(fieldsOf(() -> decodeVrrpGroup(set(minimalVrrpGroup(), "/members", List.of()))))
                .containsExactly("/members");
        assertThat(fieldsOf(() -> decodeVrrpGroup(set(minimalVrrpGroup(), "/virtualAddresses", List.of()))))
                .containsExactly("/virtualAddresses");
        assertThat(fieldsOf(
                        () -> decodeVirtualServer(set(fullInetVirtualServer(), "/healthCheck/http/urls", List.of()))))
                .containsExactly("/healthCheck/http/urls");
        List<String> tooMany = Collections.nCopies(33, "a");
        assertThat(fieldsOf(() -> decodeVrrpGroup(set(fullVrrpGroup(), "/trackScripts/0/arguments", tooMany))))
                .containsExactly("/trackScripts/0/arguments");
    }

    // ------------------------------------------------------------------ unknown and read-only fields

    @Test
    void rejectsUnknownFieldsAtEveryLevel() {
        ObjectNode vs = fullInetVirtualServer();
        set(vs, "/weight", 1);
        set(vs, "/tunnel/mtu", 1400);
        set(vs, "/healthCheck/http/urls/0/method", "HEAD");
        set(vs, "/realServers/1/colour", "blue");
        set(vs, "/realServers/0/notify/drained", "/x.sh");

        assertThat(errorsOf(() -> decodeVirtualServer(vs)))
                .extracting(FieldError::field, FieldError::message)
                .containsExactlyInAnyOrder(
                        tuple("/weight", "unknown field"),
                        tuple("/tunnel/mtu", "unknown field"),
                        tuple("/healthCheck/http/urls/0/method", "unknown field"),
                        tuple("/realServers/1/colour", "unknown field"),
                        tuple("/realServers/0/notify/drained", "unknown field"));

        ObjectNode g = fullVrrpGroup();
        set(g, "/authentication/hash", "md5");
        set(g, "/members/0/weight", 1);
        set(g, "/garp/lowerPrioRepeat", 1);
        assertThat(fieldsOf(() -> decodeVrrpGroup(g)))
                .containsExactlyInAnyOrder("/authentication/hash", "/members/0/weight", "/garp/lowerPrioRepeat");

        assertThat(fieldsOf(() -> decodeDirector(set(fullDirector(), "/address", "10.0.0.1"))))
                .containsExactly("/address");
    }

    @Test
    void escapesSlashAndTildeOfUnknownFieldNamesInPointers() {
        ObjectNode in = minimalVirtualServer();
        in.put("a/b", 1);
        in.put("m~n", 1);

        assertThat(fieldsOf(() -> decodeVirtualServer(in))).containsExactlyInAnyOrder("/a~1b", "/m~0n");
    }

    @Test
    void acceptsAndIgnoresReadOnlyFields() {
        String metadata =
                "{\"version\": 3, \"revision\": 42, \"createdAt\": \"2024-01-01T00:00:00Z\", \"updatedAt\": \"2024-01-02T00:00:00Z\"}";

        ObjectNode d = fullDirector();
        set(d, "/metadata", json(metadata));
        set(
                d,
                "/status",
                json("{\"connected\": true, \"lastSeen\": \"2024-01-02T00:00:00Z\", \"appliedRevision\": 41}"));
        assertThat(decodeDirector(d)).isEqualTo(decodeDirector(fullDirector()));

        ObjectNode g = fullVrrpGroup();
        set(g, "/metadata", json(metadata));
        set(g, "/authentication/passwordSet", true);
        assertThat(decodeVrrpGroup(g)).isEqualTo(decodeVrrpGroup(fullVrrpGroup()));

        ObjectNode v = fullInetVirtualServer();
        set(v, "/metadata", json(metadata));
        set(v, "/realServers/0/metadata", json(metadata));
        assertThat(decodeVirtualServer(v)).isEqualTo(decodeVirtualServer(fullInetVirtualServer()));
    }

    @Test
    void acceptsWhatAGetReturnedSoThatItCanBePutBack() {
        VrrpGroup g = decodeVrrpGroup(fullVrrpGroup());
        ObjectNode response = encode(g, true);
        set(
                response,
                "/metadata",
                json(
                        "{\"version\": 1, \"revision\": 1, \"createdAt\": \"2024-01-01T00:00:00Z\", \"updatedAt\": \"2024-01-01T00:00:00Z\"}"));

        VrrpGroup back = decodeVrrpGroup(response);

        assertThat(back.authentication()).isEqualTo(new VrrpGroup.Authentication(Enums.AuthType.PASS, null));
        assertThat(back.withAuthentication(g.authentication())).isEqualTo(g);
    }

    // ------------------------------------------------------------------ null, types, numbers

    @Test
    void treatsNullAsAbsent() {
        ObjectNode d = director("lb1", "10.0.0.1");
        set(d, "/description", null);
        set(d, "/labels", null);
        assertThat(decodeDirector(d)).isEqualTo(decodeDirector(director("lb1", "10.0.0.1")));

        ObjectNode v = minimalVirtualServer();
        for (String f : List.of(
                "protocol",
                "scheduler",
                "schedulerFlags",
                "forwarding",
                "tunnel",
                "persistence",
                "healthCheck",
                "sorryServer",
                "quorum",
                "notify",
                "vrrpGroup",
                "directors",
                "description")) {
            set(v, "/" + f, null);
        }
        set(v, "/realServers/0/weight", null);
        set(v, "/realServers/0/adminState", null);
        assertThat(decodeVirtualServer(v)).isEqualTo(decodeVirtualServer(minimalVirtualServer()));

        ObjectNode g = minimalVrrpGroup();
        set(g, "/version", null);
        set(g, "/authentication", null);
        set(g, "/garp", null);
        set(g, "/members/0/initialState", null);
        assertThat(decodeVrrpGroup(g)).isEqualTo(decodeVrrpGroup(minimalVrrpGroup()));
    }

    @Test
    void reportsARequiredFieldGivenAsNullAsMissing() {
        var errors = errorsOf(
                () -> decodeVrrpGroup(set(set(minimalVrrpGroup(), "/name", null), "/members/0/priority", null)));

        assertThat(errors)
                .extracting(FieldError::field, FieldError::message)
                .containsExactlyInAnyOrder(tuple("/name", "is required"), tuple("/members/0/priority", "is required"));
    }

    @Test
    void rejectsNonIntegerNumbersForIntegerFields() {
        ObjectNode v = minimalVirtualServer();
        set(v, "/port", 80.5);
        set(v, "/quorum", 1.25);
        set(v, "/persistence", json("{\"timeoutSeconds\": 1.5}"));
        set(v, "/realServers/0/weight", 0.5);

        var errors = errorsOf(() -> decodeVirtualServer(v));

        assertThat(errors)
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder("/port", "/quorum", "/persistence/timeoutSeconds", "/realServers/0/weight");
        assertThat(messageAt(errors, "/port")).contains("integer");
        assertThat(fieldsOf(() -> decodeVrrpGroup(set(minimalVrrpGroup(), "/vrid", 10.5))))
                .containsExactly("/vrid");
    }

    @Test
    void rejectsNumbersAndBooleansWrittenAsStrings() {
        ObjectNode v = minimalVirtualServer();
        set(v, "/port", "80");
        set(v, "/onePacket", "false");
        set(v, "/description", 5);
        set(v, "/labels", List.of("a"));
        set(v, "/healthCheck", "tcp");

        assertThat(fieldsOf(() -> decodeVirtualServer(v)))
                .containsExactlyInAnyOrder("/port", "/onePacket", "/description", "/labels", "/healthCheck");
    }

    @Test
    void rejectsDurationsWithSubMillisecondResolution() {
        var errors = errorsOf(() -> decodeVrrpGroup(set(minimalVrrpGroup(), "/advertIntervalSeconds", 1.0005)));
        assertThat(errors).extracting(FieldError::field).containsExactly("/advertIntervalSeconds");
        assertThat(errors.get(0).message()).contains("millisecond");

        assertThat(fieldsOf(() -> decodeVirtualServer(
                        set(fullInetVirtualServer(), "/healthCheck/delayBeforeRetrySeconds", 0.0001))))
                .containsExactly("/healthCheck/delayBeforeRetrySeconds");
    }

    @Test
    void acceptsDurationsWithMillisecondResolution() {
        VrrpGroup g = decodeVrrpGroup(set(minimalVrrpGroup(), "/preemptDelaySeconds", 0.125));
        VirtualServer v =
                decodeVirtualServer(set(fullInetVirtualServer(), "/healthCheck/delayBeforeRetrySeconds", 0.001));

        assertThat(g.preemptDelay()).isEqualTo(Duration.ofMillis(125));
        assertThat(v.healthCheck().delayBeforeRetry()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void rejectsDurationsOutOfRangeAndDurationsThatAreNotNumbers() {
        ObjectNode v = fullInetVirtualServer();
        set(v, "/healthCheck/intervalSeconds", 0);
        set(v, "/healthCheck/timeoutSeconds", 3601);
        set(v, "/healthCheck/delayBeforeRetrySeconds", "1s");

        var errors = errorsOf(() -> decodeVirtualServer(v));

        assertThat(errors)
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder(
                        "/healthCheck/intervalSeconds",
                        "/healthCheck/timeoutSeconds",
                        "/healthCheck/delayBeforeRetrySeconds");
        assertThat(messageAt(errors, "/healthCheck/intervalSeconds")).contains("0.01");
    }

    @Test
    void acceptsBoundaryValuesOfRanges() {
        ObjectNode v = minimalVirtualServer();
        set(v, "/port", 65535);
        set(v, "/realServers/0/port", 0);
        set(v, "/realServers/0/weight", 65535);
        set(v, "/realServers/1/upperThreshold", Integer.MAX_VALUE);
        assertThatCode(() -> decodeVirtualServer(v)).doesNotThrowAnyException();

        ObjectNode g = minimalVrrpGroup();
        set(g, "/vrid", 255);
        set(g, "/members/0/priority", 255);
        set(g, "/members/1/priority", 1);
        set(g, "/advertIntervalSeconds", 255);
        assertThatCode(() -> decodeVrrpGroup(g)).doesNotThrowAnyException();
    }

    // ------------------------------------------------------------------ field syntax

    @Test
    void rejectsInvalidNames() {
        assertThat(fieldsOf(() -> decodeDirector(set(fullDirector(), "/name", "-lb1"))))
                .containsExactly("/name");
        assertThat(fieldsOf(() -> decodeDirector(set(fullDirector(), "/name", "a".repeat(64)))))
                .containsExactly("/name");
        assertThat(fieldsOf(() -> decodeDirector(set(fullDirector(), "/name", "lb 1"))))
                .containsExactly("/name");
        assertThat(fieldsOf(() -> decodeDirector(set(fullDirector(), "/name", ""))))
                .containsExactly("/name");
        assertThatCode(() -> decodeDirector(set(fullDirector(), "/name", "L" + "b._-9".repeat(12) + "xx")))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsInvalidInterfaceNames() {
        assertThat(fieldsOf(() -> decodeVrrpGroup(set(minimalVrrpGroup(), "/interface", "eth0:1"))))
                .containsExactly("/interface");
        assertThat(fieldsOf(() -> decodeVrrpGroup(set(minimalVrrpGroup(), "/interface", "a".repeat(16)))))
                .containsExactly("/interface");
        assertThat(fieldsOf(() -> decodeVrrpGroup(set(minimalVrrpGroup(), "/interface", "eth 0"))))
                .containsExactly("/interface");
        assertThat(decodeVrrpGroup(set(minimalVrrpGroup(), "/interface", "a".repeat(15)))
                        .iface())
                .hasSize(15);
    }

    @Test
    void rejectsDotAndDotDotAsInterfaceNames() {
        assertThat(fieldsOf(() -> decodeVrrpGroup(set(minimalVrrpGroup(), "/interface", "."))))
                .containsExactly("/interface");
        assertThat(fieldsOf(() -> decodeVrrpGroup(set(minimalVrrpGroup(), "/interface", ".."))))
                .containsExactly("/interface");
    }

    @Test
    void rejectsInterfaceNamesLongerThanFifteenBytes() {
        assertThat(fieldsOf(() -> decodeVrrpGroup(set(minimalVrrpGroup(), "/interface", "é".repeat(15)))))
                .containsExactly("/interface");
    }

    @Test
    void rejectsScriptPathsThatAreNotAbsolute() {
        ObjectNode v = fullInetVirtualServer();
        set(v, "/notify/quorumUp", "up.sh");
        set(v, "/realServers/0/notify/down", "");

        assertThat(fieldsOf(() -> decodeVirtualServer(v)))
                .containsExactlyInAnyOrder("/notify/quorumUp", "/realServers/0/notify/down");
    }

    @Test
    void rejectsInvalidLabels() {
        ObjectNode d = fullDirector();
        set(d, "/labels", json("{\"-bad\": \"x\", \"ok\": 5, \"long\": \"" + "v".repeat(257) + "\", \"fine\": \"\"}"));

        assertThat(fieldsOf(() -> decodeDirector(d)))
                .containsExactlyInAnyOrder("/labels/-bad", "/labels/ok", "/labels/long");
    }

    @Test
    void rejectsVirtualAddressPrefixesOutOfRange() {
        assertThat(fieldsOf(
                        () -> decodeVrrpGroup(set(minimalVrrpGroup(), "/virtualAddresses/0/address", "10.0.0.1/33"))))
                .containsExactly("/virtualAddresses/0/address");
        assertThat(fieldsOf(() -> decodeVrrpGroup(set(minimalVrrpGroup(), "/virtualAddresses/0/address", "10.0.0.1/"))))
                .containsExactly("/virtualAddresses/0/address");
        assertThat(fieldsOf(() ->
                        decodeVrrpGroup(set(minimalVrrpGroup(), "/virtualAddresses/0/address", "vip.example.com/24"))))
                .containsExactly("/virtualAddresses/0/address");
        ObjectNode v6 = set(set(minimalVrrpGroup(), "/version", 3), "/virtualAddresses/0/address", "2001:db8::1/129");
        assertThat(fieldsOf(() -> decodeVrrpGroup(v6))).containsExactly("/virtualAddresses/0/address");
    }

    @Test
    void rejectsAPasswordWithAuthenticationNoneAndAnEmptyOrLongPassword() {
        assertThat(fieldsOf(() -> decodeVrrpGroup(
                        set(minimalVrrpGroup(), "/authentication", json("{\"type\": \"none\", \"password\": \"x\"}")))))
                .containsExactly("/authentication/password");
        assertThat(fieldsOf(() -> decodeVrrpGroup(
                        set(minimalVrrpGroup(), "/authentication", json("{\"type\": \"pass\", \"password\": \"\"}")))))
                .containsExactly("/authentication/password");
        assertThat(fieldsOf(() -> decodeVrrpGroup(set(
                        minimalVrrpGroup(),
                        "/authentication",
                        json("{\"type\": \"pass\", \"password\": \"123456789\"}")))))
                .containsExactly("/authentication/password");
        assertThat(fieldsOf(() ->
                        decodeVrrpGroup(set(minimalVrrpGroup(), "/authentication", json("{\"password\": \"x\"}")))))
                .containsExactly("/authentication/type");
    }

    @Test
    void requiresExactlyOneOfAddressAndFwmark() {
        ObjectNode both = set(minimalVirtualServer(), "/fwmark", 1);
        ObjectNode neither = remove(remove(minimalVirtualServer(), "/address"), "/port");
        ObjectNode noPort = remove(minimalVirtualServer(), "/port");
        ObjectNode markWithPort = set(remove(minimalVirtualServer(), "/address"), "/fwmark", 1);

        assertThat(fieldsOf(() -> decodeVirtualServer(both))).containsExactly("/fwmark");
        assertThat(fieldsOf(() -> decodeVirtualServer(neither))).containsExactly("/address");
        assertThat(fieldsOf(() -> decodeVirtualServer(noPort))).containsExactly("/port");
        assertThat(fieldsOf(() -> decodeVirtualServer(markWithPort))).containsExactly("/port");
        assertThat(fieldsOf(() -> decodeVirtualServer(
                        set(remove(remove(minimalVirtualServer(), "/address"), "/port"), "/fwmark", 0))))
                .containsExactly("/fwmark");
    }

    @Test
    void rejectsAnAddressFamilyThatContradictsTheAddress() {
        var errors = errorsOf(() -> decodeVirtualServer(set(minimalVirtualServer(), "/addressFamily", "inet6")));

        assertThat(errors).extracting(FieldError::field).containsExactly("/addressFamily");
        assertThat(errors.get(0).message()).contains("inet6").contains("192.168.10.100");
        assertThat(decodeVirtualServer(set(minimalVirtualServer(), "/addressFamily", "inet")))
                .isEqualTo(decodeVirtualServer(minimalVirtualServer()));
    }

    @Test
    void rejectsAnInputThatIsNotAnObject() {
        assertThat(fieldsOf(() -> decodeDirector(json("[1, 2]")))).hasSize(1);
        assertThat(fieldsOf(() -> decodeVirtualServer(set(minimalVirtualServer(), "/realServers/0", "rs1"))))
                .containsExactly("/realServers/0");
        assertThat(fieldsOf(() -> decodeVirtualServer(set(minimalVirtualServer(), "/realServers", json("{}")))))
                .containsExactly("/realServers");
    }

    // ------------------------------------------------------------------ bugs

    @Test
    void pointsAtTheWholeDocumentWithTheEmptyPointer() {
        assertThat(fieldsOf(() -> decodeDirector(json("[1, 2]")))).containsExactly("");
    }

    @Test
    void reportsFieldsNamedFlagAtTheirOwnPointer() {
        ObjectNode v = minimalVirtualServer();
        v.put("flag", true);
        set(v, "/labels", json("{\"flag\": 1}"));

        assertThat(fieldsOf(() -> decodeVirtualServer(v))).containsExactlyInAnyOrder("/flag", "/labels/flag");
    }

    @Test
    void rejectsNumbersTooLargeForADoubleAsFieldErrors() {
        assertThat(
                        fieldsOf(
                                () -> decodeVirtualServer(
                                        DocumentCodec.parse(
                                                "{\"name\": \"vs1\", \"address\": \"10.0.0.1\", \"port\": 1e400, \"healthCheck\": {\"intervalSeconds\": -1e400}}"))))
                .containsExactlyInAnyOrder("/port", "/healthCheck/intervalSeconds");
    }

    @Test
    void rejectsReadOnlyFieldNamesWhereTheSchemaHasNoSuchField() {
        ObjectNode v = minimalVirtualServer();
        set(v, "/status", json("{\"connected\": true}"));
        set(v, "/revision", 3);
        set(v, "/healthCheck", json("{\"type\": \"tcp\", \"metadata\": {}}"));
        set(v, "/realServers/0/passwordSet", true);

        assertThat(fieldsOf(() -> decodeVirtualServer(v)))
                .containsExactlyInAnyOrder(
                        "/status", "/revision", "/healthCheck/metadata", "/realServers/0/passwordSet");
    }

    @Test
    void rejectsARepeatedSchedulerFlag() {
        ObjectNode v =
                set(set(minimalVirtualServer(), "/scheduler", "sh"), "/schedulerFlags", List.of("sh-port", "sh-port"));

        assertThat(fieldsOf(() -> decodeVirtualServer(v))).containsExactly("/schedulerFlags/1");
    }

    @Test
    void rejectsAnEmptyStatusCodeListAsTheContractSays() {
        ObjectNode v = set(fullInetVirtualServer(), "/healthCheck/http/urls/0/statusCodes", List.of());

        assertThat(fieldsOf(() -> decodeVirtualServer(v))).containsExactly("/healthCheck/http/urls/0/statusCodes");
    }

    @Test
    void keepsTheOrderAndValuesOfArguments() {
        ObjectNode g = set(fullVrrpGroup(), "/trackScripts/0/arguments", List.of("b", "a", "", "a"));

        assertThat(decodeVrrpGroup(g).trackScripts().get(0).arguments()).containsExactly("b", "a", "", "a");
        assertThat(fieldsOf(() -> decodeVrrpGroup(set(fullVrrpGroup(), "/trackScripts/0/arguments", List.of(1)))))
                .containsExactly("/trackScripts/0/arguments/0");
    }
}
