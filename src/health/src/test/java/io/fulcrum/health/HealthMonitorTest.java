package io.fulcrum.health;

import static io.fulcrum.health.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fulcrum.health.HealthEvent.QuorumChanged;
import io.fulcrum.health.HealthEvent.RealServerChanged;
import io.fulcrum.health.HealthEvent.SorryServerChanged;
import io.fulcrum.health.decide.Destination;
import io.fulcrum.health.decide.Health;
import io.fulcrum.health.decide.RealServerRef;
import io.fulcrum.health.probe.ProbeResult;
import io.fulcrum.health.probe.Prober;
import io.fulcrum.health.schedule.LoopTimer;
import io.fulcrum.health.spec.CheckSpec;
import io.fulcrum.health.spec.HealthConfigException;
import io.fulcrum.model.Enums;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.HealthCheck;
import io.fulcrum.model.Hook;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.scripts.ScriptPolicy;
import io.netty.util.concurrent.DefaultEventExecutor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The health monitor's decisions on a fake clock and a fake network: no sleeping, exact times. Events
 * are delivered on the fake timer's thread (the listener thread has tests of its own).
 */
class HealthMonitorTest {
    /** One attempt per round, as these timings were written for ({@link Fixtures#vs1}). */
    static VirtualServer vs(String name, int port, HealthCheck hc, RealServer... real) {
        return vs1(name, port, hc, real);
    }

    final FakeTimer timer = new FakeTimer();
    final FakeProber prober = new FakeProber(timer);
    final List<HealthEvent> events = new ArrayList<>();
    final HealthMonitor monitor = new HealthMonitor(timer, prober, ScriptPolicy.none(), EventDispatcher.direct());

    {
        monitor.addListener(events::add);
    }

    @AfterEach
    void close() {
        monitor.close();
    }

