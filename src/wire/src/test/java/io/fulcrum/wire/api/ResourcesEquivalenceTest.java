package io.fulcrum.wire.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.fulcrum.api.v1.ConfigDocument;
import io.fulcrum.api.v1.Director;
import io.fulcrum.api.v1.DnsCheck;
import io.fulcrum.api.v1.Garp;
import io.fulcrum.api.v1.HealthCheck;
import io.fulcrum.api.v1.HookWithArguments;
import io.fulcrum.api.v1.HttpCheck;
import io.fulcrum.api.v1.HttpUrl;
import io.fulcrum.api.v1.Metadata;
import io.fulcrum.api.v1.MiscCheck;
import io.fulcrum.api.v1.Persistence;
import io.fulcrum.api.v1.QuorumNotify;
import io.fulcrum.api.v1.RealServer;
import io.fulcrum.api.v1.RealServerNotify;
import io.fulcrum.api.v1.SorryServer;
import io.fulcrum.api.v1.TrackScript;
import io.fulcrum.api.v1.Tunnel;
import io.fulcrum.api.v1.VirtualAddress;
import io.fulcrum.api.v1.VirtualServer;
import io.fulcrum.api.v1.VrrpAuthentication;
import io.fulcrum.api.v1.VrrpGroup;
import io.fulcrum.api.v1.VrrpMember;
import io.fulcrum.api.v1.VrrpNotify;
import io.fulcrum.model.Enums;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The direct conversions ({@link ModelMessages}, {@link RestTrees}) are the JSON path's ({@link JsonPath}:
 * model to REST JSON to message, message to REST JSON to model), both ways: for documents with every
 * field, the keepalived seeds, every value of every enum, every health-check kind, and bad input, where
 * both refuse with the same errors (field, message, object and pointer) or fail the same way.
 */
class ResourcesEquivalenceTest {
    /** The JSON path, as Resources converted before it converted directly. */
    static final class JsonPath {
        static Director message(io.fulcrum.model.Director d) {
            return RestJson.parse(DocumentCodec.encode(d), Director.newBuilder())
                    .build();
        }

        static VrrpGroup message(io.fulcrum.model.VrrpGroup g) {
            return RestJson.parse(DocumentCodec.encode(g, false), VrrpGroup.newBuilder())
                    .build();
        }

        static VirtualServer message(io.fulcrum.model.VirtualServer v, boolean withRealServers) {
            return RestJson.parse(DocumentCodec.encode(v, withRealServers), VirtualServer.newBuilder())
                    .build();
        }

        static RealServer message(io.fulcrum.model.RealServer r) {
            return RestJson.parse(DocumentCodec.encode(r), RealServer.newBuilder())
                    .build();
        }

        static ConfigDocument message(io.fulcrum.model.ConfigDocument d) {
            return RestJson.parse(DocumentCodec.encode(d), ConfigDocument.newBuilder())
                    .build();
        }

        static io.fulcrum.model.Director director(Director m) {
            return DocumentCodec.decodeDirector(RestJson.print(m));
        }

        static io.fulcrum.model.VrrpGroup vrrpGroup(VrrpGroup m) {
            return DocumentCodec.decodeVrrpGroup(RestJson.print(m));
        }

        static io.fulcrum.model.VirtualServer virtualServer(VirtualServer m) {
            return DocumentCodec.decodeVirtualServer(RestJson.print(m));
        }

        static io.fulcrum.model.RealServer realServer(RealServer m) {
            return DocumentCodec.decodeRealServer(RestJson.print(m));
        }

        static io.fulcrum.model.ConfigDocument desiredDocument(ConfigDocument m) {
            return DocumentCodec.decodeDesiredDocument(RestJson.print(m));
        }
    }

    /** What a conversion gave: a value, REST's refusal (each error's field, message, object, pointer), or a failure. */
    record Outcome(Object value, List<List<Object>> errors, String failure) {
        static Outcome of(Supplier<?> conversion) {
            try {
                return new Outcome(conversion.get(), null, null);
            } catch (ValidationException e) {
                List<List<Object>> errors = new ArrayList<>();
                for (FieldError f : e.errors())
                    errors.add(Arrays.asList(f.field(), f.message(), f.object(), f.pointer()));
                return new Outcome(null, errors, null);
            } catch (RuntimeException e) {
                return new Outcome(null, null, e.getClass().getName() + ": " + e.getMessage());
            }
        }
    }

