package io.fulcrum.vrrp.machine;

import static io.fulcrum.vrrp.machine.Fixtures.MS;
import static io.fulcrum.vrrp.machine.Fixtures.S;
import static io.fulcrum.vrrp.machine.Fixtures.cfg;
import static io.fulcrum.vrrp.machine.Fixtures.from;
import static io.fulcrum.vrrp.machine.Fixtures.v2;
import static io.fulcrum.vrrp.machine.Fixtures.v3;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.model.Defaults;
import io.fulcrum.model.Enums;
import io.fulcrum.model.IpPrefix;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.vrrp.machine.Action.SyncDaemon.Role;
import io.fulcrum.vrrp.packet.Advertisement;
import io.fulcrum.vrrp.packet.DropReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every transition of RFC 3768 §6.4 / RFC 5798 §6.4 and keepalived's additions, on a fake clock: nothing sleeps. */
class VrrpMachineTest {
    /** v2, priority 100, 1 s: Master_Down_Interval = 3 s + (256 - 100) / 256 s. */
    static final long MDI_100 = 3 * S + 156 * S / 256;

    long now;
    final List<Action> log = new ArrayList<>();

    List<Action> at(VrrpMachine m, long time, Event e) {
        now = time;
        List<Action> out = m.handle(e, now);
        log.addAll(out);
        return out;
    }

    List<Action> tick(VrrpMachine m, long time) {
        return at(m, time, new Event.Tick());
    }

    VrrpMachine started(Fixtures.Cfg c) {
        VrrpMachine m = c.machine();
        at(m, 0, new Event.Startup());
        return m;
    }

    /** Starts at 0 and lets the master-down timer make it master. */
    VrrpMachine master(Fixtures.Cfg c) {
        VrrpMachine m = started(c);
        tick(m, m.nextDeadline());
        assertThat(m.state()).isEqualTo(State.MASTER);
        return m;
    }

    // ---- timers ----

    @Test
    void skewAndMasterDownIntervalFollowTheRfcs() {
        assertThat(Timing.skew(2, 100, S)).isEqualTo(156 * S / 256); // RFC 3768 §6.1: (256-100)/256 s
        assertThat(Timing.skew(2, 254, S)).isEqualTo(2 * S / 256);
        assertThat(Timing.skew(3, 100, S)).isEqualTo(609_375_000L); // RFC 5798 §6.1: (156*100cs)/256
        assertThat(Timing.skew(3, 100, 100 * MS)).isEqualTo(60_937_500L); // (156*10cs)/256 = 6.09375 cs
        assertThat(Timing.masterDown(2, 100, S)).isEqualTo(MDI_100);
        assertThat(Timing.masterDown(3, 200, 100 * MS)).isEqualTo(300 * MS + 56 * 10 * 10 * MS / 256);
    }

    @Test
    void backupBecomesMasterWhenNoAdvertArrivesForTheMasterDownInterval() {
        VrrpMachine m = started(cfg());

        assertThat(m.state()).isEqualTo(State.BACKUP);
        assertThat(m.nextDeadline()).isEqualTo(MDI_100);
        assertThat(tick(m, MDI_100 - 1)).isEmpty();
        List<Action> actions = tick(m, MDI_100);

        assertThat(actions)
                .containsExactly(
                        new Action.SendAdvert(100),
                        new Action.AddAddresses(),
                        new Action.Announce(5),
                        new Action.Transition(
                                State.BACKUP, State.MASTER, "no master seen for the master down interval"));
        assertThat(m.counters().becameMaster()).isEqualTo(1);
    }

    @Test
    void addressOwnerGoesStraightToMaster() {
        VrrpMachine m = cfg().priority(255).machine();

        List<Action> actions = at(m, 0, new Event.Startup());

        assertThat(m.state()).isEqualTo(State.MASTER);
        assertThat(actions).startsWith(new Action.SendAdvert(255), new Action.AddAddresses());
    }

