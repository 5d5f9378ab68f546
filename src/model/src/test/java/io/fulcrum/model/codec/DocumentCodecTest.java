package io.fulcrum.model.codec;

import static io.fulcrum.model.Fixtures.PASSWORD;
import static io.fulcrum.model.Fixtures.fieldsOf;
import static io.fulcrum.model.Fixtures.fullDirector;
import static io.fulcrum.model.Fixtures.fullFwmarkVirtualServer;
import static io.fulcrum.model.Fixtures.fullInetVirtualServer;
import static io.fulcrum.model.Fixtures.fullVrrpGroup;
import static io.fulcrum.model.Fixtures.ipv6VrrpGroup;
import static io.fulcrum.model.Fixtures.json;
import static io.fulcrum.model.Fixtures.minimalVirtualServer;
import static io.fulcrum.model.Fixtures.minimalVrrpGroup;
import static io.fulcrum.model.Fixtures.set;
import static io.fulcrum.model.codec.DocumentCodec.decodeDirector;
import static io.fulcrum.model.codec.DocumentCodec.decodeRealServer;
import static io.fulcrum.model.codec.DocumentCodec.decodeVirtualServer;
import static io.fulcrum.model.codec.DocumentCodec.decodeVrrpGroup;
import static io.fulcrum.model.codec.DocumentCodec.encode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Director;
import io.fulcrum.model.Enums;
import io.fulcrum.model.Fixtures;
import io.fulcrum.model.HealthCheck;
import io.fulcrum.model.Hook;
import io.fulcrum.model.IpPrefix;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.Secret;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire form <-> domain records: round trips, what decoding builds, and that secrets never leave. */
class DocumentCodecTest {

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static String text(JsonNode n) throws Exception {
        return DocumentCodec.JSON.writeValueAsString(n);
    }

    /** The group as it comes back from any encoding: passwords are never written. */
    private static VrrpGroup withoutPassword(VrrpGroup g) {
        return g.authentication() == null
                ? g
                : g.withAuthentication(
                        new VrrpGroup.Authentication(g.authentication().type(), null));
    }

    // ------------------------------------------------------------------ round trips

    @Test
    void roundTripsADirector() throws Exception {
        Director d = decodeDirector(fullDirector());

        assertThat(d)
                .isEqualTo(new Director(
                        "lb1", ip("2001:db8::10"), "rack 4, left", Map.of("site", "par1", "example.com/role", "edge")));
        assertThat(decodeDirector(encode(d))).isEqualTo(d);
    }

    @Test
    void roundTripsAVrrpGroupWithEveryField() {
        VrrpGroup g = decodeVrrpGroup(fullVrrpGroup());

        assertThat(decodeVrrpGroup(encode(g, false))).isEqualTo(withoutPassword(g));
        assertThat(decodeVrrpGroup(encode(g, true))).isEqualTo(withoutPassword(g));
    }

