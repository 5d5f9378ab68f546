package io.fulcrum.health;

import static io.fulcrum.health.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.health.HealthEvent.QuorumChanged;
import io.fulcrum.health.HealthEvent.RealServerChanged;
import io.fulcrum.health.HealthEvent.SorryServerChanged;
import io.fulcrum.health.decide.Destination;
import io.fulcrum.health.decide.Health;
import io.fulcrum.health.decide.RealServerHealth;
import io.fulcrum.health.spec.HealthConfigException;
import io.fulcrum.model.Enums.CheckType;
import io.fulcrum.model.Enums.DnsType;
import io.fulcrum.model.HealthCheck;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.VirtualServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The health checker against real servers (Python peers) in a network namespace this test creates
 * (fh-it6, 10.231.6.0/24): the director is this JVM, in the host namespace, on the other end of a
 * veth pair. Times are real; every wait is bounded.
 */
class HealthCheckNetnsIT {
    static final String NS = "fh-it6";
    /**
     * How long a change may take to be seen: a window that holds on a loaded machine (the suite runs next to
     * a busy loop per core, bin/fulcrum test --busy). Real time here asserts order and windows; the timing of
     * fall, rise and timeouts is asserted with a fake clock in HealthMonitorTest.
     */
    static final Duration WINDOW = Duration.ofSeconds(20);

    static final String BODY = "hello from fulcrum\n";

    static Netns ns;
    static Path tmp;
    static Path www;
    static Path scripts;
    static String bodyMd5;

    HealthMonitor monitor;
    final Events events = new Events();