    @Test
    void aBackupStartsByTakingOffAddressesAKilledPredecessorLeftBehind() {
        VrrpMachine m = cfg().priority(100).machine();

        List<Action> actions = at(m, 0, new Event.Startup());

        assertThat(m.state()).isEqualTo(State.BACKUP);
        assertThat(actions)
                .startsWith(
                        new Action
                                .RemoveAddresses()); // gone already: nothing happens (the host's removal is idempotent)
        assertThat(at(cfg().priority(255).machine(), 0, new Event.Startup()))
                .as("the owner keeps them")
                .doesNotContain(new Action.RemoveAddresses());
    }

    @Test
    void initialStateMasterWaitsOneIntervalForABetterMaster() {
        VrrpMachine m = started(cfg().initialMaster());

        assertThat(m.state()).isEqualTo(State.BACKUP);
        assertThat(m.nextDeadline()).isEqualTo(S + S / 256); // keepalived: adver_int + the least skew
    }

    @Test
    void masterAdvertisesEveryInterval() {
        VrrpMachine m = master(cfg());
        long t = now;

        assertThat(tick(m, t + S - 1)).isEmpty();
        assertThat(tick(m, t + S)).containsExactly(new Action.SendAdvert(100));
        assertThat(tick(m, t + 2 * S)).containsExactly(new Action.SendAdvert(100));
        assertThat(m.nextDeadline()).isEqualTo(t + 3 * S);
    }

    @Test
    void backupResetsItsTimerOnEveryAdvertFromTheMaster() {
        VrrpMachine m = started(cfg());
        for (long t = S; t < 20 * S; t += S) at(m, t, from("10.1.1.162", v2(150)));

        assertThat(m.state()).isEqualTo(State.BACKUP);
        assertThat(m.nextDeadline()).isEqualTo(19 * S + MDI_100);
        assertThat(m.masterAddress()).isEqualTo(Fixtures.ip("10.1.1.162"));
        tick(m, 19 * S + MDI_100);
        assertThat(m.state()).isEqualTo(State.MASTER);
    }

    @Test
    void v3BackupAdoptsTheMastersAdvertInterval() {
        VrrpMachine m = started(cfg().v3(100));

        at(m, S, from("10.1.1.162", v3(200, 10)));

        assertThat(m.masterAdverNanos()).isEqualTo(100 * MS);
        assertThat(m.nextDeadline()).isEqualTo(S + Timing.masterDown(3, 100, 100 * MS));
    }

    @Test
    void v3AdvertWithAnotherIntervalIsAcceptedNotDropped() {
        VrrpMachine m = started(cfg().v3(100));

        at(m, S, from("10.1.1.162", v3(200, 5)));

        assertThat(m.counters().advertsReceived()).isEqualTo(1);
        assertThat(m.counters().drops()).isEmpty();
    }

    // ---- master receives ----

    @Test
    void masterWithLowerPriorityStepsDownToBackup() {
        VrrpMachine m = master(cfg());

        List<Action> actions = at(m, now + 100 * MS, from("10.1.1.162", v2(150)));

        assertThat(m.state()).isEqualTo(State.BACKUP);
        assertThat(actions)
                .containsExactly(
                        new Action.RemoveAddresses(),
                        new Action.Transition(
                                State.MASTER,
                                State.BACKUP,
                                "advert from 10.1.1.162 with higher priority 150 (ours 100)"));
        assertThat(m.nextDeadline()).isEqualTo(now + MDI_100);
    }

    @Test
    void equalPriorityIsWonByTheHigherPrimaryAddress() {
        VrrpMachine low = master(cfg().source("10.1.1.160"));
        at(low, now + 10 * MS, from("10.1.1.162", v2(100)));
        assertThat(low.state()).isEqualTo(State.BACKUP);

        VrrpMachine high = master(cfg().source("10.1.1.162"));
        List<Action> actions = at(high, now + 10 * MS, from("10.1.1.160", v2(100)));
        assertThat(high.state()).isEqualTo(State.MASTER);
        assertThat(actions).containsExactly(new Action.SendAdvert(100));
    }