    static Duration s(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    Instant lastProbe(String endpoint) {
        List<FakeProber.Call> c = prober.callsTo(endpoint);
        assertThat(c).as("probes of " + endpoint).isNotEmpty();
        return c.get(c.size() - 1).at();
    }

    List<RealServerChanged> changes(String rs) {
        return events.stream()
                .filter(e -> e instanceof RealServerChanged r && r.realServer().equals(rs))
                .map(e -> (RealServerChanged) e)
                .toList();
    }

    <T extends HealthEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void serverThatRefusesGoesDownExactlyFallIntervalsAfterItsLastGoodCheck() {
        VirtualServer v = vs(
                "web",
                80,
                tcp().interval(2).timeout(1).fall(3).build(),
                rs("a", "10.0.0.1", 80),
                rs("b", "10.0.0.2", 80));
        monitor.update(List.of(v));
        timer.advance(s(10));
        prober.refuse("10.0.0.1:80");
        Instant lastGood = lastProbe("10.0.0.1:80");
        timer.advance(s(20));

        assertThat(changes("a")).hasSize(1);
        RealServerChanged down = changes("a").get(0);
        assertThat(down.health()).isEqualTo(Health.DOWN);
        assertThat(down.at()).isEqualTo(lastGood.plus(s(3 * 2)));
        assertThat(down.reason()).isEqualTo("connect refused (3 failed checks in a row)");
        assertThat(down.port()).isEqualTo(80);
        assertThat(monitor.view().health("web", "a")).isEqualTo(Health.DOWN);
        assertThat(monitor.view().health("web", "b")).isEqualTo(Health.UP);
        assertThat(monitor.view().effectiveDestinations(v).destinations())
                .extracting(Destination::realServer)
                .containsExactly("b");
    }

    @Test
    void serverThatHangsGoesDownAfterFallIntervalsPlusTheTimeout() {
        monitor.update(
                List.of(vs("web", 80, tcp().interval(2).timeout(1.5).fall(3).build(), rs("a", "10.0.0.1", 80))));
        timer.advance(s(10));
        prober.hang("10.0.0.1:80");
        Instant lastGood = lastProbe("10.0.0.1:80");
        timer.advance(s(20));

        RealServerChanged down = changes("a").get(0);
        assertThat(down.at()).isEqualTo(lastGood.plus(s(3 * 2 + 1.5)));
        assertThat(down.last().ok()).isFalse();
        assertThat(down.last().took()).isEqualTo(s(1.5));
    }

    @Test
    void downServerComesBackAfterRiseGoodChecksInARow() {
        monitor.update(List.of(
                vs("web", 80, tcp().interval(1).timeout(0.5).fall(1).rise(3).build(), rs("a", "10.0.0.1", 80))));
        timer.advance(s(3));
        prober.refuse("10.0.0.1:80");
        timer.advance(s(3));
        assertThat(monitor.view().health("web", "a")).isEqualTo(Health.DOWN);

        prober.up("10.0.0.1:80");
        // one bad round in the middle restarts the count
        timer.advance(s(1.0));
        Instant firstGood = lastProbe("10.0.0.1:80");
        prober.then("10.0.0.1:80", ProbeResult.ok("connected"), ProbeResult.fail("connect refused"));
        timer.advance(s(10));

        RealServerChanged up = changes("a").get(1);
        assertThat(up.health()).isEqualTo(Health.UP);
        // firstGood (good), +1 good (sequence), +2 failed (sequence), +3 +4 +5 good: up on the third
        assertThat(up.at()).isEqualTo(firstGood.plus(s(5)));
        assertThat(up.reason()).isEqualTo("connected (3 good checks in a row)");
    }

    @Test
    void retriesWithDelayBeforeRetryMakeOneFailedRound() {
        monitor.update(List.of(vs(
                "web", 80, tcp().interval(10).timeout(1).retries(2, 0.5).fall(1).build(), rs("a", "10.0.0.1", 80))));
        timer.advance(s(10));
        prober.refuse("10.0.0.1:80");
        int before = prober.callsTo("10.0.0.1:80").size();
        Instant lastGood = lastProbe("10.0.0.1:80");
        timer.advance(s(10));

        List<Instant> attempts = prober.callsTo("10.0.0.1:80").subList(before, before + 3).stream()
                .map(FakeProber.Call::at)
                .toList();
        Instant roundStart = lastGood.plus(s(10));
        assertThat(attempts).containsExactly(roundStart, roundStart.plus(s(0.5)), roundStart.plus(s(1)));
        RealServerChanged down = changes("a").get(0);
        assertThat(down.at()).isEqualTo(roundStart.plus(s(1)));
        assertThat(down.last().attempts()).isEqualTo(3);
        assertThat(down.reason()).isEqualTo("connect refused (3 attempts)");
    }

    @Test
    void aGoodAttemptWithinTheRetriesKeepsTheServerUp() {
        monitor.update(List.of(vs(
                "web", 80, tcp().interval(5).timeout(1).retries(2, 0.5).fall(1).build(), rs("a", "10.0.0.1", 80))));
        prober.then(
                "10.0.0.1:80",
                ProbeResult.fail("connect refused"),
                ProbeResult.fail("connect refused"),
                ProbeResult.ok("connected"));
        timer.advance(s(30));
        assertThat(changes("a")).isEmpty();
        assertThat(monitor.view().get("web", "a").last().ok()).isTrue();
    }

    @Test
    void alphaServerStartsDownAndSorryServerIsInUntilItHasRisen() {
        VirtualServer v = sorry(
                vs("web", 80, tcp().interval(1).timeout(0.5).rise(2).alpha(true).build(), rs("a", "10.0.0.1", 80)),
                "10.9.9.9",
                80,
                false);
        monitor.update(List.of(v));
        assertThat(monitor.view().health("web", "a")).isEqualTo(Health.DOWN);
        assertThat(monitor.view().get("web", "a").reason()).isEqualTo("alpha: down until checked");
        assertThat(events).hasSize(2);
        assertThat(((QuorumChanged) events.get(0)).up()).isFalse();
        assertThat(((SorryServerChanged) events.get(1)).active()).isTrue();
        assertThat(monitor.view().effectiveDestinations(v).destinations())
                .containsExactly(new Destination(null, ip("10.9.9.9"), 80, null, 1, true));

        timer.advance(s(1));
        Instant first = prober.callsTo("10.0.0.1:80").get(0).at();
        timer.advance(s(5));
        RealServerChanged up = changes("a").get(0);
        assertThat(up.at()).isEqualTo(first.plus(s(1)));
        assertThat(of(QuorumChanged.class)).extracting(QuorumChanged::up).containsExactly(false, true);
        assertThat(of(SorryServerChanged.class))
                .extracting(SorryServerChanged::active)
                .containsExactly(true, false);
        assertThat(monitor.view().effectiveDestinations(v).destinations())
                .extracting(Destination::realServer)
                .containsExactly("a");
    }

    @Test
    void inhibitOnFailureKeepsTheDownServerWithWeightZero() {
        VirtualServer v = vs(
                "web",
                80,
                tcp().interval(1).timeout(0.5).build(),
                weight(inhibit(rs("a", "10.0.0.1", 80)), 5),
                weight(rs("b", "10.0.0.2", 80), 3));
        monitor.update(List.of(v));
        timer.advance(s(2));
        prober.refuse("10.0.0.1:80");
        prober.refuse("10.0.0.2:80");
        timer.advance(s(2));
        prober.up("10.0.0.2:80");
        timer.advance(s(2));
        assertThat(monitor.view().effectiveDestinations(v).destinations())
                .extracting(Destination::realServer, Destination::weight)
                .containsExactly(Tuple.tuple("a", 0), Tuple.tuple("b", 3));
    }

    @Test
    void quorumIsLostAndRegainedWithHysteresis() {
        // quorum 2 ± 1: lost below 1 live weight, regained at 3
        VirtualServer v = quorum(
                vs(
                        "web",
                        80,
                        tcp().interval(1).timeout(0.5).build(),
                        rs("a", "10.0.0.1", 80),
                        rs("b", "10.0.0.2", 80),
                        rs("c", "10.0.0.3", 80)),
                2,
                1);
        monitor.update(List.of(v));
        timer.advance(s(2));
        prober.refuse("10.0.0.1:80");
        prober.refuse("10.0.0.2:80");
        timer.advance(s(2));
        assertThat(of(QuorumChanged.class)).isEmpty(); // live weight 1 is not below 2 - 1
        prober.refuse("10.0.0.3:80");
        timer.advance(s(2));
        assertThat(of(QuorumChanged.class)).hasSize(1);
        QuorumChanged lost = of(QuorumChanged.class).get(0);
        assertThat(lost.up()).isFalse();
        assertThat(lost.aliveWeight()).isZero();
        assertThat(lost.notifyHook()).isEqualTo(Hook.of("/etc/fulcrum/scripts/quorum-down"));
        assertThat(lost.reason()).isEqualTo("live weight 0 < quorum 2 - hysteresis 1");
        // without quorum and without a sorry server, the live servers stay in (keepalived removes them
        // only to make room for a sorry server)
        prober.up("10.0.0.1:80");
        prober.up("10.0.0.2:80");
        timer.advance(s(2));
        assertThat(of(QuorumChanged.class)).hasSize(1); // live weight 2 is not 2 + 1
        assertThat(monitor.view().effectiveDestinations(v).destinations())
                .extracting(Destination::realServer)
                .containsExactly("a", "b");
        prober.up("10.0.0.3:80");
        timer.advance(s(2));
        QuorumChanged regained = of(QuorumChanged.class).get(1);
        assertThat(regained.up()).isTrue();
        assertThat(regained.notifyHook()).isEqualTo(Hook.of("/etc/fulcrum/scripts/quorum-up"));
        assertThat(monitor.view().effectiveDestinations(v).destinations()).hasSize(3);
    }

    @Test
    void sorryServerGoesInWhenNoRealServerIsUpAndOutWhenOneReturns() {
        VirtualServer v = sorry(
                vs("web", 80, tcp().interval(1).timeout(0.5).build(), rs("a", "10.0.0.1", 80), rs("b", "10.0.0.2", 80)),
                "10.9.9.9",
                8080,
                false);
        monitor.update(List.of(v));
        timer.advance(s(2));
        prober.refuse("10.0.0.1:80");
        timer.advance(s(2));
        assertThat(of(SorryServerChanged.class)).isEmpty();
        prober.refuse("10.0.0.2:80");
        timer.advance(s(2));
        assertThat(of(SorryServerChanged.class)).hasSize(1);
        SorryServerChanged in = of(SorryServerChanged.class).get(0);
        assertThat(in.active()).isTrue();
        assertThat(in.port()).isEqualTo(8080);
        assertThat(monitor.view().effectiveDestinations(v).destinations())
                .containsExactly(new Destination(null, ip("10.9.9.9"), 8080, null, 1, true));
        assertThat(monitor.view().virtualServers().get("web").sorryServerActive())
                .isTrue();

        prober.up("10.0.0.2:80");
        timer.advance(s(2));
        assertThat(of(SorryServerChanged.class))
                .extracting(SorryServerChanged::active)
                .containsExactly(true, false);
        assertThat(monitor.view().effectiveDestinations(v).destinations())
                .extracting(Destination::realServer)
                .containsExactly("b");
        // events in order: a down, b down, quorum lost, sorry in, b up, quorum regained, sorry out
        assertThat(events)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly(
                        "RealServerChanged",
                        "RealServerChanged",
                        "QuorumChanged",
                        "SorryServerChanged",
                        "RealServerChanged",
                        "QuorumChanged",
                        "SorryServerChanged");
    }

    @Test
    void aNewDocumentKeepsDownServersDownAndUpServersUp() {
        HealthCheck check = tcp().interval(1).timeout(0.5).fall(2).build();
        monitor.update(List.of(vs("web", 80, check, rs("a", "10.0.0.1", 80), rs("b", "10.0.0.2", 80))));
        timer.advance(s(2));
        prober.refuse("10.0.0.1:80");
        timer.advance(s(3));
        assertThat(monitor.view().health("web", "a")).isEqualTo(Health.DOWN);
        int eventsBefore = events.size();

        // the same checks plus a new real server: nothing about a or b changes
        monitor.update(List.of(
                vs("web", 80, check, rs("a", "10.0.0.1", 80), rs("b", "10.0.0.2", 80), rs("c", "10.0.0.3", 80))));
        assertThat(monitor.view().health("web", "a")).isEqualTo(Health.DOWN);
        // a changed schedule and alpha: a stays down, b stays up (alpha applies to new servers only)
        monitor.update(List.of(vs(
                "web",
                80,
                tcp().interval(3).timeout(0.5).fall(2).alpha(true).build(),
                rs("a", "10.0.0.1", 80),
                rs("b", "10.0.0.2", 80))));
        assertThat(monitor.view().health("web", "a")).isEqualTo(Health.DOWN);
        assertThat(monitor.view().health("web", "b")).isEqualTo(Health.UP);
        assertThat(monitor.view().get("web", "a").reason()).startsWith("connect refused");
        assertThat(events).hasSize(eventsBefore);

        // the new schedule is in force: 3 s between probes
        int n = prober.callsTo("10.0.0.2:80").size();
        timer.advance(s(9));
        List<FakeProber.Call> later = prober.callsTo("10.0.0.2:80")
                .subList(n, prober.callsTo("10.0.0.2:80").size());
        assertThat(later).hasSize(3);
        assertThat(Duration.between(later.get(0).at(), later.get(1).at())).isEqualTo(s(3));
    }

    @Test
    void identicalChecksOfOneRealServerInSeveralVirtualServersRunOnce() {
        HealthCheck check = tcp().interval(1).timeout(0.5).port(80).build();
        monitor.update(List.of(
                vs("web", 80, check, rs("a", "10.0.0.1", 80)), vs("web-alt", 8080, check, rs("a1", "10.0.0.1", 80))));
        assertThat(monitor.runningChecks()).isEqualTo(1);
        timer.advance(s(10));
        assertThat(prober.callsTo("10.0.0.1:80")).hasSize(10);
        prober.refuse("10.0.0.1:80");
        timer.advance(s(1));
        assertThat(of(RealServerChanged.class))
                .extracting(RealServerChanged::virtualServer, RealServerChanged::realServer)
                .containsExactly(Tuple.tuple("web", "a"), Tuple.tuple("web-alt", "a1"));
        assertThat(of(RealServerChanged.class).get(0).at())
                .isEqualTo(of(RealServerChanged.class).get(1).at());
    }

    @Test
    void differentChecksOfOneRealServerRunSeparately() {
        monitor.update(List.of(
                vs("web", 80, tcp().interval(1).build(), rs("a", "10.0.0.1", 80)),
                vs("web-slow", 80, tcp().interval(2).build(), rs("a", "10.0.0.1", 80))));
        assertThat(monitor.runningChecks()).isEqualTo(2);
    }

    @Test
    void removedChecksStop() {
        monitor.update(List.of(vs("web", 80, tcp().interval(1).build(), rs("a", "10.0.0.1", 80))));
        timer.advance(s(3));
        int n = prober.calls.size();
        monitor.update(List.of());
        timer.advance(s(10));
        assertThat(prober.calls).hasSize(n);
        assertThat(monitor.view().realServers()).isEmpty();
        assertThat(monitor.runningChecks()).isZero();
    }

    @Test
    void aRoundLongerThanTheIntervalDelaysTheNextOneToTheFollowingTick() {
        monitor.update(List.of(vs("web", 80, tcp().interval(1).timeout(2.5).build(), rs("a", "10.0.0.1", 80))));
        prober.hang("10.0.0.1:80");
        timer.advance(s(10));
        List<Instant> at =
                prober.callsTo("10.0.0.1:80").stream().map(FakeProber.Call::at).toList();
        assertThat(Duration.between(at.get(0), at.get(1))).isEqualTo(s(3));
        assertThat(Duration.between(at.get(1), at.get(2))).isEqualTo(s(3));
    }

    @Test
    void checksAreSpreadOverTheIntervalNotFiredInOneBurst() {
        List<RealServer> servers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) servers.add(rs("r" + i, "10.1." + (i / 250) + "." + (i % 250 + 1), 80));
        monitor.update(List.of(vs("big", 80, tcp().interval(1).build(), servers.toArray(RealServer[]::new))));
        timer.advance(s(1));
        int[] buckets = new int[10];
        for (FakeProber.Call c : prober.calls) {
            long ms = Duration.between(FakeTimer.T0, c.at()).toMillis();
            buckets[(int) (ms / 100)]++;
        }
        assertThat(prober.calls).hasSize(1000);
        for (int b : buckets)
            assertThat(b).as("checks started in each 100 ms of the interval").isBetween(60, 140);
    }