    @Test
    void decodesEveryFieldOfAVrrpGroup() throws Exception {
        VrrpGroup g = decodeVrrpGroup(fullVrrpGroup());

        assertThat(g.name()).isEqualTo("vg-web");
        assertThat(g.description()).isEqualTo("VIPs of the web tier");
        assertThat(g.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("env", "prod", "team", "net"));
        assertThat(g.vrid()).isEqualTo(51);
        assertThat(g.iface()).isEqualTo("eth0");
        assertThat(g.version()).isEqualTo(2);
        assertThat(g.advertInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(g.virtualAddresses())
                .containsExactly(
                        new VrrpGroup.VirtualAddress(new IpPrefix(ip("192.168.10.100"), 24), "eth0", "eth0:web"),
                        new VrrpGroup.VirtualAddress(new IpPrefix(ip("192.168.10.101"), 32), null, null));
        assertThat(g.members())
                .containsExactly(
                        new VrrpGroup.Member("lb1", 150, Enums.InitialState.MASTER, ip("10.0.0.1")),
                        new VrrpGroup.Member("lb2", 100, Enums.InitialState.BACKUP, ip("10.0.0.2")));
        assertThat(g.preempt()).isTrue();
        assertThat(g.preemptDelay()).isEqualTo(Duration.ofMillis(30_500));
        assertThat(g.authentication())
                .isEqualTo(new VrrpGroup.Authentication(Enums.AuthType.PASS, new Secret(PASSWORD)));
        assertThat(g.authentication().password().reveal()).isEqualTo(PASSWORD);
        assertThat(g.unicast()).isTrue();
        assertThat(g.syncGroup()).isEqualTo("sg-web");
        assertThat(g.trackInterfaces())
                .containsExactly(
                        new VrrpGroup.TrackInterface("eth1", -20), new VrrpGroup.TrackInterface("bond0", null));
        assertThat(g.trackScripts())
                .containsExactly(
                        new VrrpGroup.TrackScript(
                                "chk-haproxy",
                                "/usr/libexec/fulcrum/check-haproxy.sh",
                                List.of("--port", "8080"),
                                Duration.ofMillis(2500),
                                Duration.ofSeconds(3),
                                -30,
                                3,
                                2),
                        new VrrpGroup.TrackScript(
                                "chk-disk",
                                "/usr/libexec/fulcrum/check-disk.sh",
                                List.of(),
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(5),
                                0,
                                1,
                                1));
        assertThat(g.trackVirtualServers()).containsExactly(new VrrpGroup.TrackVirtualServer("vs-web", -50));
        assertThat(g.garp()).isEqualTo(new VrrpGroup.Garp(Duration.ofMillis(1500), 3, Duration.ofMinutes(1), 2));
        assertThat(g.notifications())
                .isEqualTo(new VrrpGroup.Notify(
                        Hook.of("/etc/fulcrum/notify/master.sh"),
                        Hook.of("/etc/fulcrum/notify/backup.sh"),
                        Hook.of("/etc/fulcrum/notify/fault.sh"),
                        Hook.of("/etc/fulcrum/notify/stop.sh")));
        assertThat(g.vmac()).isTrue();
        assertThat(g.connectionSync()).isEqualTo(new VrrpGroup.ConnectionSync("eth2", 7));
        assertThat(g.family()).isEqualTo(Enums.AddressFamily.INET);
    }

    @Test
    void roundTripsAnIpv6VersionThreeGroup() {
        VrrpGroup g = decodeVrrpGroup(ipv6VrrpGroup());

        assertThat(g.advertInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(g.family()).isEqualTo(Enums.AddressFamily.INET6);
        assertThat(decodeVrrpGroup(encode(g, true))).isEqualTo(g);
    }

    @Test
    void roundTripsAnAddressPortVirtualServerWithEveryField() {
        VirtualServer v = decodeVirtualServer(fullInetVirtualServer());

        assertThat(decodeVirtualServer(encode(v, true))).isEqualTo(v);
    }

    @Test
    void decodesEveryFieldOfAnAddressPortVirtualServer() throws Exception {
        VirtualServer v = decodeVirtualServer(fullInetVirtualServer());

        assertThat(v.name()).isEqualTo("vs-web");
        assertThat(v.description()).isEqualTo("HTTPS front of the web tier");
        assertThat(v.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("app", "web", "tier", "front"));
        assertThat(v.service()).isEqualTo(new VirtualServer.InetService(ip("192.168.10.100"), 443, Enums.Protocol.TCP));
        assertThat(v.scheduler()).isEqualTo(Enums.Scheduler.SH);
        assertThat(v.schedulerFlags())
                .containsExactlyInAnyOrder(Enums.SchedulerFlag.SH_PORT, Enums.SchedulerFlag.SH_FALLBACK);
        assertThat(v.forwarding()).isEqualTo(Enums.Forwarding.TUN);
        assertThat(v.tunnel())
                .isEqualTo(new VirtualServer.Tunnel(Enums.TunnelType.GUE, 6080, Enums.TunnelChecksum.REMCSUM));
        assertThat(v.persistence()).isEqualTo(new VirtualServer.Persistence(Duration.ofMinutes(5), 24));
        assertThat(v.onePacket()).isFalse();
        assertThat(v.healthCheck())
                .isEqualTo(new HealthCheck(
                        Enums.CheckType.HTTPS,
                        Duration.ofSeconds(3),
                        Duration.ofMillis(2500),
                        2,
                        Duration.ofMillis(500),
                        2,
                        3,
                        8443,
                        null,
                        ip("192.168.10.2"),
                        true,
                        new HealthCheck.Http(
                                List.of(
                                        new HealthCheck.Url(
                                                "/healthz",
                                                List.of(
                                                        HealthCheck.StatusRange.of(200),
                                                        HealthCheck.StatusRange.of(204)),
                                                "0123456789abcdef0123456789abcdef",
                                                "ok",
                                                "^ok$"),
                                        new HealthCheck.Url("/ready", null, null, null, null)),
                                "www.example.com",
                                "www.example.com",
                                true),
                        null,
                        null,
                        null,
                        null));
        assertThat(v.sorryServer())
                .isEqualTo(new VirtualServer.SorryServer(ip("192.168.20.1"), 8080, Enums.Forwarding.NAT, true));
        assertThat(v.quorum()).isEqualTo(2);
        assertThat(v.hysteresis()).isEqualTo(1);
        assertThat(v.notifyQuorumUp()).isEqualTo(Hook.of("/etc/fulcrum/notify/up.sh"));
        assertThat(v.notifyQuorumDown()).isEqualTo(Hook.of("/etc/fulcrum/notify/down.sh"));
        assertThat(v.omega()).isTrue();
        assertThat(v.vrrpGroup()).isNull();
        assertThat(v.directors()).containsExactly("lb1", "lb2");
        assertThat(v.realServers()).hasSize(2);
    }

    @Test
    void decodesEveryFieldOfARealServer() throws Exception {
        RealServer r =
                decodeVirtualServer(fullInetVirtualServer()).realServers().get(0);

        assertThat(r)
                .isEqualTo(new RealServer(
                        "web-1",
                        "first web server",
                        Map.of("rack", "r4"),
                        ip("10.1.0.11"),
                        8443,
                        3,
                        1000,
                        800,
                        Enums.Forwarding.TUN,
                        new HealthCheck(
                                null,
                                Duration.ofSeconds(10),
                                null,
                                null,
                                null,
                                5,
                                null,
                                9443,
                                null,
                                null,
                                null,
                                new HealthCheck.Http(
                                        List.of(new HealthCheck.Url(
                                                "/rs-health",
                                                List.of(HealthCheck.StatusRange.of(200)),
                                                null,
                                                null,
                                                null)),
                                        null,
                                        null,
                                        null),
                                null,
                                null,
                                null,
                                null),
                        true,
                        Enums.AdminState.DRAINING,
                        Hook.of("/etc/fulcrum/notify/rs-up.sh"),
                        Hook.of("/etc/fulcrum/notify/rs-down.sh")));
    }

    @Test
    void keepsARealServerWithoutPortAndForwardingAsInheriting() throws Exception {
        RealServer r =
                decodeVirtualServer(fullInetVirtualServer()).realServers().get(1);

        assertThat(r)
                .isEqualTo(new RealServer(
                        "web-2",
                        null,
                        Map.of(),
                        ip("10.1.0.12"),
                        null,
                        0,
                        0,
                        0,
                        null,
                        null,
                        false,
                        Enums.AdminState.DISABLED,
                        null,
                        null));
    }

    @Test
    void roundTripsAFirewallMarkVirtualServerWithSmtpDnsUdpAndMiscChecks() throws Exception {
        VirtualServer v = decodeVirtualServer(fullFwmarkVirtualServer());

        assertThat(v.service()).isEqualTo(new VirtualServer.FwmarkService(4_294_967_295L, Enums.AddressFamily.INET6));
        assertThat(v.schedulerFlags())
                .containsExactlyInAnyOrder(Enums.SchedulerFlag.MH_FALLBACK, Enums.SchedulerFlag.MH_PORT);
        assertThat(v.persistence()).isEqualTo(new VirtualServer.Persistence(Duration.ofMinutes(1), null));
        assertThat(v.onePacket()).isTrue();
        assertThat(v.vrrpGroup()).isEqualTo("vg6");
        assertThat(v.realServers())
                .extracting(r -> r.healthCheck().type())
                .containsExactly(Enums.CheckType.SMTP, Enums.CheckType.DNS, Enums.CheckType.UDP, Enums.CheckType.MISC);
        assertThat(v.realServers().get(0).healthCheck().smtp()).isEqualTo(new HealthCheck.Smtp("lb.example.com"));
        assertThat(v.realServers().get(1).healthCheck().dns())
                .isEqualTo(new HealthCheck.Dns(
                        "www.example.com", Enums.DnsType.AAAA, List.of(ip("2001:db8::80"), ip("2001:db8::81"))));
        assertThat(v.realServers().get(2).healthCheck().udp()).isEqualTo(new HealthCheck.Udp("ping", "pong"));
        assertThat(v.realServers().get(3).healthCheck().misc())
                .isEqualTo(new HealthCheck.Misc(
                        "/usr/libexec/fulcrum/check.sh", List.of("--host", "2001:db8:20::4"), true));

        assertThat(decodeVirtualServer(encode(v, true))).isEqualTo(v);
    }

    @Test
    void roundTripsThroughYamlText() throws Exception {
        VirtualServer v = decodeVirtualServer(fullInetVirtualServer());
        // (no string that looks like a number: see exportsStringsThatLookLikeNumbersQuotedInYaml)
        VrrpGroup g = decodeVrrpGroup(set(fullVrrpGroup(), "/trackScripts/0/arguments", List.of("--port", "http-alt")));

        String vsYaml = DocumentCodec.YAML.writeValueAsString(encode(v, true));
        String groupYaml = DocumentCodec.YAML.writeValueAsString(encode(g, true));

        assertThat(decodeVirtualServer(DocumentCodec.parse(vsYaml))).isEqualTo(v);
        assertThat(decodeVrrpGroup(DocumentCodec.parse(groupYaml))).isEqualTo(withoutPassword(g));
    }

    @Test
    void readsYamlAndJsonAlike() {
        String yaml = """
                name: vs1
                address: 192.168.10.100
                port: 80
                scheduler: rr
                realServers:
                  - {name: rs1, address: 10.1.0.11}
                  - {name: rs2, address: 10.1.0.12}
                """;

        assertThat(decodeVirtualServer(DocumentCodec.parse(yaml)))
                .isEqualTo(decodeVirtualServer(set(minimalVirtualServer(), "/scheduler", "rr")));
    }

    @Test
    void reportsTheLineOfAYamlSyntaxError() {
        assertThat(fieldsOf(() -> DocumentCodec.parse("name: [unclosed\nport: 1\n")))
                .containsExactly("");
    }

    @Test
    void decodesARealServerOnItsOwnAgainstItsVirtualServer() throws Exception {
        VirtualServer parent = decodeVirtualServer(minimalVirtualServer());

        RealServer r = decodeRealServer(json("""
                {"name": "rs3", "address": "10.1.0.13", "port": 8080, "adminState": "draining"}"""), parent);

        assertThat(r.address()).isEqualTo(ip("10.1.0.13"));
        assertThat(r.port()).isEqualTo(8080);
        assertThat(r.adminState()).isEqualTo(Enums.AdminState.DRAINING);
        assertThat(decodeRealServer(encode(r), parent)).isEqualTo(r);
    }

    @Test
    void tellsWhetherAVirtualServerCarriesRealServers() {
        assertThat(DocumentCodec.hasRealServers(minimalVirtualServer())).isTrue();
        assertThat(DocumentCodec.hasRealServers(set(minimalVirtualServer(), "/realServers", null)))
                .isFalse();
        assertThat(DocumentCodec.hasRealServers(Fixtures.remove(minimalVirtualServer(), "/realServers")))
                .isFalse();
        assertThat(decodeVirtualServer(Fixtures.remove(minimalVirtualServer(), "/realServers"))
                        .realServers())
                .isEmpty();
    }

    @Test
    void encodesWireSpellingsCanonicalAddressesAndDecimalSeconds() throws Exception {
        ObjectNode in = fullInetVirtualServer();
        set(in, "/healthCheck/http/urls/0/digest", "0123456789ABCDEF0123456789ABCDEF");
        VirtualServer v = decodeVirtualServer(in);

        ObjectNode out = encode(v, true);

        assertThat(out.get("scheduler").asText()).isEqualTo("sh");
        assertThat(out.get("schedulerFlags")).containsExactly(json("\"sh-fallback\""), json("\"sh-port\""));
        assertThat(out.at("/tunnel/checksum").asText()).isEqualTo("remcsum");
        assertThat(out.at("/healthCheck/timeoutSeconds").decimalValue()).isEqualByComparingTo("2.5");
        assertThat(out.at("/healthCheck/http/urls/0/digest").asText()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(out.at("/persistence/timeoutSeconds").asLong()).isEqualTo(300);
        assertThat(out.at("/realServers/0/adminState").asText()).isEqualTo("draining");

        VirtualServer v6 = decodeVirtualServer(set(
                set(minimalVirtualServer(), "/address", "2001:DB8:0:0:0:0:0:0100"),
                "/realServers",
                List.of(Map.of("name", "a", "address", "2001:db8:0:0:1:0:0:1"))));
        ObjectNode out6 = encode(v6, true);
        assertThat(out6.get("address").asText()).isEqualTo("2001:db8::100");
        assertThat(out6.at("/realServers/0/address").asText()).isEqualTo("2001:db8::1:0:0:1");
    }

    @Test
    void encodesDnsRecordTypesInUpperCase() {
        ObjectNode out = encode(decodeVirtualServer(fullFwmarkVirtualServer()), true);

        assertThat(out.at("/realServers/1/healthCheck/dns/type").asText()).isEqualTo("AAAA");
        assertThat(out.get("addressFamily").asText()).isEqualTo("inet6");
        assertThat(out.has("port")).isFalse();
        assertThat(out.has("protocol")).isFalse();
    }

    @Test
    void encodesAVirtualServerWithoutRealServersWhenAsked() {
        VirtualServer v = decodeVirtualServer(minimalVirtualServer());

        assertThat(encode(v, false).has("realServers")).isFalse();
        assertThat(encode(v, true).get("realServers")).hasSize(2);
        assertThat(encode(v.withRealServers(List.of()), true).get("realServers"))
                .isEmpty();
    }

    @Test
    void encodesWholeTensOfSecondsAsPlainNumbers() throws Exception {
        VrrpGroup g = decodeVrrpGroup(set(minimalVrrpGroup(), "/advertIntervalSeconds", 10));

        String json = text(encode(g, false));

        assertThat(json).contains("\"advertIntervalSeconds\":10").doesNotContain("E+");
    }

    @Test
    void exportsStringsThatLookLikeNumbersQuotedInYaml() throws Exception {
        ObjectNode in = set(fullVrrpGroup(), "/labels", Map.of("build", "42", "ratio", "1.5"));
        set(in, "/description", "2024");
        VrrpGroup g = decodeVrrpGroup(in);

        String yaml = DocumentCodec.YAML.writeValueAsString(encode(g, true));

        assertThat(decodeVrrpGroup(DocumentCodec.parse(yaml))).isEqualTo(withoutPassword(g));
        ObjectNode udp = set(fullFwmarkVirtualServer(), "/realServers/2/healthCheck/udp/send", ".inf");
        VirtualServer v = decodeVirtualServer(udp);
        assertThat(decodeVirtualServer(DocumentCodec.parse(DocumentCodec.YAML.writeValueAsString(encode(v, true)))))
                .isEqualTo(v);
    }

    // ------------------------------------------------------------------ secrets

    @Test
    void neverEncodesTheVrrpPassword() throws Exception {
        VrrpGroup g = decodeVrrpGroup(fullVrrpGroup());

        assertThat(text(encode(g, false))).doesNotContain(PASSWORD).doesNotContain("password");
        assertThat(text(encode(g, true))).doesNotContain(PASSWORD).doesNotContain("\"password\"");
        assertThat(DocumentCodec.YAML.writeValueAsString(encode(g, true))).doesNotContain(PASSWORD);
    }

    @Test
    void flagsAStoredPasswordOnlyWhenAsked() {
        VrrpGroup g = decodeVrrpGroup(fullVrrpGroup());

        ObjectNode withFlag = encode(g, true);
        ObjectNode withoutFlag = encode(g, false);

        assertThat(withFlag.at("/authentication/type").asText()).isEqualTo("pass");
        assertThat(withFlag.at("/authentication/passwordSet").isBoolean()).isTrue();
        assertThat(withFlag.at("/authentication/passwordSet").booleanValue()).isTrue();
        assertThat(withoutFlag.get("authentication")).isEqualTo(json("{\"type\": \"pass\"}"));
    }

    @Test
    void flagsAMissingPasswordAsNotSet() {
        ObjectNode in = fullVrrpGroup();
        ((ObjectNode) in.get("authentication")).remove("password");
        VrrpGroup g = decodeVrrpGroup(in);

        assertThat(g.authentication()).isEqualTo(new VrrpGroup.Authentication(Enums.AuthType.PASS, null));
        assertThat(encode(g, true).at("/authentication/passwordSet").booleanValue())
                .isFalse();
    }

    @Test
    void hasNoPasswordFlagForAuthenticationNone() {
        VrrpGroup g = decodeVrrpGroup(set(minimalVrrpGroup(), "/authentication", json("{\"type\": \"none\"}")));

        assertThat(encode(g, true).get("authentication")).isEqualTo(json("{\"type\": \"none\"}"));
    }

    @Test
    void neverShowsTheSecretInToStringOfTheSecretOrTheRecordsAroundIt() {
        Secret s = new Secret(PASSWORD);
        VrrpGroup g = decodeVrrpGroup(fullVrrpGroup());

        assertThat(s.toString()).doesNotContain(PASSWORD);
        assertThat(g.authentication().toString()).doesNotContain(PASSWORD);
        assertThat(g.toString()).doesNotContain(PASSWORD);
        assertThat(s.reveal()).isEqualTo(PASSWORD);
        assertThat(s).isEqualTo(new Secret(PASSWORD)).isNotEqualTo(new Secret("other"));
    }

    @Test
    void neverExportsAPasswordInAConfigurationDocument() throws Exception {
        VrrpGroup g = decodeVrrpGroup(fullVrrpGroup());
        ConfigDocument doc = new ConfigDocument(7L, List.of(), List.of(g), List.of());

        ObjectNode out = encode(doc);

        assertThat(text(out)).doesNotContain(PASSWORD).doesNotContain("password");
        assertThat(DocumentCodec.YAML.writeValueAsString(out)).doesNotContain(PASSWORD);
        assertThat(out.get("apiVersion").asText()).isEqualTo("fulcrum/v1");
        assertThat(out.get("revision").asLong()).isEqualTo(7);
    }

    @Test
    void neverEchoesThePasswordInAnError() {
        ObjectNode in = fullVrrpGroup();
        set(in, "/authentication/password", "toolong-" + PASSWORD);
        set(in, "/vrid", 0);

        var errors = Fixtures.errorsOf(() -> decodeVrrpGroup(in));

        assertThat(errors).extracting(e -> e.field()).containsExactlyInAnyOrder("/authentication/password", "/vrid");
        assertThat(errors.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void aYamlDocumentLargerThanSnakeYamlsDefaultLimitIsRead() {
        StringBuilder yaml = new StringBuilder("apiVersion: fulcrum/v1\nvirtualServers:\n");
        int n = 0;
        while (yaml.length() < 4 * 1024 * 1024) { // SnakeYAML refuses more than 3 MB by default
            yaml.append("- name: vs")
                    .append(n)
                    .append("\n  address: 10.")
                    .append(n / 65536)
                    .append('.')
                    .append(n / 256 % 256)
                    .append('.')
                    .append(n % 256)
                    .append("\n  port: 80\n  directors: [lb1]\n  realServers:\n");
            for (int j = 0; j < 5; j++)
                yaml.append("  - {name: rs")
                        .append(j)
                        .append(", address: 192.168.0.")
                        .append(j + 1)
                        .append("}\n");
            n++;
        }
        ConfigDocument doc = DocumentCodec.decodeDesiredDocument(DocumentCodec.parse(yaml.toString()));
        assertThat(doc.virtualServers()).hasSize(n);
        assertThat(doc.virtualServers().get(n - 1).realServers()).hasSize(5);
    }
}