    @Test
    void masterAnswersALowerPriorityAdvertAtOnceAndStaysMaster() {
        VrrpMachine m = master(cfg().priority(200));
        long t = now + 300 * MS;

        List<Action> actions = at(m, t, from("10.1.1.162", v2(100)));

        assertThat(m.state()).isEqualTo(State.MASTER);
        assertThat(actions).containsExactly(new Action.SendAdvert(200));
        assertThat(m.nextDeadline()).isEqualTo(t + S);
    }

    @Test
    void masterReceivingPriorityZeroAdvertisesAtOnce() {
        VrrpMachine m = master(cfg());

        List<Action> actions = at(m, now + 300 * MS, from("10.1.1.162", v2(0)));

        assertThat(actions).containsExactly(new Action.SendAdvert(100));
        assertThat(m.state()).isEqualTo(State.MASTER);
    }

    // ---- graceful stop, priority 0 ----

    @Test
    void gracefulStopOfTheMasterSendsPriorityZeroAndRemovesTheAddresses() {
        VrrpMachine m = master(cfg());

        List<Action> actions = at(m, now + 10 * MS, new Event.Shutdown());

        assertThat(actions)
                .containsExactly(
                        new Action.SendAdvert(0),
                        new Action.RemoveAddresses(),
                        new Action.Transition(State.MASTER, State.INITIALIZE, "stopped"));
        assertThat(m.nextDeadline()).isEqualTo(VrrpMachine.NEVER);
        assertThat(at(m, now + S, new Event.Tick())).isEmpty();
        assertThat(m.counters().priorityZeroSent()).isEqualTo(1);
    }

    @Test
    void backupTakesOverSkewTimeAfterPriorityZero() {
        VrrpMachine m = started(cfg());
        at(m, S, from("10.1.1.162", v2(150)));

        at(m, 2 * S, from("10.1.1.162", v2(0)));

        assertThat(m.nextDeadline()).isEqualTo(2 * S + 156 * S / 256);
        tick(m, m.nextDeadline());
        assertThat(m.state()).isEqualTo(State.MASTER);
        assertThat(m.counters().priorityZeroReceived()).isEqualTo(1);
    }

    @Test
    void v3BackupTakesOverWithinMillisecondsOfPriorityZero() {
        VrrpMachine m = started(cfg().v3(10).priority(200));
        at(m, S, from("10.1.1.162", v3(250, 10)));

        at(m, 2 * S, from("10.1.1.162", v3(0, 10)));

        assertThat(m.nextDeadline() - 2 * S)
                .isEqualTo(Timing.skew(3, 200, 100 * MS))
                .isLessThan(25 * MS);
    }

    @Test
    void backupStopsQuietly() {
        VrrpMachine m = started(cfg());

        assertThat(at(m, S, new Event.Shutdown()))
                .containsExactly(new Action.Transition(State.BACKUP, State.INITIALIZE, "stopped"));
    }

    // ---- preemption ----

    @Test
    void backupWithHigherPriorityPreemptsALowerMaster() {
        VrrpMachine m = started(cfg().priority(200));
        long t = 0;
        List<Action> actions = new ArrayList<>();
        while (m.state() == State.BACKUP && t < 10 * S) {
            t += S;
            at(m, t, from("10.1.1.162", v2(100))); // ignored: the timer keeps running
            if (m.nextDeadline() <= t + S) actions.addAll(tick(m, m.nextDeadline()));
        }

        assertThat(m.state()).isEqualTo(State.MASTER);
        assertThat(now).isEqualTo(Timing.masterDown(2, 200, S)); // took over when its first timer ran out
        assertThat(actions)
                .as("the log says why: the master was heard, not silent")
                .contains(new Action.Transition(
                        State.BACKUP, State.MASTER, "preempting master 10.1.1.162 (its priority 100, ours 200)"));
    }