    @Test
    void checksDelayedByAStalledLoopReturnToTheirOwnPhase() {
        List<RealServer> servers = new ArrayList<>();
        for (int i = 0; i < 50; i++) servers.add(rs("r" + i, "10.2.0." + (i + 1), 80));
        monitor.update(List.of(vs("big", 80, tcp().interval(1).build(), servers.toArray(RealServer[]::new))));
        timer.advance(s(2));
        List<Long> phases = prober.calls.subList(50, 100).stream()
                .map(c -> c.at().getNano() / 1_000_000L)
                .sorted()
                .toList();
        timer.stall(s(2.5)); // every check due in these 2.5 s runs at once, late
        prober.calls.clear();
        timer.advance(s(1.0)); // (4.5 s, 5.5 s]: one tick of every check
        assertThat(prober.calls.stream()
                        .map(c -> c.at().getNano() / 1_000_000L)
                        .sorted()
                        .toList())
                .isEqualTo(phases);
    }

    @Test
    void realServerNotifyScriptsComeWithTheirChange() {
        RealServer a = rs("a", "10.0.0.1", 80);
        a = new RealServer(
                a.name(),
                null,
                a.labels(),
                a.address(),
                a.port(),
                1,
                0,
                0,
                null,
                null,
                false,
                Enums.AdminState.ENABLED,
                Hook.of("/etc/fulcrum/scripts/up"),
                Hook.of("/etc/fulcrum/scripts/down"));
        monitor.update(List.of(vs("web", 80, tcp().interval(1).build(), a)));
        prober.refuse("10.0.0.1:80");
        timer.advance(s(1));
        prober.up("10.0.0.1:80");
        timer.advance(s(1));
        assertThat(changes("a"))
                .extracting(RealServerChanged::notifyHook)
                .containsExactly(Hook.of("/etc/fulcrum/scripts/down"), Hook.of("/etc/fulcrum/scripts/up"));
    }

