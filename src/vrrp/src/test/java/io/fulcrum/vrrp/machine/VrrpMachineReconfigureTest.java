package io.fulcrum.vrrp.machine;

import static io.fulcrum.vrrp.machine.Fixtures.MS;
import static io.fulcrum.vrrp.machine.Fixtures.S;
import static io.fulcrum.vrrp.machine.Fixtures.VIP;
import static io.fulcrum.vrrp.machine.Fixtures.cfg;
import static io.fulcrum.vrrp.machine.Fixtures.from;
import static io.fulcrum.vrrp.machine.Fixtures.ip;
import static io.fulcrum.vrrp.machine.Fixtures.v2;
import static io.fulcrum.vrrp.machine.Fixtures.v3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.model.VrrpGroup;
import io.fulcrum.vrrp.machine.Action.SyncDaemon.Role;
import io.fulcrum.vrrp.packet.Advertisement;
import io.fulcrum.vrrp.packet.DropReason;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link VrrpMachine#reconfigure}: a reload keeps the state where the change allows it. Fake clock, nothing sleeps. */
class VrrpMachineReconfigureTest {
    /** v2, priority 100, 1 s: Master_Down_Interval (RFC 3768 §6.1). */
    static final long MDI_100 = Timing.masterDown(2, 100, S);

    static final InetAddress VIP2 = ip("10.1.1.167");

    static VrrpMachine started(Fixtures.Cfg c) {
        VrrpMachine m = c.machine();
        m.handle(new Event.Startup(), 0);
        return m;
    }

    static VrrpMachine master(Fixtures.Cfg c) {
        VrrpMachine m = started(c);
        m.handle(new Event.Tick(), m.nextDeadline());
        assertThat(m.state()).isEqualTo(State.MASTER);
        return m;
    }

    static List<Action> transitions(List<Action> actions) {
        return actions.stream().filter(a -> a instanceof Action.Transition).toList();
    }

    @Test
    void aMasterGivenANewAddressAddsAndAnnouncesThatOneOnlyAndAdvertisesTheNewListAtOnce() {
        VrrpMachine m = master(cfg().garp(new VrrpGroup.Garp(Duration.ZERO, 3, Duration.ZERO, 1)));
        long t = MDI_100 + 300 * MS;
        Fixtures.Cfg next = cfg().garp(new VrrpGroup.Garp(Duration.ZERO, 3, Duration.ZERO, 1));
        next.vips = List.of(VIP, VIP2);

        List<Action> out = m.reconfigure(next.build(), t);

        assertThat(m.state()).isEqualTo(State.MASTER);
        assertThat(out)
                .filteredOn(a -> !(a instanceof Action.Note))
                .containsExactly(
                        new Action.AddAddresses(List.of(VIP2)),
                        new Action.Announce(3, List.of(VIP2)),
                        new Action.SendAdvert(100));
        assertThat(transitions(out)).isEmpty();
        assertThat(m.nextDeadline()).isEqualTo(t + S); // the advert timer re-armed from the advert just sent
        // adverts with the new list are the group's now; the old list is a misconfigured peer (RFC 3768 §7.1)
        Advertisement both = Advertisement.v2(51, 50, 1, List.of(VIP, VIP2), Fixtures.PASSWORD.getBytes());
        assertThat(m.handle(from("10.1.1.162", both), t + 1)).containsExactly(new Action.SendAdvert(100));
        assertThat(m.handle(from("10.1.1.162", v2(50)), t + 2))
                .singleElement()
                .satisfies(a -> assertThat(((Action.Dropped) a).reason()).isEqualTo(DropReason.ADDRESS_LIST));
    }

    @Test
    void aMasterWhoseAddressWasDroppedRemovesThatOneOnly() {
        Fixtures.Cfg c = cfg();
        c.vips = List.of(VIP, VIP2);
        VrrpMachine m = master(c);

        List<Action> out = m.reconfigure(cfg().build(), MDI_100 + 1);

        assertThat(out)
                .filteredOn(a -> !(a instanceof Action.Note))
                .containsExactly(new Action.RemoveAddresses(List.of(VIP2)), new Action.SendAdvert(100));
        assertThat(m.state()).isEqualTo(State.MASTER);
    }

    @Test
    void aChangeThatDoesNotTouchTheAdvertLeavesTheMastersTimersAlone() {
        VrrpMachine m = master(cfg());
        long deadline = m.nextDeadline();

        List<Action> out =
                m.reconfigure(cfg().preemptDelay(Duration.ofSeconds(5)).build(), MDI_100 + 100 * MS);

        assertThat(out).filteredOn(a -> !(a instanceof Action.Note)).isEmpty();
        assertThat(m.nextDeadline()).isEqualTo(deadline);
        assertThat(m.reconfigure(cfg().preemptDelay(Duration.ofSeconds(5)).build(), MDI_100 + 200 * MS))
                .isEmpty(); // no change at all
    }