    @Test
    void nopreemptBackupNeverTakesOverFromALowerMaster() {
        VrrpMachine m = started(cfg().priority(200).nopreempt());
        for (long t = S; t <= 60 * S; t += S) {
            at(m, t, from("10.1.1.162", v2(100)));
            tick(m, t);
        }

        assertThat(m.state()).isEqualTo(State.BACKUP);
        assertThat(m.counters().becameMaster()).isZero();
    }

    @Test
    void nopreemptStillTakesOverWhenTheMasterDies() {
        VrrpMachine m = started(cfg().priority(200).nopreempt());
        at(m, S, from("10.1.1.162", v2(100)));

        tick(m, S + Timing.masterDown(2, 200, S));

        assertThat(m.state()).isEqualTo(State.MASTER);
    }

    @Test
    void nopreemptWithInitialStateMasterPreemptsAsKeepalivedDoes() {
        InstanceConfig c = InstanceConfig.of(group(false), "d1", Fixtures.ip("10.1.1.160"));

        assertThat(c.preempt()).isTrue();
        assertThat(c.warnings()).singleElement().asString().contains("nopreempt needs initial state BACKUP");
    }

    @Test
    void preemptDelayHoldsOffTheTakeoverFromALowerMaster() {
        VrrpMachine m = started(cfg().priority(200).preemptDelay(Duration.ofSeconds(10)));
        long t = 0;
        while (m.state() == State.BACKUP && t < 30 * S) {
            t += S;
            at(m, t, from("10.1.1.162", v2(100)));
            if (m.nextDeadline() <= t + S) tick(m, m.nextDeadline());
        }

        // hold started with the first lower advert at 1 s; adverts from 11 s on are discarded
        assertThat(m.state()).isEqualTo(State.MASTER);
        assertThat(now).isEqualTo(10 * S + Timing.masterDown(2, 200, S));
        assertThat(log).anySatisfy(a -> assertThat(a).asString().contains("preempt delay of 10 s"));
    }

    @Test
    void preemptDelayRestartsAfterAHigherMasterWasSeen() {
        VrrpMachine m = started(cfg().priority(200).preemptDelay(Duration.ofSeconds(10)));
        at(m, S, from("10.1.1.162", v2(100)));
        at(m, 5 * S, from("10.1.1.163", v2(250))); // a higher master: the hold stops
        at(m, 6 * S, from("10.1.1.162", v2(100))); // lower again: a new hold until 16 s

        at(m, 15 * S, from("10.1.1.162", v2(100)));
        assertThat(m.nextDeadline()).isEqualTo(15 * S + Timing.masterDown(2, 200, S)); // still accepted
        at(m, 16 * S, from("10.1.1.162", v2(100)));
        assertThat(m.nextDeadline()).isEqualTo(15 * S + Timing.masterDown(2, 200, S)); // discarded
    }

    // ---- tracking, FAULT ----

    @Test
    void trackedInterfaceDownPutsTheMasterInFaultAndUpBringsItBackAsBackup() {
        VrrpMachine m = master(cfg().track("eth1", null));

        List<Action> down = at(m, now + 10 * MS, new Event.LinkChanged("eth1", false));

        assertThat(down)
                .containsExactly(
                        new Action.SendAdvert(0),
                        new Action.RemoveAddresses(),
                        new Action.Transition(State.MASTER, State.FAULT, "interface eth1 down"));
        assertThat(m.nextDeadline()).isEqualTo(VrrpMachine.NEVER);
        assertThat(at(m, now + S, from("10.1.1.162", v2(50)))).isEmpty(); // FAULT takes no part

        List<Action> up = at(m, now + S, new Event.LinkChanged("eth1", true));
        assertThat(up).containsExactly(new Action.Transition(State.FAULT, State.BACKUP, "interface eth1 up"));
        assertThat(m.nextDeadline()).isEqualTo(now + MDI_100);
    }

    @Test
    void theVrrpInterfaceItselfDownIsAFault() {
        VrrpMachine m = started(cfg());

        at(m, S, new Event.LinkChanged("eth0", false));

        assertThat(m.state()).isEqualTo(State.FAULT);
    }