    @Test
    void dynamicWeightIsReportedAndProgrammed() {
        VirtualServer v = vs("web", 80, tcp().interval(1).build(), weight(rs("a", "10.0.0.1", 80), 10));
        monitor.update(List.of(v));
        prober.answer("10.0.0.1:80", new ProbeResult(true, "exit status 9: weight 7", 7));
        timer.advance(s(1));
        RealServerChanged w = changes("a").get(0);
        assertThat(w.health()).isEqualTo(Health.UP);
        assertThat(w.weight()).isEqualTo(7);
        assertThat(monitor.view().effectiveDestinations(v).destinations())
                .extracting(Destination::weight)
                .containsExactly(7);
        prober.answer("10.0.0.1:80", ProbeResult.ok("exit status 0"));
        timer.advance(s(1));
        assertThat(changes("a").get(1).weight()).isNull();
        assertThat(monitor.view().effectiveDestinations(v).destinations())
                .extracting(Destination::weight)
                .containsExactly(10);
    }

    @Test
    void realServersWithoutACheckAreAlwaysUpAndDisabledOnesAreNotChecked() {
        VirtualServer v = vs(
                "web",
                80,
                null,
                rs("a", "10.0.0.1", 80),
                with(admin(rs("b", "10.0.0.2", 80), Enums.AdminState.DISABLED), tcp().build()));
        monitor.update(List.of(v));
        timer.advance(s(20));
        assertThat(prober.calls).isEmpty();
        assertThat(monitor.view().get("web", "a").checked()).isFalse();
        assertThat(monitor.view().get("web", "a").health()).isEqualTo(Health.UP);
        assertThat(monitor.view().get("web", "b")).isNull();
        assertThat(monitor.view().effectiveDestinations(v).destinations())
                .extracting(Destination::realServer)
                .containsExactly("a");
    }