    static int compared;

    /** Both ways: the messages equal, and each reads back the same. */
    static void assertSame(io.fulcrum.model.ConfigDocument doc) {
        assertThat(Resources.configDocument(doc)).isEqualTo(JsonPath.message(doc));
        for (io.fulcrum.model.Director d : doc.directors()) {
            assertThat(Resources.message(d)).as(d.name()).isEqualTo(JsonPath.message(d));
            assertRead(Resources.message(d), Resources::director, JsonPath::director, RestTrees::director);
        }
        for (io.fulcrum.model.VrrpGroup g : doc.vrrpGroups()) {
            assertThat(Resources.message(g)).as(g.name()).isEqualTo(JsonPath.message(g));
            assertRead(Resources.message(g), Resources::vrrpGroup, JsonPath::vrrpGroup, RestTrees::vrrpGroup);
        }
        for (io.fulcrum.model.VirtualServer v : doc.virtualServers()) {
            for (boolean with : new boolean[] {true, false}) {
                assertThat(Resources.message(v, with)).as(v.name()).isEqualTo(JsonPath.message(v, with));
                assertRead(
                        Resources.message(v, with),
                        Resources::virtualServer,
                        JsonPath::virtualServer,
                        RestTrees::virtualServer);
            }
            for (io.fulcrum.model.RealServer r : v.realServers()) {
                assertThat(Resources.message(r)).as(r.name()).isEqualTo(JsonPath.message(r));
                assertRead(Resources.message(r), Resources::realServer, JsonPath::realServer, RestTrees::realServer);
            }
        }
        assertRead(
                Resources.configDocument(doc),
                Resources::desiredDocument,
                JsonPath::desiredDocument,
                RestTrees::configDocument);
    }

    /** A message read directly and through the JSON path: the same tree, the same model or the same refusal. */
    static <M extends Message> void assertRead(
            M m, Function<M, ?> direct, Function<M, ?> json, Function<M, ObjectNode> tree) {
        Outcome viaJson = Outcome.of(() -> json.apply(m));
        assertThat(Outcome.of(() -> direct.apply(m))).as(m.toString()).isEqualTo(viaJson);
        Outcome printed = Outcome.of(() -> RestJson.print(m));
        assertThat(Outcome.of(() -> tree.apply(m))).as(m.toString()).isEqualTo(printed);
        compared++;
    }

    static io.fulcrum.model.ConfigDocument document(JsonNode json) {
        return DocumentCodec.decodeDesiredDocument(json);
    }

    static io.fulcrum.model.ConfigDocument document(String yaml) {
        return document(DocumentCodec.parse(yaml));
    }

    @Test
    void everyFieldAndTheKeepalivedSeedsConvertTheSameBothWays() throws IOException {
        assertSame(document(Trees.resource("every-field.fulcrum.json")));
        try (Stream<Path> s = Files.list(Path.of("../control-plane/src/test/resources/seeds"))) {
            for (Path f : s.filter(p -> p.toString().endsWith(".fulcrum.json"))
                    .sorted()
                    .toList()) assertSame(document(DocumentCodec.parse(Files.readString(f))));
        }
        assertSame(document("""
                apiVersion: fulcrum/v1
                revision: 7
                directors: [{name: lb1, managementAddress: 10.0.0.1, fullnatAddresses: [10.9.0.1, "2001:db8::9"]}]
                virtualServers:
                  - {name: fw, fwmark: 4000000000, addressFamily: inet6, scheduler: sh, schedulerFlags: [sh-port, sh-fallback],
                     persistence: {timeoutSeconds: 60}, directors: [lb1]}
                  - {name: bare, address: 10.0.0.5, port: 53, protocol: udp, onePacket: true}
                """));
    }