    @Test
    void anInterfaceDownAtStartupStartsInFault() {
        VrrpMachine m = cfg().track("eth1", null).machine();
        at(m, 0, new Event.LinkChanged("eth1", false));

        at(m, 0, new Event.Startup());

        assertThat(m.state()).isEqualTo(State.FAULT);
    }

    @Test
    void negativeWeightLowersThePriorityWhileDownAndTheMasterSaysSoAtOnce() {
        VrrpMachine m = master(cfg().priority(100).track("eth1", -60));

        List<Action> actions = at(m, now + 10 * MS, new Event.LinkChanged("eth1", false));

        assertThat(m.effectivePriority()).isEqualTo(40);
        assertThat(m.state()).isEqualTo(State.MASTER);
        assertThat(actions).contains(new Action.SendAdvert(40));
        at(m, now + 20 * MS, from("10.1.1.162", v2(90)));
        assertThat(m.state()).isEqualTo(State.BACKUP);
    }

    @Test
    void positiveWeightRaisesThePriorityWhileUp() {
        VrrpMachine m = cfg().priority(100).track("eth1", 50).machine();
        assertThat(m.effectivePriority()).isEqualTo(150);
        m.handle(new Event.LinkChanged("eth1", false), 0);
        assertThat(m.effectivePriority()).isEqualTo(100);
    }

    @Test
    void effectivePriorityStaysWithin1And254AndTheOwnerKeeps255() {
        VrrpMachine m = cfg().priority(250).track("eth1", 50).machine();
        assertThat(m.effectivePriority()).isEqualTo(254);
        m.handle(new Event.PriorityAdjusted("vs-web", -300), 0);
        assertThat(m.effectivePriority()).isEqualTo(1);
        VrrpMachine owner = cfg().priority(255).track("eth1", -50).machine();
        owner.handle(new Event.LinkChanged("eth1", false), 0);
        assertThat(owner.effectivePriority()).isEqualTo(255);
    }

    @Test
    void anAdjustmentFromAVirtualServerLowersThePriorityUntilWithdrawn() {
        VrrpMachine m = master(cfg().priority(100));

        at(m, now, new Event.PriorityAdjusted("virtual server web: no healthy real server", -50));
        assertThat(m.effectivePriority()).isEqualTo(50);
        at(m, now, new Event.PriorityAdjusted("virtual server web: no healthy real server", 0));
        assertThat(m.effectivePriority()).isEqualTo(100);
    }

    // ---- tracked conditions without a weight: FAULT (keepalived track_script weight 0) ----

    @Test
    void aTrackInFaultPutsTheMasterInFaultWithPriorityZeroAndItsRecoveryBringsItBackAsBackup() {
        VrrpMachine m = master(cfg().priority(100));

        List<Action> fault = at(m, now + 10 * MS, new Event.TrackFault("track script chk", true));
        assertThat(m.state()).isEqualTo(State.FAULT);
        assertThat(fault).startsWith(new Action.SendAdvert(0), new Action.RemoveAddresses());
        assertThat(fault).contains(new Action.Transition(State.MASTER, State.FAULT, "track script chk in fault"));

        List<Action> back = at(m, now + S, new Event.TrackFault("track script chk", false));
        assertThat(back)
                .containsExactly(new Action.Transition(State.FAULT, State.BACKUP, "track script chk recovered"));
        assertThat(m.nextDeadline()).isEqualTo(now + MDI_100);
    }

    @Test
    void aFaultLastsWhileAnyTrackIsInFault() {
        VrrpMachine m = started(cfg().priority(100));
        at(m, S, new Event.TrackFault("track script a", true));
        at(m, S, new Event.TrackFault("virtual server web", true));

        at(m, 2 * S, new Event.TrackFault("track script a", false));
        assertThat(m.state()).isEqualTo(State.FAULT);
        at(m, 3 * S, new Event.TrackFault("virtual server web", false));
        assertThat(m.state()).isEqualTo(State.BACKUP);
    }

