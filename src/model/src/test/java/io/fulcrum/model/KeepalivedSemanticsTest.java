package io.fulcrum.model;

import static io.fulcrum.model.Fixtures.errorsOf;
import static io.fulcrum.model.Fixtures.fieldsOf;
import static io.fulcrum.model.Fixtures.json;
import static io.fulcrum.model.Fixtures.minimalVirtualServer;
import static io.fulcrum.model.Fixtures.minimalVrrpGroup;
import static io.fulcrum.model.Fixtures.remove;
import static io.fulcrum.model.Fixtures.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.model.codec.DocumentCodec;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where Fulcrum claims keepalived's semantics, it has them. Each test quotes keepalived.conf(5) (Debian's
 * keepalived 2.2.7 package) for the behaviour it states.
 */
class KeepalivedSemanticsTest {

    private static HealthCheck http(String vhost, String sni, Boolean verify, List<HealthCheck.Url> urls) {
        return new HealthCheck(
                Enums.CheckType.HTTPS,
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
                new HealthCheck.Http(urls, vhost, sni, verify),
                null,
                null,
                null,
                null);
    }

    /**
     * keepalived.conf(5), virtual_server: "virtualhost: Default VirtualHost string for HTTP_GET or SSL_GET
     * ... Overridden by virtualhost config of real server or checker": a real server's checker that sets
     * only its urls keeps the virtual server's virtualhost, SNI and verification.
     */
    @Test
    void aRealServersHttpBlockIsMergedFieldByFieldOverTheVirtualServers() {
        HealthCheck vs = http("www.example.com", "www.example.com", true, null);
        HealthCheck rs = http(null, null, null, List.of(new HealthCheck.Url("/rs", null, null, null, null)));

        HealthCheck.Http effective = vs.overriddenBy(rs).http();

        assertThat(effective.virtualHost()).isEqualTo("www.example.com");
        assertThat(effective.sni()).isEqualTo("www.example.com");
        assertThat(effective.tlsVerify()).isTrue();
        assertThat(effective.urls()).extracting(HealthCheck.Url::path).containsExactly("/rs");
        assertThat(vs.overriddenBy(http("rs.example.com", null, false, null)).http())
                .as("a field the real server sets wins")
                .isEqualTo(new HealthCheck.Http(null, "rs.example.com", "www.example.com", false));
    }

    /** keepalived.conf(5): "status_code <INTEGER|RANGE> ... eg status_code 200 or status_code 200-299 400-499 503 505". */
    @Test
    void statusCodesTakeRangesAsKeepalivedDoes() {
        ObjectNode in = set(
                minimalVirtualServer(),
                "/healthCheck",
                json("{\"type\": \"http\", \"http\": {\"urls\": [{\"path\": \"/\", \"statusCodes\":"
                        + " [\"200-299\", \"400-499\", 503, \"505\"]}]}}"));

        VirtualServer v = DocumentCodec.decodeVirtualServer(in);

        assertThat(v.healthCheck().http().urls().get(0).statusCodes())
                .containsExactly(
                        new HealthCheck.StatusRange(200, 299),
                        new HealthCheck.StatusRange(400, 499),
                        HealthCheck.StatusRange.of(503),
                        HealthCheck.StatusRange.of(505));
        assertThat(DocumentCodec.encode(v, true)
                        .at("/healthCheck/http/urls/0/statusCodes")
                        .toString())
                .as("stored and exported as ranges, single codes as numbers")
                .isEqualTo("[\"200-299\",\"400-499\",503,505]");
        assertThat(fieldsOf(() -> DocumentCodec.decodeVirtualServer(
                        set(in, "/healthCheck/http/urls/0/statusCodes", List.of("299-200", "600", "2xx")))))
                .containsExactly(
                        "/healthCheck/http/urls/0/statusCodes/0",
                        "/healthCheck/http/urls/0/statusCodes/1",
                        "/healthCheck/http/urls/0/statusCodes/2");
    }

    /** keepalived.conf(5), url: "status_code ... Default is 200-299". */
    @Test
    void anyTwoHundredStatusIsGoodByDefault() {
        assertThat(Defaults.HTTP_STATUS_CODES).containsExactly(new HealthCheck.StatusRange(200, 299));
    }

    /**
     * keepalived.conf(5): "retry: Retry count to make additional checks if check of an alive server
     * fails. Default: 1 unless specified below" (DNS_CHECK 3, MISC_CHECK 0); "delay_before_retry: Defaults
     * to delay_loop for DNS_CHECK, 3 seconds for HTTP_GET and SSL_GET, and 1 second otherwise".
     */
    @Test
    void oneRetryByDefaultAfterThreeSecondsForHttp() {
        assertThat(Defaults.HEALTH_CHECK.retries()).isEqualTo(1);
        Duration loop = Duration.ofSeconds(6);
        assertThat(Defaults.delayBeforeRetry(Enums.CheckType.HTTP, loop)).isEqualTo(Duration.ofSeconds(3));
        assertThat(Defaults.delayBeforeRetry(Enums.CheckType.HTTPS, loop)).isEqualTo(Duration.ofSeconds(3));
        assertThat(Defaults.delayBeforeRetry(Enums.CheckType.TCP, loop)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Defaults.delayBeforeRetry(Enums.CheckType.DNS, loop))
                .as("delay_loop for DNS_CHECK")
                .isEqualTo(loop);
        assertThat(Defaults.retries(Enums.CheckType.DNS))
                .as("DNS_CHECK: the retry default is 3")
                .isEqualTo(3);
        assertThat(Defaults.retries(Enums.CheckType.MISC))
                .as("MISC_CHECK: the retry default is 0")
                .isZero();
        assertThat(Defaults.retries(Enums.CheckType.TCP)).isEqualTo(1);
    }