    @Test
    void badConfigurationIsRejectedWithTheFieldAndChangesNothing() {
        VirtualServer good = vs("web", 80, tcp().interval(1).build(), rs("a", "10.0.0.1", 80));
        monitor.update(List.of(good));
        timer.advance(s(3));
        prober.refuse("10.0.0.1:80");
        timer.advance(s(1));
        var before = monitor.view();
        int probes = prober.calls.size();

        assertThatThrownBy(() ->
                        monitor.update(List.of(vs("web", 80, tcp().interval(-1).build(), rs("a", "10.0.0.1", 80)))))
                .isInstanceOf(HealthConfigException.class)
                .hasMessage("virtualServers[web].healthCheck.interval: must be positive, got PT-1S");
        assertThatThrownBy(() -> monitor.update(List.of(
                        good,
                        vs(
                                "api",
                                81,
                                tcp().build(),
                                with(rs("x", "10.0.0.5", 81), hc().fall(0).build()),
                                with(
                                        rs("y", "10.0.0.6", 81),
                                        hc().type(Enums.CheckType.MISC)
                                                .misc("/etc/fulcrum/scripts/check", false)
                                                .build())))))
                .isInstanceOfSatisfying(
                        HealthConfigException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        new FieldError(
                                                "virtualServers[api].realServers[x].healthCheck.fall",
                                                "must be at least 1, got 0"),
                                        new FieldError(
                                                "virtualServers[api].realServers[y].healthCheck.misc.script",
                                                "scripts are not allowed on this director (no allowed script directory is configured)")));