    @Test
    void startupWaitsForTheFirstResultOfEveryUnweightedTrack() {
        VrrpMachine m = cfg().priority(255).machine(); // an owner would otherwise be master at once
        at(m, 0, new Event.TrackFault("track script a", null));
        at(m, 0, new Event.TrackFault("track script b", null));

        List<Action> start = at(m, 0, new Event.Startup());
        assertThat(start)
                .containsExactly(new Action.Note(
                        "waiting for the first result of track script a, track script b before starting"));
        assertThat(m.state()).isEqualTo(State.INITIALIZE);
        assertThat(m.nextDeadline()).isEqualTo(VrrpMachine.NEVER);
        assertThat(at(m, S, from("10.1.1.162", v2(100))))
                .as("no part in the election yet")
                .isEmpty();

        assertThat(at(m, S, new Event.TrackFault("track script a", false))).isEmpty();
        List<Action> up = at(m, 2 * S, new Event.TrackFault("track script b", false));
        assertThat(m.state()).isEqualTo(State.MASTER);
        assertThat(up).contains(new Action.Transition(State.INITIALIZE, State.MASTER, "address owner (priority 255)"));
    }

    @Test
    void anUnweightedTrackThatFailsFirstStartsTheInstanceInFault() {
        VrrpMachine m = cfg().priority(100).machine();
        at(m, 0, new Event.TrackFault("track script a", null));
        at(m, 0, new Event.Startup());

        List<Action> out = at(m, S, new Event.TrackFault("track script a", true));

        assertThat(out)
                .containsExactly(
                        new Action.RemoveAddresses(),
                        new Action.Transition(
                                State.INITIALIZE,
                                State.FAULT,
                                "a tracked condition is in fault at startup (track script a)"));
    }

    @Test
    void aStopWhileWaitingForTracksIsAPlainStop() {
        VrrpMachine m = cfg().machine();
        at(m, 0, new Event.TrackFault("track script a", null));
        at(m, 0, new Event.Startup());

        assertThat(at(m, S, new Event.Shutdown()))
                .containsExactly(new Action.Transition(State.INITIALIZE, State.INITIALIZE, "stopped"));
        assertThat(at(m, 2 * S, new Event.TrackFault("track script a", false))).isEmpty();
    }

    // ---- the effective priority drives the timers and the adverts (RFC 5798 §6.1 "Priority") ----

    @Test
    void aBackupLoweredByATrackedInterfaceWaitsTheMasterDownIntervalOfItsEffectivePriority() {
        VrrpMachine m = cfg().priority(100).track("eth1", -60).machine();
        at(m, 0, new Event.LinkChanged("eth1", false));

        at(m, 0, new Event.Startup());

        assertThat(m.effectivePriority()).isEqualTo(40);
        assertThat(m.nextDeadline()).isEqualTo(Timing.masterDown(2, 40, S)).isNotEqualTo(MDI_100);
    }

    @Test
    void aBackupRaisedByATrackedInterfaceTakesOverSooner() {
        VrrpMachine m = started(cfg().priority(100).track("eth1", 50));

        at(m, S, from("10.1.1.162", v2(200)));

        assertThat(m.nextDeadline()).isEqualTo(S + Timing.masterDown(2, 150, S));
    }

    @Test
    void anAdjustedBackupResetsItsTimerWithTheMasterDownIntervalOfItsEffectivePriority() {
        VrrpMachine m = started(cfg().v3(100).priority(200));
        at(m, S / 2, new Event.PriorityAdjusted("virtual server web: no healthy real server", -150));

        at(m, S, from("10.1.1.162", v3(220, 100)));

        assertThat(m.nextDeadline())
                .isEqualTo(S + Timing.masterDown(3, 50, S))
                .isNotEqualTo(S + Timing.masterDown(3, 200, S));
    }

