package io.fulcrum.health.spec;

import static io.fulcrum.health.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fulcrum.model.Enums;
import io.fulcrum.model.Enums.CheckType;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.HealthCheck;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.ResourceRef;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.scripts.ScriptPolicy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckSpecsTest {
    static final EnumSet<CheckType> ALL = EnumSet.allOf(CheckType.class);

    static List<CheckSpecs.Planned> resolve(VirtualServer... vs) {
        return CheckSpecs.resolve(List.of(vs), ScriptPolicy.none(), ALL);
    }

    @Test
    void realServerSettingsOverrideTheVirtualServersAndDefaultsFillTheRest() {
        var p = resolve(vs(
                "web",
                80,
                tcp().interval(3).fall(2).build(),
                rs("a", "10.0.0.1", 8080),
                with(
                        rs("b", "10.0.0.2", 80),
                        hc().fall(5).port(81).bind("10.0.0.100").build())));
        CheckSpec a = p.get(0).spec();
        assertThat(a.port()).isEqualTo(8080);
        assertThat(a.interval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(a.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(a.attempts())
                .as("keepalived's default retry 1: one attempt after the first")
                .isEqualTo(2);
        assertThat(a.fall()).isEqualTo(2);
        assertThat(a.rise()).isEqualTo(1);
        assertThat(a.alpha()).isFalse();
        CheckSpec b = p.get(1).spec();
        assertThat(b.fall()).isEqualTo(5);
        assertThat(b.port()).isEqualTo(81);
        assertThat(b.bindAddress()).isEqualTo(ip("10.0.0.100"));
        assertThat(b.interval()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void httpDefaultsToGetSlashExpectingAny2xxAsKeepalived() {
        var s = resolve(vs("web", 80, hc().type(CheckType.HTTP).build(), rs("a", "10.0.0.1", 80)))
                .get(0)
                .spec();
        assertThat(s.params())
                .isEqualTo(new CheckSpec.Http(
                        false,
                        List.of(new CheckSpec.Url(
                                "/", List.of(new HealthCheck.StatusRange(200, 299)), null, null, null)),
                        null,
                        null,
                        false));
    }

    /**
     * keepalived.conf(5): "retry: Retry count to make additional checks if check of an alive server fails";
     * "delay_before_retry ... 3 seconds for HTTP_GET and SSL_GET, and 1 second otherwise"; "connect_ip:
     * Optional IP address to connect to. The default is the realserver IP".
     */
    @Test
    void retriesCountAfterTheFirstAttemptAndHttpWaitsThreeSecondsAsKeepalived() {
        var p = resolve(
                vs("web", 80, hc().type(CheckType.HTTP).build(), rs("a", "10.0.0.1", 80)),
                vs("tcp", 81, tcp().retries(0, 2).build(), rs("a", "10.0.0.1", 81)),
                vs(
                        "other",
                        82,
                        tcp().build(),
                        with(
                                rs("a", "10.0.0.1", 82),
                                hc().connect("10.0.0.9").port(9000).build())));

        assertThat(p.get(0).spec().attempts()).isEqualTo(2);
        assertThat(p.get(0).spec().delayBeforeRetry()).isEqualTo(Duration.ofSeconds(3));
        assertThat(p.get(1).spec().attempts()).as("retry 0: one attempt").isEqualTo(1);
        assertThat(p.get(1).spec().delayBeforeRetry()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.get(2).spec().delayBeforeRetry()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.get(2).spec().address()).isEqualTo(ip("10.0.0.9"));
        assertThat(p.get(2).spec().port()).isEqualTo(9000);
    }

    /** keepalived.conf(5): virtualhost "Overridden by virtualhost config of real server or checker". */
    @Test
    void aRealServersUrlsKeepTheVirtualServersVirtualHost() {
        HealthCheck.Http vsHttp = new HealthCheck.Http(null, "www.example.com", null, null);
        HealthCheck.Http rsHttp =
                new HealthCheck.Http(List.of(new HealthCheck.Url("/rs", null, null, null, null)), null, null, null);
        var s = resolve(vs(
                        "web",
                        80,
                        hc().type(CheckType.HTTP).http(vsHttp).build(),
                        with(rs("a", "10.0.0.1", 80), hc().http(rsHttp).build())))
                .get(0)
                .spec();

        CheckSpec.Http http = (CheckSpec.Http) s.params();
        assertThat(http.virtualHost()).isEqualTo("www.example.com");
        assertThat(http.urls()).extracting(CheckSpec.Url::path).containsExactly("/rs");
    }

    /** keepalived.conf(5) PING_CHECK: "No additional options": no port, even on a fwmark service. */
    @Test
    void aPingCheckNeedsNoPortAndIsRefusedWhereTheDirectorCannotPing() {
        VirtualServer v = vs("web", 80, hc().type(CheckType.PING).build(), rs("a", "10.0.0.1", 80));

        assertThat(resolve(v).get(0).spec().params()).isEqualTo(new CheckSpec.Ping());
        assertThatThrownBy(() -> CheckSpecs.resolve(
                        List.of(v), ScriptPolicy.none(), EnumSet.complementOf(EnumSet.of(CheckType.PING))))
                .isInstanceOf(HealthConfigException.class)
                .hasMessageContaining("raw ICMP socket");
    }

    @Test
    void aRealServerWithoutACheckIsNotCheckedAndADisabledOneIsLeftOut() {
        var p = resolve(vs(
                "web", 80, null, rs("a", "10.0.0.1", 80), admin(rs("b", "10.0.0.2", 80), Enums.AdminState.DISABLED)));
        assertThat(p).hasSize(1);
        assertThat(p.get(0).spec()).isNull();
    }

    @Test
    void identicalChecksInTwoVirtualServersAreEqualSpecs() {
        HealthCheck c = tcp().port(80).build();
        var p = resolve(vs("web", 80, c, rs("a", "10.0.0.1", 80)), vs("alt", 8080, c, rs("a", "10.0.0.1", 80)));
        assertThat(p.get(0).spec()).isEqualTo(p.get(1).spec());
    }

    @Test
    void everyErrorNamesTheFieldWhereItWasSet() {
        VirtualServer v = vs(
                "web",
                80,
                tcp().interval(-2).build(),
                rs("a", "10.0.0.1", 80),
                with(rs("b", "10.0.0.2", 80), hc().timeout(0).rise(0).build()),
                with(
                        rs("c", "10.0.0.3", 80),
                        hc().type(CheckType.HTTP)
                                .http(new HealthCheck.Http(
                                        List.of(url("nope", "xyz", null, "(", 700)), null, "x", null))
                                .build()),
                with(rs("d", "10.0.0.4", 80), hc().type(CheckType.DNS).build()));
        assertThatThrownBy(() -> resolve(v))
                .isInstanceOfSatisfying(
                        HealthConfigException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        new FieldError(
                                                "virtualServers[web].healthCheck.interval",
                                                "must be positive, got PT-2S"),
                                        new FieldError(
                                                "virtualServers[web].realServers[b].healthCheck.timeout",
                                                "must be positive, got PT0S"),
                                        new FieldError(
                                                "virtualServers[web].realServers[b].healthCheck.rise",
                                                "must be at least 1, got 0"),
                                        new FieldError(
                                                "virtualServers[web].realServers[c].healthCheck.http.urls[0].path",
                                                "must start with '/' and contain no spaces or control characters"),
                                        new FieldError(
                                                "virtualServers[web].realServers[c].healthCheck.http.urls[0].statusCodes",
                                                "must be HTTP status codes (100 to 599) or ranges of them, got 700"),
                                        new FieldError(
                                                "virtualServers[web].realServers[c].healthCheck.http.urls[0].digest",
                                                "must be an MD5 digest: 32 hexadecimal digits"),
                                        new FieldError(
                                                "virtualServers[web].realServers[c].healthCheck.http.urls[0].bodyRegex",
                                                "is not a valid regular expression: Unclosed group"),
                                        new FieldError(
                                                "virtualServers[web].realServers[c].healthCheck.http",
                                                "sni and tlsVerify are only used with type https"),
                                        new FieldError(
                                                "virtualServers[web].realServers[d].healthCheck.dns.name",
                                                "is required for type dns (the name to query)")));
    }

    @Test
    void everyErrorCarriesTheResourceWhereItWasSetAndThePointerWithinIt() {
        VirtualServer v = vs(
                "web",
                80,
                tcp().interval(-2).build(),
                rs("a", "10.0.0.1", 80),
                with(rs("b", "10.0.0.2", 80), hc().timeout(0).build()));
        assertThatThrownBy(() -> resolve(v))
                .isInstanceOfSatisfying(
                        HealthConfigException.class,
                        e -> assertThat(e.errors())
                                .extracting(FieldError::object, FieldError::pointer)
                                .containsExactly(
                                        tuple(ResourceRef.virtualServer("web"), "/healthCheck/interval"),
                                        tuple(ResourceRef.realServer("web", "b"), "/healthCheck/timeout")));
    }

    @Test
    void aCheckTypeTheDirectorCannotRunIsRejected() {
        assertThatThrownBy(() -> CheckSpecs.resolve(
                        List.of(vs("web", 80, hc().type(CheckType.SMTP).build(), rs("a", "10.0.0.1", 25))),
                        ScriptPolicy.none(),
                        EnumSet.of(CheckType.TCP)))
                .hasMessage("virtualServers[web].healthCheck.type: check type smtp is not available on this director");
    }

    @Test
    void aFwmarkServiceNeedsAConnectPort() {
        VirtualServer v = vs(
                "web",
                80,
                tcp().build(),
                new RealServer(
                        "a",
                        null,
                        Map.of(),
                        ip("10.0.0.1"),
                        null,
                        1,
                        0,
                        0,
                        null,
                        null,
                        false,
                        Enums.AdminState.ENABLED,
                        null,
                        null));
        VirtualServer fw = new VirtualServer(
                v.name(),
                null,
                v.labels(),
                new VirtualServer.FwmarkService(5, Enums.AddressFamily.INET),
                v.scheduler(),
                v.schedulerFlags(),
                v.forwarding(),
                null,
                null,
                false,
                v.healthCheck(),
                null,
                1,
                0,
                null,
                null,
                false,
                null,
                v.directors(),
                v.realServers());
        assertThatThrownBy(() -> resolve(fw))
                .hasMessageContaining("virtualServers[web].realServers[a].healthCheck.port: is required");
    }
}
