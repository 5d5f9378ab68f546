package io.fulcrum.health.probe;

import static io.fulcrum.health.Fixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.health.spec.CheckSpec;
import io.fulcrum.model.Enums.CheckType;
import io.fulcrum.model.HealthCheck;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of the probes: script verdicts, Host headers. */
class ProbeUnitTest {
    @Test
    void scriptExitCodesFollowMiscDynamic() {
        assertThat(MiscCheck.verdict(0, false)).isEqualTo(ProbeResult.ok("exit status 0"));
        assertThat(MiscCheck.verdict(1, false)).isEqualTo(ProbeResult.fail("exit status 1"));
        assertThat(MiscCheck.verdict(7, false)).isEqualTo(ProbeResult.fail("exit status 7"));
        assertThat(MiscCheck.verdict(1, true)).isEqualTo(ProbeResult.fail("exit status 1"));
        assertThat(MiscCheck.verdict(2, true)).isEqualTo(new ProbeResult(true, "exit status 2: weight 0", 0));
        assertThat(MiscCheck.verdict(255, true)).isEqualTo(new ProbeResult(true, "exit status 255: weight 253", 253));
    }

    static CheckSpec http(String addr, int port, boolean tls, String vhost) {
        return new CheckSpec(
                ip(addr),
                port,
                tls ? CheckType.HTTPS : CheckType.HTTP,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                1,
                Duration.ZERO,
                1,
                1,
                null,
                false,
                new CheckSpec.Http(
                        tls,
                        List.of(new CheckSpec.Url("/", List.of(HealthCheck.StatusRange.of(200)), null, null, null)),
                        vhost,
                        null,
                        false));
    }

    @Test
    void hostHeaderIsTheVirtualHostOrTheAddressWithANonDefaultPort() {
        CheckSpec a = http("10.0.0.1", 80, false, null);
        assertThat(NettyProber.hostHeader(a, (CheckSpec.Http) a.params())).isEqualTo("10.0.0.1");
        CheckSpec b = http("10.0.0.1", 8443, true, "www.example.org");
        assertThat(NettyProber.hostHeader(b, (CheckSpec.Http) b.params())).isEqualTo("www.example.org:8443");
        CheckSpec c = http("2001:db8::1", 443, true, null);
        assertThat(NettyProber.hostHeader(c, (CheckSpec.Http) c.params())).isEqualTo("[2001:db8::1]");
    }
}