    @Test
    void aNewAdvertIntervalReArmsTheMastersAdvertTimer() {
        VrrpMachine m = master(cfg().v3(100));
        long t = m.nextDeadline() - 500 * MS; // mid-interval

        List<Action> out = m.reconfigure(cfg().v3(20).build(), t);

        assertThat(out).contains(new Action.SendAdvert(100));
        assertThat(m.nextDeadline()).isEqualTo(t + 200 * MS);
        assertThat(m.masterAdverNanos()).isEqualTo(200 * MS);
    }

    @Test
    void aNewAdvertIntervalReArmsAV2BackupsMasterDownTimer() {
        VrrpMachine m = started(cfg());
        m.handle(from("10.1.1.162", v2(150)), S);
        assertThat(m.nextDeadline()).isEqualTo(S + Timing.masterDown(2, 100, S));

        Fixtures.Cfg next = cfg();
        next.interval = Duration.ofSeconds(2);
        m.reconfigure(next.build(), 2 * S);

        assertThat(m.state()).isEqualTo(State.BACKUP);
        assertThat(m.nextDeadline()).isEqualTo(2 * S + Timing.masterDown(2, 100, 2 * S));
    }

    @Test
    void aV3BackupKeepsTheIntervalItLearntFromTheMaster() {
        VrrpMachine m = started(cfg().v3(100));
        m.handle(from("10.1.1.162", v3(150, 50)), S);
        long deadline = m.nextDeadline();

        m.reconfigure(cfg().v3(20).build(), 2 * S);

        assertThat(m.masterAdverNanos()).isEqualTo(500 * MS); // RFC 5798 §6.4.2: the master's
        assertThat(m.nextDeadline()).isEqualTo(deadline);
    }

    @Test
    void aBackupWhosePriorityNowBeatsTheMastersTakesOverByTheUsualRulesWithPreempt() {
        VrrpMachine m = started(cfg());
        m.handle(from("10.1.1.162", v2(150)), S);

        List<Action> out = m.reconfigure(cfg().priority(200).build(), S + 100 * MS);

        assertThat(m.state()).isEqualTo(State.BACKUP);
        assertThat(out).contains(new Action.Note("priority 100 -> 200 (reconfiguration)"));
        // the master's next adverts are lower now: discarded (RFC 3768 §6.4.2), the timer is not reset
        assertThat(m.handle(from("10.1.1.162", v2(150)), 2 * S)).isEmpty();
        assertThat(m.nextDeadline()).isEqualTo(S + Timing.masterDown(2, 100, S));
        List<Action> takeover = m.handle(new Event.Tick(), m.nextDeadline());
        assertThat(m.state()).isEqualTo(State.MASTER);
        assertThat(takeover).startsWith(new Action.SendAdvert(200), new Action.AddAddresses());
    }

    @Test
    void aBackupWithNopreemptGivenAHigherPriorityLeavesTheMasterAlone() {
        VrrpMachine m = started(cfg().nopreempt());
        m.handle(from("10.1.1.162", v2(150)), S);

        m.reconfigure(cfg().nopreempt().priority(200).build(), S + 1);
        m.handle(from("10.1.1.162", v2(150)), 2 * S);

        assertThat(m.nextDeadline()).isEqualTo(2 * S + Timing.masterDown(2, 200, S));
        m.handle(new Event.Tick(), 2 * S + S);
        assertThat(m.state()).isEqualTo(State.BACKUP);
    }

    @Test
    void aMasterWithALowerPriorityAdvertisesItAtOnceAndStaysMasterUntilABetterAdvertArrives() {
        VrrpMachine m = master(cfg());

        List<Action> out = m.reconfigure(cfg().priority(50).build(), MDI_100 + 1);

        assertThat(out)
                .containsExactly(
                        new Action.Note("reconfigured: priority 100 -> 50"),
                        new Action.Note("priority 100 -> 50 (reconfiguration)"),
                        new Action.SendAdvert(50));
        assertThat(m.state()).isEqualTo(State.MASTER);
        assertThat(transitions(m.handle(from("10.1.1.162", v2(100)), MDI_100 + 2)))
                .containsExactly(new Action.Transition(
                        State.MASTER, State.BACKUP, "advert from 10.1.1.162 with higher priority 100 (ours 50)"));
    }

    @Test
    void aNewPasswordIsCheckedFromNowOn() {
        VrrpMachine m = started(cfg());
        Fixtures.Cfg next = cfg();
        next.password = "2222";
        m.reconfigure(next.build(), S);

        assertThat(m.handle(from("10.1.1.162", v2(150)), S + 1))
                .singleElement()
                .satisfies(a -> assertThat(((Action.Dropped) a).reason()).isEqualTo(DropReason.AUTH_PASSWORD));
    }