    @BeforeAll
    static void network() throws Exception {
        ns = Netns.create(
                NS,
                List.of("10.231.6.1/24", "10.231.6.100/24"),
                "10.231.6.2/24",
                "10.231.6.3/24",
                "10.231.6.4/24",
                "10.231.6.5/24",
                "10.231.6.6/24");
        tmp = Files.createTempDirectory("fh-it");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        www = Files.createDirectory(tmp.resolve("www"));
        Files.writeString(www.resolve("index.html"), BODY);
        bodyMd5 = HexFormat.of()
                .formatHex(MessageDigest.getInstance("MD5").digest(BODY.getBytes(StandardCharsets.UTF_8)));
        scripts = Files.createDirectory(tmp.resolve("scripts"));
        Files.setPosixFilePermissions(scripts, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (ns != null) ns.close();
        if (tmp != null) Netns.run("rm", "-rf", tmp.toString());
    }

    /** One attempt per round, as these timings were written for ({@link Fixtures#vs1}). */
    static VirtualServer vs(String name, int port, HealthCheck hc, RealServer... real) {
        return vs1(name, port, hc, real);
    }

    @BeforeEach
    void start() {
        monitor = HealthMonitor.start(new HealthMonitor.Options(1, scripts, Clock.systemUTC()));
        monitor.addListener(events);
    }

    @AfterEach
    void stop() {
        monitor.close();
    }

    static HealthCheck http(double interval, double timeout, int fall, int rise, HealthCheck.Url... urls) {
        return hc().type(CheckType.HTTP)
                .interval(interval)
                .timeout(timeout)
                .fall(fall)
                .rise(rise)
                .http(new HealthCheck.Http(List.of(urls), null, null, null))
                .build();
    }

    RealServerHealth awaitHealth(String vs, String rs, Predicate<RealServerHealth> p, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        RealServerHealth h = null;
        while (System.nanoTime() < deadline) {
            h = monitor.view().get(vs, rs);
            if (h != null && p.test(h)) return h;
            sleep(50);
        }
        throw new AssertionError(vs + "/" + rs + " did not reach the expected state within " + within + ": " + h);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void aServerThatStopsAnsweringLeavesRotationAfterFallIntervalsAndReturnsAfterRise() {
        VirtualServer v = vs(
                "web",
                8000,
                http(1, 1, 3, 2, url("/", bodyMd5, "fulcrum", "hello.*fulcrum")),
                rs("a", "10.231.6.2", 8000),
                rs("b", "10.231.6.3", 8000));
        Netns.Peer a = ns.start("http", "10.231.6.2", "8000", www.toString());
        try (Netns.Peer b = ns.start("http", "10.231.6.3", "8000", www.toString())) {
            monitor.update(List.of(v));
            awaitHealth("web", "a", h -> h.last() != null && h.last().ok(), Duration.ofSeconds(5));
            assertThat(monitor.view().get("web", "a").last().reason()).isEqualTo("status 200 on /");

            Instant stopped = Instant.now();
            a.close(); // connect refused from now on
            RealServerChanged down =
                    events.await(RealServerChanged.class, e -> e.realServer().equals("a"), WINDOW);
            assertThat(down.health()).isEqualTo(Health.DOWN);
            // fall counted in checks, in order; how long fall intervals take is HealthMonitorTest's (a fake clock)
            assertThat(down.reason()).isEqualTo("connect refused (3 failed checks in a row)");
            assertThat(down.at()).isAfter(stopped);
            assertThat(monitor.view().effectiveDestinations(v).destinations())
                    .extracting(Destination::realServer)
                    .containsExactly("b");

            a = ns.start("http", "10.231.6.2", "8000", www.toString());
            Instant restarted = Instant.now(); // answering from here on
            RealServerChanged up = events.await(
                    RealServerChanged.class, e -> e.realServer().equals("a") && e.health() == Health.UP, WINDOW);
            assertThat(up.reason()).isEqualTo("status 200 on / (2 good checks in a row)");
            assertThat(up.at()).isAfter(restarted);
            assertThat(monitor.view().effectiveDestinations(v).destinations())
                    .extracting(Destination::realServer)
                    .containsExactly("a", "b");
        } finally {
            a.close();
        }
    }

    /** keepalived PING_CHECK: an ICMP echo; an address nobody holds does not answer. */
    @Test
    void aPingCheckSeesWhichAddressesAnswer() {
        monitor.update(List.of(vs(
                "ping",
                80,
                hc().type(CheckType.PING).interval(1).timeout(0.5).retries(0, 0).build(),
                rs("up", "10.231.6.2", 80),
                rs("gone", "10.231.6.77", 80))));

        RealServerHealth up = awaitHealth("ping", "up", h -> h.last() != null, Duration.ofSeconds(5));
        RealServerHealth gone = awaitHealth("ping", "gone", h -> h.last() != null, Duration.ofSeconds(5));
        assertThat(up.last().ok()).as(up.toString()).isTrue();
        assertThat(up.last().reason()).isEqualTo("echo reply");
        assertThat(gone.last().ok()).as(gone.toString()).isFalse();
        assertThat(gone.last().reason()).startsWith("no echo reply within");
    }

    @Test
    void theConnectPortAndBindAddressAreHonoured() {
        try (Netns.Peer a = ns.start("http", "10.231.6.2", "8000", www.toString())) {
            HealthCheck.Url peer = url("/peer", null, "peer=10.231.6.100", null);
            monitor.update(List.of(
                    vs(
                            "bound",
                            80,
                            hc().type(CheckType.HTTP)
                                    .interval(1)
                                    .timeout(1)
                                    .port(8000)
                                    .bind("10.231.6.100")
                                    .http(new HealthCheck.Http(List.of(peer), null, null, null))
                                    .build(),
                            rs("a", "10.231.6.2", 80)),
                    vs(
                            "unbound",
                            80,
                            hc().type(CheckType.HTTP)
                                    .interval(1)
                                    .timeout(1)
                                    .port(8000)
                                    .http(new HealthCheck.Http(List.of(peer), null, null, null))
                                    .build(),
                            rs("a", "10.231.6.2", 80)),
                    vs(
                            "foreign",
                            80,
                            tcp().interval(1)
                                    .timeout(1)
                                    .port(8000)
                                    .bind("10.231.7.1")
                                    .build(),
                            rs("a", "10.231.6.2", 80))));
            Duration within = Duration.ofSeconds(5);
            assertThat(awaitHealth("bound", "a", h -> h.last() != null, within)
                            .last()
                            .reason())
                    .isEqualTo("status 200 on /peer");
            assertThat(events.await(
                                    RealServerChanged.class,
                                    e -> e.virtualServer().equals("unbound"),
                                    within)
                            .reason())
                    .isEqualTo("body of /peer does not contain \"peer=10.231.6.100\"");
            assertThat(events.await(
                                    RealServerChanged.class,
                                    e -> e.virtualServer().equals("foreign"),
                                    within)
                            .reason())
                    .isEqualTo("cannot bind the source address: Cannot assign requested address");
            assertThat(monitor.view().health("bound", "a")).isEqualTo(Health.UP);
        }
    }

    @Test
    void aServerThatHangsLeavesRotationAfterFallIntervalsPlusTheTimeout() {
        VirtualServer v = vs("web", 8000, http(1, 0.5, 2, 1, url("/", null, null, null)), rs("a", "10.231.6.3", 8000));
        try (Netns.Peer a = ns.start("http", "10.231.6.3", "8000", www.toString())) {
            monitor.update(List.of(v));
            awaitHealth("web", "a", h -> h.last() != null && h.last().ok(), Duration.ofSeconds(5));
            Instant hung = Instant.now();
            a.signal("USR1"); // still accepts connections, never answers again
            RealServerChanged down =
                    events.await(RealServerChanged.class, e -> e.realServer().equals("a"), WINDOW);
            // the timeout and fall, by count; their timing is HealthMonitorTest's (a fake clock)
            assertThat(down.reason())
                    .isEqualTo("timeout after 500ms waiting for the response (2 failed checks in a row)");
            assertThat(down.at()).isAfter(hung);
        }
    }

    @Test
    void aServerThatAcceptsButNeverAnswersTimesOut() {
        try (Netns.Peer hang = ns.start("hang", "10.231.6.5", "9000")) {
            monitor.update(List.of(
                    vs("http", 9000, http(1, 0.5, 1, 1, url("/", null, null, null)), rs("h", "10.231.6.5", 9000)),
                    vs(
                            "smtp",
                            9000,
                            hc().type(CheckType.SMTP).interval(1).timeout(0.5).build(),
                            rs("h", "10.231.6.5", 9000)),
                    vs(
                            "https",
                            9000,
                            hc().type(CheckType.HTTPS).interval(1).timeout(0.5).build(),
                            rs("h", "10.231.6.5", 9000)),
                    vs("tcp", 9000, tcp().interval(1).timeout(0.5).build(), rs("h", "10.231.6.5", 9000))));
            assertThat(events.await(
                                    RealServerChanged.class,
                                    e -> e.virtualServer().equals("http"),
                                    Duration.ofSeconds(5))
                            .reason())
                    .isEqualTo("timeout after 500ms waiting for the response");
            assertThat(events.await(
                                    RealServerChanged.class,
                                    e -> e.virtualServer().equals("smtp"),
                                    Duration.ofSeconds(5))
                            .reason())
                    .isEqualTo("timeout after 500ms waiting for the greeting");
            assertThat(events.await(
                                    RealServerChanged.class,
                                    e -> e.virtualServer().equals("https"),
                                    Duration.ofSeconds(5))
                            .reason())
                    .isEqualTo("timeout after 500ms during the TLS handshake");
            // the handshake completes: a TCP check passes
            assertThat(awaitHealth("tcp", "h", h -> h.last() != null, Duration.ofSeconds(5))
                            .last()
                            .reason())
                    .isEqualTo("connected");
            assertThat(monitor.view().health("tcp", "h")).isEqualTo(Health.UP);
        }
    }

    @Test
    void httpStatusDigestAndBodyMismatchesFailWithTheirReason() {
        try (Netns.Peer a = ns.start("http", "10.231.6.2", "8000", www.toString())) {
            String wrong = "0123456789abcdef0123456789abcdef";
            monitor.update(List.of(
                    vs(
                            "good",
                            8000,
                            http(1, 1, 1, 1, url("/", bodyMd5.toUpperCase(), "from fulcrum", "^hello")),
                            rs("a", "10.231.6.2", 8000)),
                    vs(
                            "status",
                            8000,
                            http(1, 1, 1, 1, url("/missing", null, null, null)),
                            rs("a", "10.231.6.2", 8000)),
                    vs(
                            "status-ok",
                            8000,
                            http(1, 1, 1, 1, url("/missing", null, null, null, 404)),
                            rs("a", "10.231.6.2", 8000)),
                    vs("digest", 8000, http(1, 1, 1, 1, url("/", wrong, null, null)), rs("a", "10.231.6.2", 8000)),
                    vs(
                            "body",
                            8000,
                            http(1, 1, 1, 1, url("/", null, "absent text", null)),
                            rs("a", "10.231.6.2", 8000)),
                    vs("regex", 8000, http(1, 1, 1, 1, url("/", null, null, "^goodbye")), rs("a", "10.231.6.2", 8000)),
                    vs(
                            "second-url",
                            8000,
                            http(1, 1, 1, 1, url("/", null, null, null), url("/nope", null, null, null)),
                            rs("a", "10.231.6.2", 8000))));
            Duration within = Duration.ofSeconds(5);
            assertThat(events.await(
                                    RealServerChanged.class,
                                    e -> e.virtualServer().equals("status"),
                                    within)
                            .reason())
                    .isEqualTo("status 404 not in [200-299] on /missing");
            assertThat(events.await(
                                    RealServerChanged.class,
                                    e -> e.virtualServer().equals("digest"),
                                    within)
                            .reason())
                    .isEqualTo("digest mismatch on /: got " + bodyMd5 + ", expected " + wrong);
            assertThat(events.await(
                                    RealServerChanged.class,
                                    e -> e.virtualServer().equals("body"),
                                    within)
                            .reason())
                    .isEqualTo("body of / does not contain \"absent text\"");
            assertThat(events.await(
                                    RealServerChanged.class,
                                    e -> e.virtualServer().equals("regex"),
                                    within)
                            .reason())
                    .isEqualTo("body of / does not match /^goodbye/");
            assertThat(events.await(
                                    RealServerChanged.class,
                                    e -> e.virtualServer().equals("second-url"),
                                    within)
                            .reason())
                    .isEqualTo("status 404 not in [200-299] on /nope");
            assertThat(awaitHealth("good", "a", h -> h.last() != null, within)
                            .last()
                            .reason())
                    .isEqualTo("status 200 on /");
            assertThat(awaitHealth("status-ok", "a", h -> h.last() != null, within)
                            .last()
                            .reason())
                    .isEqualTo("status 404 on /missing");
            assertThat(monitor.view().health("good", "a")).isEqualTo(Health.UP);
            assertThat(monitor.view().health("status-ok", "a")).isEqualTo(Health.UP);
            assertThat(monitor.view().get("digest", "a").health()).isEqualTo(Health.DOWN);
        }
    }

    @Test
    void httpsSendsTheSniAndVerifiesTheCertificateOnlyWhenAsked() throws Exception {
        Path cert = tmp.resolve("cert.pem");
        Path key = tmp.resolve("key.pem");
        Netns.run(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=www.fulcrum.test",
                "-addext",
                "subjectAltName=DNS:www.fulcrum.test",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString());
        try (Netns.Peer s = ns.start("http", "10.231.6.4", "8443", www.toString(), cert.toString(), key.toString())) {
            HealthCheck.Url sni = url("/sni", null, "sni=www.fulcrum.test", null);
            monitor.update(List.of(
                    vs(
                            "tls",
                            8443,
                            hc().type(CheckType.HTTPS)
                                    .interval(1)
                                    .timeout(2)
                                    .http(new HealthCheck.Http(List.of(sni), null, "www.fulcrum.test", null))
                                    .build(),
                            rs("s", "10.231.6.4", 8443)),
                    vs(
                            "vhost",
                            8443,
                            hc().type(CheckType.HTTPS)
                                    .interval(1)
                                    .timeout(2)
                                    .http(new HealthCheck.Http(List.of(sni), "www.fulcrum.test", null, null))
                                    .build(),
                            rs("s", "10.231.6.4", 8443)),
                    vs(
                            "verify",
                            8443,
                            hc().type(CheckType.HTTPS)
                                    .interval(1)
                                    .timeout(2)
                                    .http(new HealthCheck.Http(List.of(sni), null, "www.fulcrum.test", true))
                                    .build(),
                            rs("s", "10.231.6.4", 8443)),
                    vs("plain", 8443, http(1, 2, 1, 1, url("/", null, null, null)), rs("s", "10.231.6.4", 8443))));
            Duration within = Duration.ofSeconds(8);
            assertThat(awaitHealth("tls", "s", h -> h.last() != null, within)
                            .last()
                            .reason())
                    .isEqualTo("status 200 on /sni");
            assertThat(awaitHealth("vhost", "s", h -> h.last() != null, within)
                            .last()
                            .reason())
                    .isEqualTo("status 200 on /sni");
            RealServerChanged verify =
                    events.await(RealServerChanged.class, e -> e.virtualServer().equals("verify"), within);
            assertThat(verify.reason()).startsWith("TLS handshake failed: ").containsIgnoringCase("certification path");
            RealServerChanged plain =
                    events.await(RealServerChanged.class, e -> e.virtualServer().equals("plain"), within);
            assertThat(plain.health()).isEqualTo(Health.DOWN);
            assertThat(monitor.view().health("tls", "s")).isEqualTo(Health.UP);
        }
    }

    @Test
    void smtpNeedsTheGreetingAndAnAnswerToHelo() {
        try (Netns.Peer good = ns.start("smtp", "10.231.6.2", "2525", "220");
                Netns.Peer bad = ns.start("smtp", "10.231.6.3", "2525", "554")) {
            HealthCheck smtp = hc().type(CheckType.SMTP)
                    .interval(1)
                    .timeout(1)
                    .smtp("director.fulcrum.test")
                    .build();
            monitor.update(
                    List.of(vs("mail", 25, smtp, rs("good", "10.231.6.2", 2525), rs("bad", "10.231.6.3", 2525))));
            RealServerChanged down =
                    events.await(RealServerChanged.class, e -> e.realServer().equals("bad"), Duration.ofSeconds(5));
            assertThat(down.reason()).isEqualTo("greeting \"554 smtp.fulcrum.test ESMTP test\" (expected 220)");
            assertThat(awaitHealth("mail", "good", h -> h.last() != null, Duration.ofSeconds(5))
                            .last()
                            .reason())
                    .isEqualTo("greeting 220, HELO 250");
            assertThat(monitor.view().health("mail", "good")).isEqualTo(Health.UP);
        }
    }

    @Test
    void dnsNeedsAnAnswerAndOneOfTheExpectedAddresses() {
        try (Netns.Peer dns = ns.start("dns", "10.231.6.2", "5353", "www.fulcrum.test", "10.231.6.50")) {
            monitor.update(List.of(
                    vs(
                            "dns",
                            5353,
                            hc().type(CheckType.DNS)
                                    .interval(1)
                                    .timeout(1)
                                    .dns("www.fulcrum.test", DnsType.A, List.of(ip("10.231.6.50")))
                                    .build(),
                            rs("ok", "10.231.6.2", 5353)),
                    vs(
                            "dns-wrong",
                            5353,
                            hc().type(CheckType.DNS)
                                    .interval(1)
                                    .timeout(1)
                                    .dns("www.fulcrum.test", DnsType.A, List.of(ip("10.9.9.9")))
                                    .build(),
                            rs("ok", "10.231.6.2", 5353)),
                    vs(
                            "dns-missing",
                            5353,
                            hc().type(CheckType.DNS)
                                    .interval(1)
                                    .timeout(1)
                                    .dns("missing.fulcrum.test", null, null)
                                    .build(),
                            rs("ok", "10.231.6.2", 5353))));
            Duration within = Duration.ofSeconds(5);
            assertThat(awaitHealth("dns", "ok", h -> h.last() != null, within)
                            .last()
                            .reason())
                    .isEqualTo("1 A record for www.fulcrum.test [10.231.6.50]");
            assertThat(events.await(
                                    RealServerChanged.class,
                                    e -> e.virtualServer().equals("dns-wrong"),
                                    within)
                            .reason())
                    .isEqualTo("answer [10.231.6.50] for www.fulcrum.test has none of [10.9.9.9]");
            assertThat(events.await(
                                    RealServerChanged.class,
                                    e -> e.virtualServer().equals("dns-missing"),
                                    within)
                            .reason())
                    .isEqualTo("answer NXDOMAIN for missing.fulcrum.test A");
            assertThat(monitor.view().health("dns", "ok")).isEqualTo(Health.UP);
        }
    }

    @Test
    void udpSendsAndExpectsAndAClosedPortFails() {
        try (Netns.Peer echo = ns.start("udpecho", "10.231.6.2", "7007")) {
            monitor.update(List.of(
                    vs(
                            "echo",
                            7007,
                            hc().type(CheckType.UDP)
                                    .interval(1)
                                    .timeout(1)
                                    .udp("ping fulcrum", "fulcrum")
                                    .build(),
                            rs("e", "10.231.6.2", 7007)),
                    vs(
                            "echo-wrong",
                            7007,
                            hc().type(CheckType.UDP)
                                    .interval(1)
                                    .timeout(1)
                                    .udp("ping fulcrum", "pong")
                                    .build(),
                            rs("e", "10.231.6.2", 7007)),
                    vs(
                            "closed",
                            7008,
                            hc().type(CheckType.UDP)
                                    .interval(1)
                                    .timeout(1)
                                    .udp("ping", null)
                                    .build(),
                            rs("c", "10.231.6.2", 7008))));
            Duration within = Duration.ofSeconds(5);
            assertThat(awaitHealth("echo", "e", h -> h.last() != null, within)
                            .last()
                            .reason())
                    .isEqualTo("reply of 12 bytes");
            assertThat(events.await(
                                    RealServerChanged.class,
                                    e -> e.virtualServer().equals("echo-wrong"),
                                    within)
                            .reason())
                    .isEqualTo("reply \"ping fulcrum\" does not contain \"pong\"");
            assertThat(events.await(
                                    RealServerChanged.class,
                                    e -> e.virtualServer().equals("closed"),
                                    within)
                            .reason())
                    .isEqualTo("port unreachable (ICMP) waiting for a reply");
            assertThat(monitor.view().health("echo", "e")).isEqualTo(Health.UP);
        }
    }

    @Test
    void quorumAndSorryServerFollowRealServersAndSharedChecksRunOnce() {
        HealthCheck check = http(1, 1, 1, 1, url("/", null, null, null));
        VirtualServer q = quorum(vs("q", 8000, check, rs("a", "10.231.6.2", 8000), rs("b", "10.231.6.3", 8000)), 2, 0);
        VirtualServer s = sorry(
                vs("s", 8000, check, rs("a", "10.231.6.2", 8000), rs("b", "10.231.6.3", 8000)),
                "10.231.6.6",
                8000,
                false);
        Netns.Peer a = ns.start("http", "10.231.6.2", "8000", www.toString());
        Netns.Peer b = ns.start("http", "10.231.6.3", "8000", www.toString());
        try {
            monitor.update(List.of(q, s));
            assertThat(monitor.runningChecks()).isEqualTo(2); // a and b, each once for both virtual servers
            awaitHealth("s", "b", h -> h.last() != null && h.last().ok(), Duration.ofSeconds(5));

            b.close();
            QuorumChanged lost =
                    events.await(QuorumChanged.class, e -> e.virtualServer().equals("q"), Duration.ofSeconds(5));
            assertThat(lost.up()).isFalse();
            assertThat(lost.reason()).isEqualTo("live weight 1 < quorum 2 - hysteresis 0");
            // no sorry server to replace it: the live one stays in rotation (keepalived does the same)
            assertThat(monitor.view().effectiveDestinations(q).destinations())
                    .extracting(Destination::realServer)
                    .containsExactly("a");
            assertThat(events.of(SorryServerChanged.class)).isEmpty(); // s still has a

            a.close();
            SorryServerChanged in = events.await(
                    SorryServerChanged.class, e -> e.virtualServer().equals("s"), Duration.ofSeconds(5));
            assertThat(in.active()).isTrue();
            assertThat(monitor.view().effectiveDestinations(s).destinations())
                    .containsExactly(new Destination(null, ip("10.231.6.6"), 8000, null, 1, true));

            a = ns.start("http", "10.231.6.2", "8000", www.toString());
            SorryServerChanged out = events.await(
                    SorryServerChanged.class, e -> e.virtualServer().equals("s") && !e.active(), Duration.ofSeconds(5));
            assertThat(monitor.view().effectiveDestinations(s).destinations())
                    .extracting(Destination::realServer)
                    .containsExactly("a");
            b = ns.start("http", "10.231.6.3", "8000", www.toString());
            QuorumChanged regained = events.await(
                    QuorumChanged.class, e -> e.virtualServer().equals("q") && e.up(), Duration.ofSeconds(5));
            assertThat(regained.aliveWeight()).isEqualTo(2);
            assertThat(out.at()).isBefore(regained.at());
            // each real server's state change was reported once per virtual server
            assertThat(events.of(RealServerChanged.class).stream()
                            .filter(e -> e.realServer().equals("b") && e.health() == Health.DOWN))
                    .extracting(RealServerChanged::virtualServer)
                    .containsExactlyInAnyOrder("q", "s");
        } finally {
            a.close();
            b.close();
        }
    }

    static Path script(String name, String body, String mode) throws Exception {
        Path p = scripts.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    @Test
    void scriptsRunUnprivilegedFromTheAllowedDirectoryOnly() throws Exception {
        script(
                "nobody.sh",
                "[ \"$(id -u)\" = 65534 ] && [ \"$(id -G)\" = 65534 ] && [ \"$1\" = 'two words' ]",
                "rwxr-xr-x");
        script("fail.sh", "exit 1", "rwxr-xr-x");
        script("weight.sh", "exit 9", "rwxr-xr-x");
        Path pidFile = tmp.resolve("slow.pid");
        Files.deleteIfExists(pidFile);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        script("slow.sh", "echo $$ > " + pidFile + "; sleep 30 & wait", "rwxr-xr-x");
        try {
            monitor.update(List.of(
                    vs(
                            "nobody",
                            80,
                            hc().type(CheckType.MISC)
                                    .interval(1)
                                    .timeout(2)
                                    .misc(scripts.resolve("nobody.sh").toString(), false, "two words")
                                    .build(),
                            rs("a", "10.231.6.2", 80)),
                    vs(
                            "fail",
                            80,
                            hc().type(CheckType.MISC)
                                    .interval(1)
                                    .timeout(2)
                                    .misc("fail.sh", false)
                                    .build(),
                            rs("a", "10.231.6.2", 80)),
                    vs(
                            "weight",
                            80,
                            hc().type(CheckType.MISC)
                                    .interval(1)
                                    .timeout(2)
                                    .misc("weight.sh", true)
                                    .build(),
                            weight(rs("a", "10.231.6.2", 80), 100)),
                    vs(
                            "slow",
                            80,
                            hc().type(CheckType.MISC)
                                    .interval(5)
                                    .timeout(1)
                                    .misc("slow.sh", false)
                                    .build(),
                            rs("a", "10.231.6.2", 80))));
            Duration within = Duration.ofSeconds(8);
            assertThat(awaitHealth("nobody", "a", h -> h.last() != null, within)
                            .last()
                            .reason())
                    .isEqualTo("exit status 0");
            assertThat(events.await(
                                    RealServerChanged.class,
                                    e -> e.virtualServer().equals("fail"),
                                    within)
                            .reason())
                    .isEqualTo("exit status 1");
            RealServerChanged w =
                    events.await(RealServerChanged.class, e -> e.virtualServer().equals("weight"), within);
            assertThat(w.weight()).isEqualTo(7);
            assertThat(w.health()).isEqualTo(Health.UP);
            RealServerChanged slow =
                    events.await(RealServerChanged.class, e -> e.virtualServer().equals("slow"), within);
            assertThat(slow.reason()).isEqualTo("timeout after 1s (script killed)");
            // the whole process group is gone: the script and its sleep
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (ProcessHandle.of(pid).isPresent() && System.nanoTime() < deadline) sleep(50);
            assertThat(ProcessHandle.of(pid)).as("the timed-out script").isEmpty();
            // and so is everything it started (zombies waiting for init to reap them do not count)
            String left = "?";
            while (System.nanoTime() < deadline) {
                left = Netns.run("sh", "-c", "ps -o pid=,stat=,cmd= -g " + pid + " | awk '$2 !~ /^Z/' || true")
                        .trim();
                if (left.isEmpty()) break;
                sleep(50);
            }
            assertThat(left).as("processes left in the script's group").isEmpty();
            assertThat(monitor.view().health("nobody", "a")).isEqualTo(Health.UP);
        } finally {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        // refused when the desired state arrives; the running checks are not disturbed
        Files.createSymbolicLink(scripts.resolve("escape.sh"), Path.of("/bin/true"));
        script("group-writable.sh", "exit 0", "rwxrwxr-x");
        var before = monitor.runningChecks();
        for (String refused :
                List.of("/bin/true", "escape.sh", "../scripts/fail.sh", "group-writable.sh", "missing.sh")) {
            assertThatThrownBy(() -> monitor.update(List.of(vs(
                            "evil",
                            80,
                            hc().type(CheckType.MISC).misc(refused, false).build(),
                            rs("a", "10.231.6.2", 80)))))
                    .isInstanceOf(HealthConfigException.class)
                    .hasMessageStartingWith("virtualServers[evil].healthCheck.misc.script: ");
        }
        assertThat(monitor.runningChecks()).isEqualTo(before);
        assertThat(monitor.view().health("nobody", "a")).isEqualTo(Health.UP);
    }
}