    /** A virtual server per value of each of its enums, and one per health-check kind. */
    @Test
    void everyEnumValueAndEveryHealthCheckKindConvertTheSameBothWays() {
        List<String> servers = new ArrayList<>();
        for (Enums.Scheduler s : Enums.Scheduler.values()) servers.add("scheduler: " + spelled(s));
        for (Enums.SchedulerFlag f : Enums.SchedulerFlag.values())
            servers.add("scheduler: " + spelled(f.scheduler) + ", schedulerFlags: [" + spelled(f) + "]");
        for (Enums.Forwarding f : Enums.Forwarding.values()) servers.add("forwarding: " + spelled(f));
        for (Enums.Protocol p : Enums.Protocol.values()) servers.add("protocol: " + spelled(p));
        for (Enums.TunnelType t : Enums.TunnelType.values())
            servers.add("forwarding: tun, tunnel: {type: " + spelled(t)
                    + (t == Enums.TunnelType.GUE ? ", port: 6080" : "") + "}");
        for (Enums.TunnelChecksum c : Enums.TunnelChecksum.values())
            servers.add("forwarding: tun, tunnel: {type: gue, port: 6080, checksum: " + spelled(c) + "}");
        for (Enums.CheckType t : Enums.CheckType.values()) {
            String extra = switch (t) {
                case MISC -> ", misc: {script: /etc/fulcrum/scripts/c.sh, arguments: [x], dynamic: true}";
                case DNS -> ", dns: {name: example.com, type: AAAA, expectedAddresses: [\"2001:db8::1\"]}";
                case HTTP, HTTPS -> ", http: {urls: [{path: /, statusCodes: [200, \"301-302\"]}], tlsVerify: false}";
                case SMTP -> ", smtp: {heloName: lb.example.com}";
                case UDP -> ", udp: {send: ping, expect: pong}";
                default -> "";
            };
            servers.add("healthCheck: {type: " + spelled(t) + extra + "}");
        }
        for (Enums.DnsType t : Enums.DnsType.values())
            servers.add("healthCheck: {type: dns, dns: {name: example.com, type: " + spelled(t) + "}}");
        for (Enums.AdminState a : Enums.AdminState.values())
            servers.add("realServers: [{name: a, address: 10.0.1.1, adminState: " + spelled(a) + "}]");
        servers.add("healthCheck: {}, realServers: [{name: a, address: 10.0.1.1, healthCheck: {port: 8080}}]");
        servers.add("healthCheck: {type: http, http: {}}");
        StringBuilder yaml = new StringBuilder("apiVersion: fulcrum/v1\nvirtualServers:\n");
        for (int i = 0; i < servers.size(); i++)
            yaml.append("  - {name: v")
                    .append(i)
                    .append(", address: 10.0.0.")
                    .append(i + 1)
                    .append(", port: 80, ")
                    .append(servers.get(i))
                    .append("}\n");
        yaml.append("vrrpGroups:\n");
        int vrid = 1;
        for (Enums.InitialState s : Enums.InitialState.values())
            for (Enums.AuthType a : Enums.AuthType.values())
                yaml.append("  - {name: g")
                        .append(vrid)
                        .append(", vrid: ")
                        .append(vrid++)
                        .append(", interface: eth0, virtualAddresses: [{address: 10.1.0.1}],"
                                + " members: [{director: lb1, priority: 100, initialState: ")
                        .append(spelled(s))
                        .append("}], authentication: {type: ")
                        .append(spelled(a))
                        .append(a == Enums.AuthType.PASS ? ", password: pw" : "")
                        .append("}, notify: {any: {script: /s/any.sh, arguments: [\"\"]}},"
                                + " syncGroup: sg, syncGroupNotify: {stop: /s/stop.sh}}\n");
        compared = 0;
        assertSame(document(yaml.toString()));
        assertThat(compared).isGreaterThan(servers.size() * 2);
    }

    private static String spelled(Enum<?> e) {
        return DocumentCodec.spelling(e);
    }

    private static final HookWithArguments RELATIVE =
            HookWithArguments.newBuilder().setScript("x.sh").build();