    @Test
    void droppingADownTrackedInterfaceEndsTheFault() {
        VrrpMachine m = started(cfg().track("eth1", null));
        m.handle(new Event.LinkChanged("eth1", false), S);
        assertThat(m.state()).isEqualTo(State.FAULT);

        List<Action> out = m.reconfigure(cfg().build(), 2 * S);

        assertThat(transitions(out))
                .containsExactly(new Action.Transition(State.FAULT, State.BACKUP, "reconfiguration"));
    }

    @Test
    void aNewTrackedInterfaceCountsAsUpUntilTheRuntimeSaysOtherwise() {
        VrrpMachine m = master(cfg());

        assertThat(transitions(m.reconfigure(cfg().track("eth1", null).build(), MDI_100 + 1)))
                .isEmpty();
        assertThat(transitions(m.handle(new Event.LinkChanged("eth1", false), MDI_100 + 2)))
                .containsExactly(new Action.Transition(State.MASTER, State.FAULT, "interface eth1 down"));
    }

    @Test
    void connectionSyncTurnedOnStartsTheDaemonInTheCurrentRole() {
        VrrpMachine m = master(cfg());

        assertThat(m.reconfigure(cfg().connectionSync().build(), MDI_100 + 1))
                .contains(new Action.SyncDaemon(Role.MASTER));
        assertThat(m.reconfigure(cfg().build(), MDI_100 + 2)).contains(new Action.SyncDaemon(null));
    }

    @Test
    void beforeTheStartupTheNewConfigurationJustApplies() {
        VrrpMachine m = cfg().machine();

        assertThat(m.reconfigure(cfg().priority(200).build(), 0)).isEmpty();
        m.handle(new Event.Startup(), 0);
        assertThat(m.nextDeadline()).isEqualTo(Timing.masterDown(2, 200, S));
    }

    @Test
    void anotherIdentityIsRefused() {
        VrrpMachine m = started(cfg());

        assertThatThrownBy(() -> m.reconfigure(cfg().vrid(52).build(), S)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.reconfigure(cfg().source("10.1.1.161").build(), S))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.reconfigure(cfg().v3(100).build(), S)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- sync groups (the engine) ----

    @Test
    void leavingASyncGroupWithAMemberInFaultLetsTheInstanceOutOfFault() {
        VrrpMachine a = cfg().name("A").sync("G").track("eth1", null).machine();
        VrrpMachine b = cfg().name("B").vrid(52).sync("G").machine();
        VrrpEngine engine = new VrrpEngine(List.of(a, b));
        engine.broadcast(new Event.Startup(), 0);
        engine.handle(a, new Event.LinkChanged("eth1", false), S);
        assertThat(b.state()).isEqualTo(State.FAULT);

        List<VrrpEngine.Output> out =
                engine.reconfigure(b, cfg().name("B").vrid(52).build(), 2 * S);

        assertThat(b.state()).isEqualTo(State.BACKUP);
        assertThat(a.state()).isEqualTo(State.FAULT);
        assertThat(out)
                .extracting(VrrpEngine.Output::action)
                .contains(new Action.Transition(State.FAULT, State.BACKUP, "sync group null has no member in FAULT"));
    }

    @Test
    void removingTheMemberInFaultLetsTheRestOfItsSyncGroupOut() {
        VrrpMachine a = cfg().name("A").sync("G").track("eth1", null).machine();
        VrrpMachine b = cfg().name("B").vrid(52).sync("G").machine();
        VrrpEngine engine = new VrrpEngine(List.of(a, b));
        engine.broadcast(new Event.Startup(), 0);
        engine.handle(a, new Event.LinkChanged("eth1", false), S);
        assertThat(b.state()).isEqualTo(State.FAULT);

        engine.remove(a, 2 * S);

        assertThat(b.state()).isEqualTo(State.BACKUP);
        assertThat(engine.machines()).containsExactly(b);
    }

    @Test
    void joiningASyncGroupWithAMemberInFaultPutsTheInstanceInFault() {
        VrrpMachine a = cfg().name("A").sync("G").track("eth1", null).machine();
        VrrpMachine b = cfg().name("B").vrid(52).machine();
        VrrpEngine engine = new VrrpEngine(List.of(a, b));
        engine.broadcast(new Event.Startup(), 0);
        engine.handle(a, new Event.LinkChanged("eth1", false), S);
        assertThat(b.state()).isEqualTo(State.BACKUP);

        engine.reconfigure(b, cfg().name("B").vrid(52).sync("G").build(), 2 * S);

        assertThat(b.state()).isEqualTo(State.FAULT);
    }
}