    /** keepalived.conf(5), L4 protocol "protocol TCP|UDP|SCTP" is accepted on a fwmark virtual_server too. */
    @Test
    void aFwmarkServiceAcceptsAProtocol() {
        ObjectNode in = set(remove(remove(minimalVirtualServer(), "/address"), "/port"), "/fwmark", 7);
        set(in, "/protocol", "udp");

        VirtualServer v = DocumentCodec.decodeVirtualServer(in);

        assertThat(v.service()).isEqualTo(new VirtualServer.FwmarkService(7, Enums.AddressFamily.INET));
    }

    /** keepalived.conf(5), authentication: "Only the first eight (8) characters are used." Refused, saying so. */
    @Test
    void aPasswordOverEightCharactersIsRefusedSayingKeepalivedTruncatesIt() {
        ObjectNode in = set(minimalVrrpGroup(), "/authentication", json("{\"type\": \"pass\"}"));
        set(in, "/authentication/password", "0123456789");

        List<FieldError> errors = errorsOf(() -> DocumentCodec.decodeVrrpGroup(in));

        assertThat(errors).extracting(FieldError::field).containsExactly("/authentication/password");
        assertThat(errors.get(0).message()).contains("first 8").contains("got 10");
    }

    @Test
    void aGroupCarryingTheSameAddressTwiceIsRefused() {
        ObjectNode in = set(
                minimalVrrpGroup(),
                "/virtualAddresses",
                json("[{\"address\": \"192.168.10.100/24\"}, {\"address\": \"192.168.10.100/32\"}]"));

        assertThat(fieldsOf(() -> DocumentCodec.decodeVrrpGroup(in))).containsExactly("/virtualAddresses/1/address");
    }

    /**
     * keepalived.conf(5): "notify_master <STRING>|<QUOTED-STRING>" splits a string into a command line.
     * Fulcrum stores paths: a command line stored as a path would fail only later on the director.
     */
    @Test
    void aCommandLineGivenAsAScriptPathIsRefused() {
        ObjectNode group =
                set(minimalVrrpGroup(), "/notify", json("{\"master\": \"/usr/local/bin/vrrp.sh MASTER VI_1\"}"));
        ObjectNode check = set(
                minimalVirtualServer(),
                "/healthCheck",
                json("{\"type\": \"misc\", \"misc\": {\"script\": \"/usr/local/bin/check.sh 10.0.0.1\"}}"));

        List<FieldError> errors = errorsOf(() -> DocumentCodec.decodeVrrpGroup(group));

        assertThat(errors).extracting(FieldError::field).containsExactly("/notify/master");
        assertThat(errors.get(0).message()).contains("not a command line");
        assertThat(fieldsOf(() -> DocumentCodec.decodeVirtualServer(check)))
                .containsExactly("/healthCheck/misc/script");
        VirtualServer withArgs = DocumentCodec.decodeVirtualServer(set(
                minimalVirtualServer(),
                "/healthCheck",
                json("{\"type\": \"misc\", \"misc\": {\"script\": \"/usr/local/bin/check.sh\","
                        + " \"arguments\": [\"10.0.0.1\"]}}")));
        assertThat(withArgs.healthCheck().misc().arguments()).containsExactly("10.0.0.1");
    }

    /** keepalived.conf(5) checkers: "connect_ip <IPADDR>: Optional IP address to connect to. The default is the realserver IP". */
    @Test
    void aCheckMayProbeAnotherAddress() throws Exception {
        VirtualServer v = DocumentCodec.decodeVirtualServer(set(
                minimalVirtualServer(),
                "/healthCheck",
                json("{\"type\": \"tcp\", \"connectAddress\": \"10.9.0.1\", \"port\": 8080}")));

        assertThat(v.healthCheck().connectAddress()).isEqualTo(InetAddress.getByName("10.9.0.1"));
        assertThat(DocumentCodec.encode(v, true)
                        .at("/healthCheck/connectAddress")
                        .asText())
                .isEqualTo("10.9.0.1");
    }

    @Test
    void aLongListOfStatusCodesIsStoredAsRanges() {
        List<Object> codes = new ArrayList<>();
        codes.add("200-299");
        for (int c = 300; c < 399; c++) codes.add(c);
        ObjectNode in = set(
                minimalVirtualServer(),
                "/healthCheck",
                json("{\"type\": \"http\", \"http\": {\"urls\": [{\"path\": \"/\"}]}}"));

        assertThat(DocumentCodec.decodeVirtualServer(set(in, "/healthCheck/http/urls/0/statusCodes", codes))
                        .healthCheck()
                        .http()
                        .urls()
                        .get(0)
                        .statusCodes())
                .hasSize(100);
    }
}
