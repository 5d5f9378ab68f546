package io.fulcrum.model;

import static io.fulcrum.model.Fixtures.fullFwmarkVirtualServer;
import static io.fulcrum.model.Fixtures.fullInetVirtualServer;
import static io.fulcrum.model.Fixtures.fullVrrpGroup;
import static io.fulcrum.model.Fixtures.ipv6VrrpGroup;
import static io.fulcrum.model.Fixtures.json;
import static io.fulcrum.model.Fixtures.minimalVirtualServer;
import static io.fulcrum.model.Fixtures.minimalVrrpGroup;
import static io.fulcrum.model.Fixtures.remove;
import static io.fulcrum.model.Fixtures.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.model.codec.DocumentCodec;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The semantic rules single fields cannot express. Inputs go through the codec (which runs the
 * {@link Validator} once every field is well-formed), so every rule is checked with its pointer.
 */
class ValidatorTest {

    /** The errors of decoding a VRRP group; empty when it is accepted. */
    private static List<FieldError> group(ObjectNode in) {
        try {
            DocumentCodec.decodeVrrpGroup(in);
            return List.of();
        } catch (ValidationException e) {
            return e.errors();
        }
    }

    private static List<FieldError> vs(ObjectNode in) {
        try {
            DocumentCodec.decodeVirtualServer(in);
            return List.of();
        } catch (ValidationException e) {
            return e.errors();
        }
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void acceptsTheFixtures() {
        assertThat(group(minimalVrrpGroup())).isEmpty();
        assertThat(group(fullVrrpGroup())).isEmpty();
        assertThat(group(ipv6VrrpGroup())).isEmpty();
        assertThat(vs(minimalVirtualServer())).isEmpty();
        assertThat(vs(fullInetVirtualServer())).isEmpty();
        assertThat(vs(fullFwmarkVirtualServer())).isEmpty();
    }

    // ------------------------------------------------------------------ VRRP groups

    @Test
    void requiresWholeSecondAdvertsForVrrpVersion2() {
        var errors = group(set(minimalVrrpGroup(), "/advertIntervalSeconds", 1.5));

        assertThat(fields(errors)).containsExactly("/advertIntervalSeconds");
        assertThat(errors.get(0).message()).contains("whole seconds");
        assertThat(fields(group(set(minimalVrrpGroup(), "/advertIntervalSeconds", 0.5))))
                .containsExactly("/advertIntervalSeconds");
        assertThat(group(set(minimalVrrpGroup(), "/advertIntervalSeconds", 3))).isEmpty();
    }

    @Test
    void requiresCentisecondAdvertsUpTo4095ForVrrpVersion3() {
        ObjectNode v3 = set(minimalVrrpGroup(), "/version", 3);

        var errors = group(set(v3.deepCopy(), "/advertIntervalSeconds", 0.015));

        assertThat(fields(errors)).containsExactly("/advertIntervalSeconds");
        assertThat(errors.get(0).message()).contains("centiseconds");
        assertThat(fields(group(set(v3.deepCopy(), "/advertIntervalSeconds", 41))))
                .containsExactly("/advertIntervalSeconds");
        assertThat(group(set(v3.deepCopy(), "/advertIntervalSeconds", 0.01))).isEmpty();
        assertThat(group(set(v3.deepCopy(), "/advertIntervalSeconds", 40.95))).isEmpty();
        assertThat(group(set(v3.deepCopy(), "/advertIntervalSeconds", 1.5))).isEmpty();
    }

    @Test
    void requiresVersion3ForIpv6VirtualAddresses() {
        ObjectNode in = remove(ipv6VrrpGroup(), "/version");
        set(in, "/advertIntervalSeconds", 1);

        var errors = group(in);

        assertThat(fields(errors)).containsExactly("/version");
        assertThat(errors.get(0).message()).contains("IPv6").contains("3");
    }

    @Test
    void rejectsMixedAddressFamiliesInOneGroup() {
        ObjectNode in = set(
                set(minimalVrrpGroup(), "/version", 3),
                "/virtualAddresses/-",
                json("{\"address\": \"2001:db8::1/64\"}"));

        var errors = group(in);

        assertThat(fields(errors)).containsExactly("/virtualAddresses/1/address");
        assertThat(errors.get(0).message()).contains("families");
    }

    @Test
    void rejectsAnIpv4LabelOnAnIpv6Address() {
        assertThat(fields(group(set(ipv6VrrpGroup(), "/virtualAddresses/1/label", "eth0:6"))))
                .containsExactly("/virtualAddresses/1/label");
    }

    @Test
    void rejectsAuthenticationWithVersion3() {
        ObjectNode in = set(
                set(minimalVrrpGroup(), "/version", 3),
                "/authentication",
                json("{\"type\": \"pass\", \"password\": \"x\"}"));

        var errors = group(in);

        assertThat(fields(errors)).containsExactly("/authentication");
        assertThat(errors.get(0).message()).contains("VRRPv3");
        assertThat(group(set(set(minimalVrrpGroup(), "/version", 3), "/authentication", json("{\"type\": \"none\"}"))))
                .isEmpty();
    }

    @Test
    void rejectsADirectorListedTwiceAsMember() {
        var errors = group(set(minimalVrrpGroup(), "/members/1/director", "lb1"));

        assertThat(errors)
                .extracting(FieldError::field, FieldError::message)
                .containsExactly(tuple("/members/1/director", "director 'lb1' is listed twice"));
    }

    @Test
    void requiresAUnicastAddressOnEveryMemberWhenUnicast() {
        ObjectNode in = remove(fullVrrpGroup(), "/members/1/unicastAddress");

        assertThat(fields(group(in))).containsExactly("/members/1/unicastAddress");
        assertThat(group(set(in.deepCopy(), "/unicast", false))).isEmpty();
    }

    @Test
    void requiresUnicastAddressesOfTheVirtualAddressesFamily() {
        assertThat(fields(group(set(fullVrrpGroup(), "/members/0/unicastAddress", "2001:db8::1"))))
                .containsExactly("/members/0/unicastAddress");
    }

    @Test
    void rejectsTwoAddressOwners() {
        ObjectNode in = set(set(minimalVrrpGroup(), "/members/0/priority", 255), "/members/1/priority", 255);

        var errors = group(in);

        assertThat(fields(errors)).containsExactly("/members");
        assertThat(errors.get(0).message()).contains("255");
        assertThat(group(set(minimalVrrpGroup(), "/members/0/priority", 255))).isEmpty();
    }

    /**
     * openapi.yaml (since 60fceee): preemptDelaySeconds is "Ignored when preempt is false (as keepalived does)",
     * so the combination is accepted and kept as written, not rejected.
     */
    @Test
    void acceptsAndKeepsAPreemptDelayWithoutPreemptionAsKeepalivedIgnoresIt() {
        ObjectNode in = set(set(minimalVrrpGroup(), "/preempt", false), "/preemptDelaySeconds", 10);

        assertThat(group(in)).isEmpty();
        VrrpGroup g = DocumentCodec.decodeVrrpGroup(in);
        assertThat(g.preempt()).isFalse();
        assertThat(g.preemptDelay()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void rejectsTrackScriptNamesAndTrackedInterfacesUsedTwice() {
        ObjectNode in = fullVrrpGroup();
        set(in, "/trackScripts/1/name", "chk-haproxy");
        set(in, "/trackInterfaces/1/interface", "eth1");

        assertThat(fields(group(in))).containsExactlyInAnyOrder("/trackScripts/1/name", "/trackInterfaces/1/interface");
    }

    @Test
    void rejectsAVirtualServerTrackedTwiceAndWeightsOutsideMinus253ToMinus1() {
        ObjectNode in = set(
                minimalVrrpGroup(),
                "/trackVirtualServers",
                List.of(Map.of("virtualServer", "web"), Map.of("virtualServer", "web")));
        assertThat(group(in))
                .containsExactly(new FieldError("/trackVirtualServers/1/virtualServer", "is tracked twice"));

        for (int bad : new int[] {0, 1, 100, -254}) {
            ObjectNode w = set(
                    minimalVrrpGroup(), "/trackVirtualServers", List.of(Map.of("virtualServer", "web", "weight", bad)));
            assertThat(fields(group(w))).as("weight " + bad).containsExactly("/trackVirtualServers/0/weight");
        }
        for (int good : new int[] {-1, -253}) {
            assertThat(group(set(
                            minimalVrrpGroup(),
                            "/trackVirtualServers",
                            List.of(Map.of("virtualServer", "web", "weight", good)))))
                    .isEmpty();
        }
    }

    @Test
    void reportsEverySemanticErrorOfAGroupAtOnce() {
        ObjectNode in = minimalVrrpGroup();
        set(in, "/advertIntervalSeconds", 1.5);
        set(in, "/members/1/director", "lb1");
        set(in, "/members/0/priority", 255);
        set(in, "/members/1/priority", 255);

        assertThat(fields(group(in)))
                .containsExactlyInAnyOrder("/advertIntervalSeconds", "/members/1/director", "/members");
    }

    @Test
    void prefixesPointersWithTheGivenLocation() {
        VrrpGroup g = DocumentCodec.decodeVrrpGroup(minimalVrrpGroup());
        VrrpGroup twoOwners = new VrrpGroup(
                g.name(),
                g.description(),
                g.labels(),
                g.vrid(),
                g.iface(),
                g.version(),
                g.advertInterval(),
                g.virtualAddresses(),
                List.of(
                        new VrrpGroup.Member("lb1", 255, Enums.InitialState.MASTER, null),
                        new VrrpGroup.Member("lb2", 255, Enums.InitialState.BACKUP, null)),
                g.preempt(),
                g.preemptDelay(),
                g.authentication(),
                g.unicast(),
                g.syncGroup(),
                g.trackInterfaces(),
                g.trackScripts(),
                g.garp(),
                g.notifications(),
                g.vmac(),
                g.connectionSync());
        List<FieldError> errors = new ArrayList<>();

        Validator.checkVrrpGroup(twoOwners, "/vrrpGroups/3", errors);

        assertThat(fields(errors)).containsExactly("/vrrpGroups/3/members");
    }

    // ------------------------------------------------------------------ virtual servers

    @Test
    void rejectsASchedulerFlagOfAnotherScheduler() {
        ObjectNode in = set(set(minimalVirtualServer(), "/scheduler", "rr"), "/schedulerFlags", List.of("sh-port"));

        var errors = vs(in);

        assertThat(fields(errors)).containsExactly("/schedulerFlags");
        assertThat(errors.get(0).message()).contains("'sh-port'").contains("sh");
        assertThat(fields(vs(
                        set(set(minimalVirtualServer(), "/scheduler", "sh"), "/schedulerFlags", List.of("mh-port")))))
                .containsExactly("/schedulerFlags");
        assertThat(fields(vs(set(minimalVirtualServer(), "/schedulerFlags", List.of("sh-fallback")))))
                .as("the default scheduler wlc takes no flags")
                .containsExactly("/schedulerFlags");
    }

    @Test
    void rejectsATunnelWithoutTunForwarding() {
        ObjectNode in = set(fullInetVirtualServer(), "/forwarding", "dr");
        set(in, "/realServers/0/forwarding", "nat");

        var errors = vs(in);

        assertThat(fields(errors)).containsExactly("/tunnel");
        assertThat(errors.get(0).message()).contains("tun");
    }

    @Test
    void acceptsATunnelWhenOnlyARealServerTunnels() {
        ObjectNode in = set(fullInetVirtualServer(), "/forwarding", "dr");

        assertThat(vs(in)).isEmpty();
    }

    @Test
    void requiresAPortForGueTunnels() {
        assertThat(fields(vs(remove(fullInetVirtualServer(), "/tunnel/port")))).containsExactly("/tunnel/port");
    }

    @Test
    void rejectsATunnelPortOrChecksumThatItsTypeDoesNotUse() {
        ObjectNode ipip = set(fullInetVirtualServer(), "/tunnel/type", "ipip");

        assertThat(fields(vs(ipip))).containsExactlyInAnyOrder("/tunnel/port", "/tunnel/checksum");
        ObjectNode gre = set(remove(fullInetVirtualServer(), "/tunnel/port"), "/tunnel/type", "gre");
        assertThat(vs(gre)).isEmpty();
    }

    @Test
    void allowsPortZeroOnlyForAPersistentService() {
        var errors = vs(set(minimalVirtualServer(), "/port", 0));

        assertThat(fields(errors)).containsExactly("/port");
        assertThat(errors.get(0).message()).contains("persistent");
        assertThat(vs(set(set(minimalVirtualServer(), "/port", 0), "/persistence", json("{\"timeoutSeconds\": 60}"))))
                .isEmpty();
    }

    @Test
    void rejectsAnIpv4PersistencePrefixLongerThan32() {
        assertThat(fields(vs(set(fullInetVirtualServer(), "/persistence/prefixLength", 33))))
                .containsExactly("/persistence/prefixLength");
        assertThat(vs(set(fullFwmarkVirtualServer(), "/persistence/prefixLength", 64)))
                .isEmpty();
    }

    @Test
    void rejectsOnePacketSchedulingOnTcpAndSctp() {
        assertThat(fields(vs(set(minimalVirtualServer(), "/onePacket", true)))).containsExactly("/onePacket");
        assertThat(fields(vs(set(set(minimalVirtualServer(), "/onePacket", true), "/protocol", "sctp"))))
                .containsExactly("/onePacket");
        assertThat(vs(set(set(minimalVirtualServer(), "/onePacket", true), "/protocol", "udp")))
                .isEmpty();
        assertThat(vs(fullFwmarkVirtualServer()))
                .as("fwmark service with onePacket")
                .isEmpty();
    }

    @Test
    void rejectsARealServerOfAnotherFamilyNamingBothFamilies() {
        var errors = vs(set(minimalVirtualServer(), "/realServers/1/address", "2001:db8::12"));

        assertThat(errors)
                .extracting(FieldError::field, FieldError::message)
                .containsExactly(tuple("/realServers/1/address", "is IPv6 but the virtual server is IPv4"));

        var reverse = vs(set(fullFwmarkVirtualServer(), "/realServers/0/address", "10.0.0.25"));
        assertThat(reverse)
                .extracting(FieldError::field, FieldError::message)
                .containsExactly(tuple("/realServers/0/address", "is IPv4 but the virtual server is IPv6"));
    }

    @Test
    void checksASingleRealServerAgainstItsVirtualServer() throws Exception {
        VirtualServer parent = DocumentCodec.decodeVirtualServer(minimalVirtualServer());
        RealServer v6 = new RealServer(
                "rs9",
                null,
                Map.of(),
                InetAddress.getByName("2001:db8::9"),
                null,
                1,
                0,
                0,
                null,
                null,
                false,
                Enums.AdminState.ENABLED,
                null,
                null);
        List<FieldError> errors = new ArrayList<>();

        Validator.checkRealServer(parent, v6, "/realServers/9", errors);

        assertThat(errors)
                .containsExactly(new FieldError("/realServers/9/address", "is IPv6 but the virtual server is IPv4"));
        assertThat(Fixtures.errorsOf(() -> DocumentCodec.decodeRealServer(
                        json("{\"name\": \"rs9\", \"address\": \"2001:db8::9\"}"), parent)))
                .containsExactly(new FieldError("/address", "is IPv6 but the virtual server is IPv4"));
    }

    @Test
    void rejectsARealServerNameUsedTwice() {
        var errors = vs(set(minimalVirtualServer(), "/realServers/1/name", "rs1"));

        assertThat(errors).extracting(FieldError::field).containsExactly("/realServers/1/name");
        assertThat(errors.get(0).message()).contains("rs1");
    }

    @Test
    void rejectsTwoRealServersWithTheSameAddressAndEffectivePort() {
        ObjectNode in = set(minimalVirtualServer(), "/realServers/1/address", "10.1.0.11");
        set(in, "/realServers/1/port", 80);

        var errors = vs(in);

        assertThat(errors)
                .containsExactly(new FieldError("/realServers/1/address", "same address and port as /realServers/0"));
        assertThat(vs(set(in.deepCopy(), "/realServers/1/port", 8080)))
                .as("same address, other port")
                .isEmpty();
    }

    @Test
    void comparesRealServerAddressesInCanonicalForm() {
        ObjectNode in = fullFwmarkVirtualServer();
        set(in, "/realServers/1/address", "2001:DB8:20:0:0:0:0:1");
        set(in, "/realServers/1/port", 25);

        assertThat(fields(vs(in))).containsExactly("/realServers/1/address");
    }

    @Test
    void rejectsALowerThresholdAboveTheUpperThreshold() {
        ObjectNode in = set(
                set(minimalVirtualServer(), "/realServers/0/upperThreshold", 100),
                "/realServers/0/lowerThreshold",
                101);

        assertThat(fields(vs(in))).containsExactly("/realServers/0/lowerThreshold");
        assertThat(vs(set(minimalVirtualServer(), "/realServers/0/lowerThreshold", 50)))
                .as("upper 0 means no limit")
                .isEmpty();
        assertThat(vs(set(
                        set(minimalVirtualServer(), "/realServers/0/upperThreshold", 100),
                        "/realServers/0/lowerThreshold",
                        100)))
                .isEmpty();
    }

    @Test
    void requiresTheMiscBlockForTypeMisc() {
        var errors = vs(set(minimalVirtualServer(), "/healthCheck", json("{\"type\": \"misc\"}")));

        assertThat(fields(errors)).containsExactly("/healthCheck/misc");
        assertThat(fields(vs(set(minimalVirtualServer(), "/realServers/1/healthCheck", json("{\"type\": \"misc\"}")))))
                .containsExactly("/realServers/1/healthCheck/misc");
    }

    @Test
    void requiresTheDnsBlockForTypeDns() {
        assertThat(fields(vs(set(minimalVirtualServer(), "/healthCheck", json("{\"type\": \"dns\"}")))))
                .containsExactly("/healthCheck/dns");
    }

    @Test
    void rejectsAnHttpBlockWithTypeTcp() {
        var errors = vs(set(
                minimalVirtualServer(),
                "/healthCheck",
                json("{\"type\": \"tcp\", \"http\": {\"urls\": [{\"path\": \"/\"}]}}")));

        assertThat(errors)
                .extracting(FieldError::field, FieldError::message)
                .containsExactly(tuple("/healthCheck/http", "is only used with type http or https"));
        assertThat(fields(vs(set(fullInetVirtualServer(), "/healthCheck/type", "tcp"))))
                .as("the real server's own http block is checked against the inherited type too, and it"
                        + " inherits the virtual server's sni (merged field by field, as keepalived)")
                .containsExactlyInAnyOrder(
                        "/healthCheck/http",
                        "/healthCheck/http/sni",
                        "/realServers/0/healthCheck/http",
                        "/realServers/0/healthCheck/http/sni");
    }

    @Test
    void rejectsSmtpAndUdpBlocksWithAnotherType() {
        ObjectNode in = minimalVirtualServer();
        set(in, "/healthCheck", json("{\"type\": \"tcp\", \"smtp\": {}, \"udp\": {\"send\": \"x\"}}"));

        assertThat(fields(vs(in))).containsExactlyInAnyOrder("/healthCheck/smtp", "/healthCheck/udp");
    }

    @Test
    void rejectsSniWithPlainHttp() {
        assertThat(fields(vs(set(fullInetVirtualServer(), "/healthCheck/type", "http"))))
                .as("the real server's http block inherits the sni")
                .containsExactlyInAnyOrder("/healthCheck/http/sni", "/realServers/0/healthCheck/http/sni");
    }

    @Test
    void rejectsATimeoutOfMoreThanTenIntervals() {
        ObjectNode in = set(fullInetVirtualServer(), "/healthCheck/intervalSeconds", 0.1);
        set(in, "/healthCheck/timeoutSeconds", 1.001);

        assertThat(fields(vs(in))).containsExactly("/healthCheck/timeoutSeconds");
        assertThat(vs(set(in.deepCopy(), "/healthCheck/timeoutSeconds", 1))).isEmpty();
    }

    @Test
    void checksTheRealServersCheckMergedOverTheVirtualServersDefaults() {
        ObjectNode in = set(
                minimalVirtualServer(),
                "/healthCheck",
                json("{\"type\": \"misc\", \"misc\": {\"script\": \"/usr/libexec/check.sh\"}}"));
        set(in, "/realServers/0/healthCheck", json("{\"fall\": 3}"));
        assertThat(vs(in)).as("inherits misc from the virtual server").isEmpty();

        set(in, "/realServers/0/healthCheck", json("{\"intervalSeconds\": 0.1}"));
        set(in, "/healthCheck/timeoutSeconds", 2);
        assertThat(fields(vs(in)))
                .as("its interval with the inherited timeout")
                .containsExactly("/realServers/0/healthCheck/timeoutSeconds");
    }

    @Test
    void letsARealServerOverrideAnHttpCheckWithATcpCheck() {
        ObjectNode in = set(fullInetVirtualServer(), "/realServers/1/healthCheck", json("{\"type\": \"tcp\"}"));

        assertThat(vs(in)).isEmpty();
    }

    @Test
    void rejectsDnsAndMiscBlocksWithAnotherType() {
        ObjectNode in = set(
                minimalVirtualServer(),
                "/healthCheck",
                json(
                        "{\"type\": \"tcp\", \"dns\": {\"name\": \"www.example.com\"}, \"misc\": {\"script\": \"/x.sh\"}}"));

        assertThat(fields(vs(in))).containsExactlyInAnyOrder("/healthCheck/dns", "/healthCheck/misc");
    }

    @Test
    void rejectsASorryServerOfAnotherFamily() {
        assertThat(fields(vs(set(fullInetVirtualServer(), "/sorryServer/address", "2001:db8::1"))))
                .containsExactly("/sorryServer/address");
    }

    @Test
    void rejectsVrrpGroupAndDirectorsTogether() {
        var errors = vs(set(fullInetVirtualServer(), "/vrrpGroup", "vg1"));

        assertThat(fields(errors)).containsExactly("/directors");
        assertThat(errors.get(0).message()).contains("vrrpGroup").contains("directors");
    }

    @Test
    void rejectsADirectorListedTwice() {
        assertThat(fields(vs(set(fullInetVirtualServer(), "/directors", List.of("lb1", "lb1")))))
                .containsExactly("/directors");
    }

    @Test
    void reportsEverySemanticErrorOfAVirtualServerAtOnce() {
        ObjectNode in = set(minimalVirtualServer(), "/port", 0);
        set(in, "/onePacket", true);
        set(in, "/tunnel", json("{\"type\": \"gue\"}"));
        set(in, "/realServers/1/name", "rs1");
        set(in, "/realServers/0/address", "2001:db8::11");

        assertThat(fields(vs(in)))
                .containsExactlyInAnyOrder(
                        "/port",
                        "/onePacket",
                        "/tunnel",
                        "/tunnel/port",
                        "/realServers/1/name",
                        "/realServers/0/address");
    }

    // ------------------------------------------------------------------ helpers of the Validator

    @Test
    void computesTheEffectivePortOfARealServer() {
        VirtualServer v = DocumentCodec.decodeVirtualServer(set(minimalVirtualServer(), "/realServers/1/port", 8080));
        VirtualServer mark = DocumentCodec.decodeVirtualServer(fullFwmarkVirtualServer());

        assertThat(Validator.effectivePort(v, v.realServers().get(0))).isEqualTo(80);
        assertThat(Validator.effectivePort(v, v.realServers().get(1))).isEqualTo(8080);
        assertThat(Validator.effectivePort(mark, mark.realServers().get(0))).isEqualTo(25);
    }

    @Test
    void keysServicesByProtocolAddressAndPortOrByFamilyAndMark() throws Exception {
        var tcp = new VirtualServer.InetService(InetAddress.getByName("2001:db8:0:0::1"), 80, Enums.Protocol.TCP);
        var tcpSame = new VirtualServer.InetService(InetAddress.getByName("2001:db8::1"), 80, Enums.Protocol.TCP);
        var udp = new VirtualServer.InetService(InetAddress.getByName("2001:db8::1"), 80, Enums.Protocol.UDP);
        var mark4 = new VirtualServer.FwmarkService(1, Enums.AddressFamily.INET);
        var mark6 = new VirtualServer.FwmarkService(1, Enums.AddressFamily.INET6);

        assertThat(Validator.serviceKey(tcp)).isEqualTo(Validator.serviceKey(tcpSame));
        assertThat(Validator.serviceKey(tcp)).isNotEqualTo(Validator.serviceKey(udp));
        assertThat(Validator.serviceKey(mark4)).isNotEqualTo(Validator.serviceKey(mark6));
    }
}