        // nothing changed: same verdicts, same cadence
        assertThat(monitor.view()).isEqualTo(before);
        timer.advance(s(5));
        assertThat(prober.calls).hasSize(probes + 5);
    }

    @Test
    void omegaReportsQuorumDownOnShutdownAndOnRemoval() {
        monitor.update(List.of(
                omega(vs("web", 80, tcp().build(), rs("a", "10.0.0.1", 80))),
                omega(vs("api", 81, tcp().build(), rs("b", "10.0.0.2", 81))),
                vs("plain", 82, tcp().build(), rs("c", "10.0.0.3", 82))));
        monitor.update(List.of(
                omega(vs("web", 80, tcp().build(), rs("a", "10.0.0.1", 80))),
                vs("plain", 82, tcp().build(), rs("c", "10.0.0.3", 82))));
        monitor.close();
        assertThat(of(QuorumChanged.class))
                .extracting(QuorumChanged::virtualServer, QuorumChanged::up, QuorumChanged::reason)
                .containsExactly(
                        Tuple.tuple("api", false, "omega: virtual server removed"),
                        Tuple.tuple("web", false, "omega: shutting down"));
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheOthers() {
        List<HealthEvent> seen = new ArrayList<>();
        monitor.addListener(e -> {
            throw new IllegalStateException("broken listener");
        });
        monitor.addListener(seen::add);
        monitor.update(List.of(vs("web", 80, tcp().interval(1).build(), rs("a", "10.0.0.1", 80))));
        prober.refuse("10.0.0.1:80");
        timer.advance(s(2));
        assertThat(seen)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("RealServerChanged", "QuorumChanged");
    }

    @Test
    void viewAndRunningChecksAnswerWhileTheEventLoopIsStuck() throws Exception {
        DefaultEventExecutor loop = new DefaultEventExecutor();
        Prober up = new Prober() {
            @Override
            public CompletableFuture<ProbeResult> probe(CheckSpec spec) {
                return CompletableFuture.completedFuture(ProbeResult.ok("connected"));
            }

            @Override
            public Set<Enums.CheckType> types() {
                return EnumSet.allOf(Enums.CheckType.class);
            }
        };
        CountDownLatch stuck = new CountDownLatch(1);
        HealthMonitor m = new HealthMonitor(new LoopTimer(loop, Clock.systemUTC()), up, ScriptPolicy.none());
        try {
            m.update(List.of(
                    vs("web", 80, tcp().interval(60).build(), rs("a", "10.0.0.1", 80), rs("b", "10.0.0.2", 80))));
            loop.execute(() -> {
                try {
                    stuck.await(30, TimeUnit.SECONDS); // a listener or probe that never returns, on the loop
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // the reconcile thread reads the last published state at once
            HealthView v = assertTimeoutPreemptively(Duration.ofSeconds(5), m::view);
            assertThat(v.realServers()).containsOnlyKeys(new RealServerRef("web", "a"), new RealServerRef("web", "b"));
            assertThat(assertTimeoutPreemptively(Duration.ofSeconds(5), m::runningChecks))
                    .isEqualTo(2);
        } finally {
            stuck.countDown();
            m.close();
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void aViewIsASnapshotThatLaterChangesLeaveAlone() {
        VirtualServer v = vs("web", 80, tcp().interval(1).timeout(0.5).build(), rs("a", "10.0.0.1", 80));
        monitor.update(List.of(v));
        timer.advance(s(2));
        HealthView before = monitor.view();
        prober.refuse("10.0.0.1:80");
        timer.advance(s(2));
        assertThat(before.health("web", "a")).isEqualTo(Health.UP);
        assertThat(before.get("web", "a").last().ok()).isTrue();
        assertThat(monitor.view().health("web", "a")).isEqualTo(Health.DOWN);
        assertThatThrownBy(() -> before.realServers().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void roundsRefreshTheViewAtMostOncePerPublishSpacing() {
        // a round every 5 ms: the view follows, 20 ms late at most, rebuilt at most every 20 ms
        monitor.update(
                List.of(vs("web", 80, tcp().interval(0.005).timeout(0.001).build(), rs("a", "10.0.0.1", 80))));
        timer.advance(s(1));
        int rounds = prober.calls.size();
        int rebuilds = 0;
        HealthView seen = monitor.view();
        for (int ms = 0; ms < 200; ms++) {
            timer.advance(Duration.ofMillis(1));
            HealthView now = monitor.view();
            if (now != seen) rebuilds++;
            seen = now;
            assertThat(Duration.between(now.get("web", "a").last().startedAt(), lastProbe("10.0.0.1:80")))
                    .isLessThanOrEqualTo(Engine.PUBLISH_SPACING);
        }
        assertThat(prober.calls.size() - rounds).isEqualTo(40);
        assertThat(rebuilds).as("rebuilds in 200 ms").isBetween(9, 11);
    }

    @Test
    void withManyRealServersTheViewIsRebuiltLessOften() {
        // 5,000 real servers, 5,000 rounds a second: rebuilt every 100 ms (20 µs a server), not 50 times a second
        List<RealServer> servers = new ArrayList<>();
        for (int i = 0; i < 5000; i++) servers.add(rs("r" + i, "10.3." + (i / 250) + "." + (i % 250 + 1), 80));
        monitor.update(List.of(vs("big", 80, tcp().interval(1).build(), servers.toArray(RealServer[]::new))));
        timer.advance(s(2));
        int rebuilds = 0;
        HealthView seen = monitor.view();
        for (int ms = 0; ms < 1000; ms++) {
            timer.advance(Duration.ofMillis(1));
            if (monitor.view() != seen) rebuilds++;
            seen = monitor.view();
        }
        assertThat(rebuilds).as("rebuilds in 1 s").isBetween(9, 11);
        Instant newest = seen.realServers().values().stream()
                .map(h -> h.last().startedAt())
                .max(Instant::compareTo)
                .orElseThrow();
        assertThat(Duration.between(newest, timer.now())).isLessThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aListenerReadingTheViewOnAnEventSeesThatEventsChange() {
        // rounds every 5 ms, so that changes come faster than the view is rebuilt
        monitor.update(List.of(vs(
                "web",
                80,
                tcp().interval(0.005).timeout(0.001).build(),
                rs("a", "10.0.0.1", 80),
                rs("b", "10.0.0.2", 80),
                rs("c", "10.0.0.3", 80))));
        timer.advance(s(1));
        List<String> mismatches = new ArrayList<>();
        monitor.addListener(e -> {
            if (e instanceof RealServerChanged r
                    && monitor.view().health(r.virtualServer(), r.realServer()) != r.health()) {
                mismatches.add(r.realServer() + " " + r.health());
            }
        });
        for (String a : List.of("10.0.0.1:80", "10.0.0.2:80", "10.0.0.3:80")) prober.refuse(a);
        timer.advance(s(0.1));
        for (String a : List.of("10.0.0.1:80", "10.0.0.2:80", "10.0.0.3:80")) prober.up(a);
        timer.advance(s(0.1));
        assertThat(of(RealServerChanged.class)).hasSize(6);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void aSlowListenerDelaysOnlyLaterEventsNeverTheChecks() throws Exception {
        FakeTimer t = new FakeTimer();
        FakeProber p = new FakeProber(t);
        HealthMonitor m = new HealthMonitor(t, p, ScriptPolicy.none()); // listeners on a thread of their own
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean inside = new AtomicBoolean();
        Events seen = new Events();
        m.addListener(e -> {
            inside.set(true);
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS); // as a gRPC send to an unreachable control plane
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            inside.set(false);
        });
        m.addListener(seen);
        try {
            m.update(List.of(vs("web", 80, tcp().interval(1).timeout(0.5).build(), rs("a", "10.0.0.1", 80))));
            t.advance(s(1));
            p.refuse("10.0.0.1:80");
            t.advance(s(1));
            assertThat(entered.await(5, TimeUnit.SECONDS))
                    .as("the listener got the first event")
                    .isTrue();
            // the listener is stuck in the first event; the checks go on, on time, and the view follows them
            p.up("10.0.0.1:80");
            t.advance(s(5));
            assertThat(inside).as("the listener is still busy").isTrue();
            assertThat(p.callsTo("10.0.0.1:80")).hasSize(7);
            assertThat(m.view().health("web", "a")).isEqualTo(Health.UP);

            release.countDown();
            seen.await(RealServerChanged.class, e -> e.health() == Health.UP, Duration.ofSeconds(5));
            assertThat(seen.of(RealServerChanged.class))
                    .extracting(RealServerChanged::health)
                    .containsExactly(Health.DOWN, Health.UP);
            assertThat(seen.all())
                    .extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("RealServerChanged", "QuorumChanged", "RealServerChanged", "QuorumChanged");
            assertThat(m.droppedEvents()).isZero();
        } finally {
            release.countDown();
            m.close();
        }
    }

    @Test
    void aRemovedCheckCancelsItsProbeInFlightAndSoDoesClosing() {
        monitor.update(List.of(
                vs("web", 80, tcp().interval(1).timeout(3).build(), rs("a", "10.0.0.1", 80)),
                vs("api", 81, tcp().interval(1).timeout(3).build(), rs("b", "10.0.0.2", 81))));
        prober.hang("10.0.0.1:80");
        prober.hang("10.0.0.2:81");
        timer.advance(s(1));
        CompletableFuture<ProbeResult> a = prober.callsTo("10.0.0.1:80").get(0).result();
        CompletableFuture<ProbeResult> b = prober.callsTo("10.0.0.2:81").get(0).result();
        assertThat(a).isNotDone();

        monitor.update(List.of(vs("api", 81, tcp().interval(1).timeout(3).build(), rs("b", "10.0.0.2", 81))));
        assertThat(a).isCancelled(); // a script would be killed now, not at its timeout
        assertThat(b).isNotDone();
        monitor.close();
        assertThat(b).isCancelled();
    }
}