    @Test
    void anAdjustedBackupTakesOverSkewTimeOfItsEffectivePriorityAfterPriorityZero() {
        VrrpMachine m = started(cfg().v3(100).priority(200));
        at(m, S, from("10.1.1.162", v3(220, 100)));
        at(m, S, new Event.PriorityAdjusted("vs-web", -150));

        at(m, 2 * S, from("10.1.1.162", v3(0, 100)));

        assertThat(m.nextDeadline() - 2 * S).isEqualTo(Timing.skew(3, 50, S)).isNotEqualTo(Timing.skew(3, 200, S));
    }

    @Test
    void aMasterAdvertisesItsEffectivePriorityWhenElectedAndEveryIntervalAfterAChange() {
        VrrpMachine m = started(cfg().priority(100));
        at(m, 0, new Event.PriorityAdjusted("vs-web", 20));
        List<Action> elected = tick(m, m.nextDeadline());
        assertThat(elected).startsWith(new Action.SendAdvert(120));

        List<Action> changed = at(m, now + 10 * MS, new Event.PriorityAdjusted("vs-web", -30));
        long t = now;

        assertThat(changed).contains(new Action.SendAdvert(70));
        assertThat(tick(m, t + S)).containsExactly(new Action.SendAdvert(70));
        assertThat(tick(m, t + 2 * S)).containsExactly(new Action.SendAdvert(70));
    }

    @Test
    void aMasterFallenBelowAPeerStepsDownAndWaitsTheMasterDownIntervalOfItsEffectivePriority() {
        VrrpMachine m = master(cfg().priority(100).track("eth1", -60));
        at(m, now + 10 * MS, new Event.LinkChanged("eth1", false));

        at(m, now + 20 * MS, from("10.1.1.162", v2(90)));

        assertThat(m.state()).isEqualTo(State.BACKUP);
        assertThat(m.nextDeadline()).isEqualTo(now + Timing.masterDown(2, 40, S));
    }

    // ---- drops ----

    @Test
    void advertsThatDoNotMatchTheInstanceAreCountedLoggedOnceAndDropped() {
        VrrpMachine m = started(cfg());
        byte[] wrong = "2222".getBytes(StandardCharsets.US_ASCII);
        List<Advertisement> bad = List.of(
                Advertisement.v2(
                        52, 150, 1, List.of(Fixtures.VIP), Fixtures.PASSWORD.getBytes(StandardCharsets.US_ASCII)),
                Advertisement.v2(
                        51, 150, 5, List.of(Fixtures.VIP), Fixtures.PASSWORD.getBytes(StandardCharsets.US_ASCII)),
                Advertisement.v2(
                        51,
                        150,
                        1,
                        List.of(Fixtures.ip("10.1.1.167")),
                        Fixtures.PASSWORD.getBytes(StandardCharsets.US_ASCII)),
                Advertisement.v2(
                        51,
                        150,
                        1,
                        List.of(Fixtures.VIP, Fixtures.ip("10.1.1.167")),
                        Fixtures.PASSWORD.getBytes(StandardCharsets.US_ASCII)),
                Advertisement.v2(51, 150, 1, List.of(Fixtures.VIP), wrong),
                Advertisement.v2(51, 150, 1, List.of(Fixtures.VIP), null),
                Advertisement.v3(51, 150, 100, List.of(Fixtures.VIP)));
        for (int round = 0; round < 3; round++) {
            for (Advertisement a : bad) at(m, S + round, from("10.1.1.162", a));
        }

        assertThat(m.counters().drops())
                .containsOnly(
                        Map.entry(DropReason.VRID, 3L), Map.entry(DropReason.INTERVAL, 3L),
                        Map.entry(DropReason.ADDRESS_LIST, 6L), Map.entry(DropReason.AUTH_PASSWORD, 3L),
                        Map.entry(DropReason.AUTH_TYPE, 3L), Map.entry(DropReason.VERSION, 3L));
        assertThat(log)
                .filteredOn(a -> a instanceof Action.Dropped d && d.first())
                .hasSize(6);
        assertThat(m.nextDeadline()).isEqualTo(MDI_100); // none of them reset the timer
        assertThat(m.counters().advertsReceived()).isZero();
        assertThat(log)
                .allSatisfy(a -> assertThat(a.toString()).doesNotContain("2222").doesNotContain("1111"));
    }

