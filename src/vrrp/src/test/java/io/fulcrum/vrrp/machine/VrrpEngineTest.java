package io.fulcrum.vrrp.machine;

import static io.fulcrum.vrrp.machine.Fixtures.S;
import static io.fulcrum.vrrp.machine.Fixtures.cfg;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.vrrp.packet.Advertisement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sync groups: the members move together (keepalived vrrp_sync_group). */
class VrrpEngineTest {

    VrrpMachine a = cfg().name("VI_1").vrid(51).sync("G").track("eth1", null).machine();
    VrrpMachine b = cfg().name("VI_2").vrid(52).sync("G").machine();
    VrrpMachine lone = cfg().name("VI_3").vrid(53).machine();
    VrrpEngine engine = new VrrpEngine(List.of(a, b, lone));

    @Test
    void aMemberInFaultPullsTheGroupIntoFaultAndOutAgain() {
        engine.broadcast(new Event.Startup(), 0);
        engine.broadcast(new Event.Tick(), engine.nextDeadline());
        assertThat(List.of(a.state(), b.state(), lone.state())).containsOnly(State.MASTER);

        List<VrrpEngine.Output> out = engine.handle(a, new Event.LinkChanged("eth1", false), 5 * S);

        assertThat(a.state()).isEqualTo(State.FAULT);
        assertThat(b.state()).isEqualTo(State.FAULT);
        assertThat(lone.state()).isEqualTo(State.MASTER);
        assertThat(out)
                .filteredOn(o -> o.machine() == b)
                .extracting(VrrpEngine.Output::action)
                .contains(new Action.SendAdvert(0), new Action.RemoveAddresses());

        engine.handle(a, new Event.LinkChanged("eth1", true), 6 * S);

        assertThat(a.state()).isEqualTo(State.BACKUP);
        assertThat(b.state()).isEqualTo(State.BACKUP);
    }

    @Test
    void aTrackScriptInFaultOnOneMemberPullsTheGroupIntoFault() {
        engine.broadcast(new Event.Startup(), 0);
        engine.broadcast(new Event.Tick(), engine.nextDeadline());

        engine.handle(b, new Event.TrackFault("track script chk", true), 5 * S);
        assertThat(List.of(a.state(), b.state(), lone.state())).containsExactly(State.FAULT, State.FAULT, State.MASTER);

        engine.handle(b, new Event.TrackFault("track script chk", false), 6 * S);
        assertThat(List.of(a.state(), b.state())).containsOnly(State.BACKUP);
    }

    @Test
    void aMemberBecomingMasterPullsTheOthers() {
        engine.broadcast(new Event.Startup(), 0);
        // b hears a master for its VRID, a does not
        engine.handle(
                b,
                Fixtures.from(
                        "10.1.1.162",
                        Advertisement.v2(52, 200, 1, List.of(Fixtures.VIP), Fixtures.PASSWORD.getBytes())),
                S);

        engine.handle(a, new Event.Tick(), a.nextDeadline());

        assertThat(a.state()).isEqualTo(State.MASTER);
        assertThat(b.state()).isEqualTo(State.MASTER);
    }

    @Test
    void aMasterFallingBackPullsTheOthersBack() {
        engine.broadcast(new Event.Startup(), 0);
        engine.broadcast(new Event.Tick(), engine.nextDeadline());

        engine.handle(a, Fixtures.from("10.1.1.162", Fixtures.v2(200)), 5 * S);

        assertThat(a.state()).isEqualTo(State.BACKUP);
        assertThat(b.state()).isEqualTo(State.BACKUP);
        assertThat(lone.state()).isEqualTo(State.MASTER);
    }
}