    /** Bad input, each refused (or read) the same by both: wrong enums, missing fields, values out of range. */
    @Test
    void badInputIsRefusedTheSameWithTheSameErrorsBothWays() {
        List<VirtualServer> servers = List.of(
                VirtualServer.getDefaultInstance(),
                VirtualServer.newBuilder()
                        .setName("bad name!")
                        .setAddress("10.0.0.1")
                        .setFwmark(-1)
                        .setSchedulerValue(99)
                        .setForwardingValue(42)
                        .setProtocolValue(7)
                        .addSchedulerFlagsValue(0)
                        .addSchedulerFlagsValue(77)
                        .setQuorum(-5)
                        .setHysteresis(-1)
                        .putLabels("-bad", "x")
                        .putLabels("ok", "y".repeat(300))
                        .setDescription("d".repeat(2000))
                        .build(),
                VirtualServer.newBuilder()
                        .setName("web")
                        .setAddress("10.0.0.1")
                        .setPort(70000)
                        .setAddressFamilyValue(2)
                        .setTunnel(Tunnel.newBuilder().setTypeValue(9).setPort(0))
                        .setPersistence(
                                Persistence.newBuilder().setTimeoutSeconds(0).setPrefixLength(200))
                        .setSorryServer(
                                SorryServer.newBuilder().setAddress("nope").setPort(-1))
                        .setNotify(QuorumNotify.newBuilder()
                                .setQuorumUp(RELATIVE)
                                .setQuorumDown(HookWithArguments.newBuilder().addArguments("a")))
                        .addDirectors("lb 1")
                        .addRealServers(RealServer.newBuilder()
                                .setName("a")
                                .setAddress("10.0.1.1")
                                .setWeight(70000)
                                .setUpperThreshold(-1)
                                .setAdminStateValue(99)
                                .setNotify(RealServerNotify.newBuilder()
                                        .setUp(HookWithArguments.newBuilder().setScript("/s/a b.sh"))
                                        .setDown(HookWithArguments.newBuilder()
                                                .setScript("/s/d.sh")
                                                .addAllArguments(Collections.nCopies(33, "x")))))
                        .addRealServers(RealServer.newBuilder().setName("b"))
                        .build(),
                VirtualServer.newBuilder()
                        .setName("hc")
                        .setAddress("10.0.0.1")
                        .setPort(80)
                        .setHealthCheck(HealthCheck.newBuilder()
                                .setTypeValue(3)
                                .setIntervalSeconds(Double.NaN)
                                .setTimeoutSeconds(0.0005)
                                .setDelayBeforeRetrySeconds(Double.NEGATIVE_INFINITY)
                                .setRetries(-7)
                                .setConnectAddress("")
                                .setHttp(HttpCheck.newBuilder()
                                        .addUrls(HttpUrl.newBuilder()
                                                .setPath("rel")
                                                .addStatusCodes(
                                                        Value.newBuilder().setNumberValue(200))
                                                .addStatusCodes(
                                                        Value.newBuilder().setNumberValue(200.5))
                                                .addStatusCodes(
                                                        Value.newBuilder().setNumberValue(99))
                                                .addStatusCodes(
                                                        Value.newBuilder().setStringValue("299-200"))
                                                .addStatusCodes(
                                                        Value.newBuilder().setBoolValue(true))
                                                .addStatusCodes(
                                                        Value.newBuilder().setNullValue(NullValue.NULL_VALUE))
                                                .addStatusCodes(Value.newBuilder())
                                                .addStatusCodes(Value.newBuilder()
                                                        .setStructValue(Struct.newBuilder()
                                                                .putFields(
                                                                        "a",
                                                                        Value.newBuilder()
                                                                                .setNumberValue(1.0)
                                                                                .build())))
                                                .addStatusCodes(Value.newBuilder()
                                                        .setListValue(ListValue.newBuilder()
                                                                .addValues(Value.newBuilder()
                                                                        .setNumberValue(3e9))))
                                                .setDigest("xyz")
                                                .setBodyRegex("("))
                                        .setSni(""))
                                .setDns(DnsCheck.newBuilder().setTypeValue(50))
                                .setMisc(MiscCheck.newBuilder().addArguments("a\0b")))
                        .build(),
                VirtualServer.newBuilder()
                        .setName("nan")
                        .setAddress("10.0.0.1")
                        .setPort(80)
                        .setHealthCheck(HealthCheck.newBuilder()
                                .setHttp(HttpCheck.newBuilder()
                                        .addUrls(HttpUrl.newBuilder()
                                                .setPath("/")
                                                .addStatusCodes(
                                                        Value.newBuilder().setNumberValue(Double.NaN)))))
                        .build(),
                VirtualServer.newBuilder()
                        .setName("meta")
                        .setAddress("10.0.0.1")
                        .setPort(0)
                        .setMetadata(Metadata.newBuilder().setVersion(3).setRevision(9))
                        .setEtag("\"3\"")
                        .build());
        for (VirtualServer v : servers) {
            assertRead(v, Resources::virtualServer, JsonPath::virtualServer, RestTrees::virtualServer);
            for (RealServer r : v.getRealServersList())
                assertRead(r, Resources::realServer, JsonPath::realServer, RestTrees::realServer);
        }

        List<VrrpGroup> groups = List.of(
                VrrpGroup.getDefaultInstance(),
                VrrpGroup.newBuilder()
                        .setName("g")
                        .setVrid(0)
                        .setInterface("a/b")
                        .setVersion(4)
                        .setAdvertIntervalSeconds(1e-4)
                        .setPreemptDelaySeconds(1e20)
                        .addVirtualAddresses(VirtualAddress.newBuilder().setAddress("10.0.0.1/33"))
                        .addVirtualAddresses(
                                VirtualAddress.newBuilder().setDevice("eth0").setLabel(""))
                        .addMembers(VrrpMember.newBuilder().setPriority(0).setInitialStateValue(5))
                        .addMembers(VrrpMember.newBuilder().setDirector("lb1").setUnicastAddress("x"))
                        .setAuthentication(VrrpAuthentication.newBuilder()
                                .setPassword("123456789")
                                .setPasswordSet(true))
                        .addTrackScripts(TrackScript.newBuilder()
                                .setName("t")
                                .setIntervalSeconds(-0.0)
                                .setTimeoutSeconds(Double.POSITIVE_INFINITY)
                                .setFall(0))
                        .setGarp(Garp.newBuilder().setMasterRepeat(-1).setMasterRefreshSeconds(86400.001))
                        .setNotify(VrrpNotify.newBuilder().setMaster(RELATIVE))
                        .setMetadata(Metadata.newBuilder().setVersion(1))
                        .build(),
                VrrpGroup.newBuilder()
                        .setName("v3")
                        .setVrid(9)
                        .setInterface("eth0")
                        .setVersion(3)
                        .setAdvertIntervalSeconds(0.5)
                        .addVirtualAddresses(VirtualAddress.newBuilder().setAddress("2001:db8::1"))
                        .addMembers(VrrpMember.newBuilder().setDirector("lb1").setPriority(255))
                        .addMembers(VrrpMember.newBuilder().setDirector("lb1").setPriority(255))
                        .setAuthentication(VrrpAuthentication.newBuilder().setTypeValue(2))
                        .setNotify(VrrpNotify.getDefaultInstance())
                        .build());
        for (VrrpGroup g : groups) assertRead(g, Resources::vrrpGroup, JsonPath::vrrpGroup, RestTrees::vrrpGroup);

        List<Director> directors = List.of(
                Director.getDefaultInstance(),
                Director.newBuilder()
                        .setName("lb1")
                        .setManagementAddress("300.1.1.1")
                        .addFullnatAddresses("10.0.0.1")
                        .addFullnatAddresses("10.0.0.1")
                        .addFullnatAddresses("x")
                        .putLabels("a", "1")
                        .build());
        for (Director d : directors) assertRead(d, Resources::director, JsonPath::director, RestTrees::director);

        ConfigDocument doc = ConfigDocument.newBuilder()
                .setApiVersion("fulcrum/v2")
                .setRevision(-3)
                .addDirectors(directors.get(1))
                .addVrrpGroups(groups.get(1))
                .addVirtualServers(servers.get(2))
                .build();
        assertRead(doc, Resources::desiredDocument, JsonPath::desiredDocument, RestTrees::configDocument);
    }
}