    @Test
    void theAddressOwnerMayAdvertiseAnotherAddressList() {
        VrrpMachine m = started(cfg());

        at(
                m,
                S,
                from(
                        "10.1.1.162",
                        Advertisement.v2(
                                51,
                                255,
                                1,
                                List.of(Fixtures.ip("10.1.1.167")),
                                Fixtures.PASSWORD.getBytes(StandardCharsets.US_ASCII))));

        assertThat(m.counters().drops()).isEmpty(); // RFC 3768 §7.1: only non-owners MUST match
    }

    @Test
    void unicastAdvertsFromStrangersAndOurOwnAreDropped() {
        VrrpMachine m = started(cfg().peers("10.1.1.162"));

        at(m, S, from("10.1.1.99", v2(150)));
        at(m, S, from("10.1.1.160", v2(150)));
        at(m, S, from("10.1.1.162", v2(150)));

        assertThat(m.counters().dropped(DropReason.NOT_A_PEER)).isEqualTo(1);
        assertThat(m.counters().dropped(DropReason.OWN_ADVERT)).isEqualTo(1);
        assertThat(m.counters().advertsReceived()).isEqualTo(1);
    }

    @Test
    void thePasswordNeverShowsInConfigMachineOrActions() {
        VrrpMachine m = master(cfg());
        at(
                m,
                now,
                from(
                        "10.1.1.162",
                        Advertisement.v2(
                                51, 150, 1, List.of(Fixtures.VIP), "zz9plural".getBytes(StandardCharsets.US_ASCII))));

        assertThat(m.config().toString()).doesNotContain(Fixtures.PASSWORD).contains("Secret[***]");
        assertThat(m.toString()).doesNotContain(Fixtures.PASSWORD);
        assertThat(log.toString()).doesNotContain(Fixtures.PASSWORD).doesNotContain("zz9plural");
    }

    // ---- gratuitous ARP, connection sync ----

    @Test
    void newMasterAnnouncesAtOnceAgainAfterTheDelayAndOnEveryRefresh() {
        VrrpMachine m = master(cfg().garp(new VrrpGroup.Garp(Duration.ofSeconds(5), 3, Duration.ofSeconds(60), 2)));
        long t = now;
        assertThat(log).contains(new Action.Announce(3));

        List<Action> all = new ArrayList<>();
        while (m.nextDeadline() <= t + 125 * S) all.addAll(tick(m, m.nextDeadline()));

        assertThat(all)
                .filteredOn(a -> a instanceof Action.Announce)
                .containsExactly(new Action.Announce(3), new Action.Announce(2), new Action.Announce(2));
    }

    @Test
    void connectionSyncDaemonFollowsTheState() {
        VrrpMachine m = master(cfg().connectionSync());
        at(m, now, from("10.1.1.162", v2(150)));
        at(m, now, new Event.Shutdown());

        assertThat(log)
                .filteredOn(a -> a instanceof Action.SyncDaemon)
                .containsExactly(
                        new Action.SyncDaemon(Role.BACKUP), new Action.SyncDaemon(Role.MASTER),
                        new Action.SyncDaemon(Role.BACKUP), new Action.SyncDaemon(null));
    }

    static VrrpGroup group(boolean preempt) {
        return new VrrpGroup(
                "VI_1",
                null,
                Map.of(),
                51,
                "eth0",
                2,
                Duration.ofSeconds(1),
                List.of(new VrrpGroup.VirtualAddress(new IpPrefix(Fixtures.VIP, 32), null, null)),
                List.of(
                        new VrrpGroup.Member("d1", 150, Enums.InitialState.MASTER, null),
                        new VrrpGroup.Member("d2", 100, Enums.InitialState.BACKUP, null)),
                preempt,
                Duration.ZERO,
                null,
                false,
                null,
                List.of(),
                List.of(),
                Defaults.GARP,
                null,
                false,
                null);
    }
}
