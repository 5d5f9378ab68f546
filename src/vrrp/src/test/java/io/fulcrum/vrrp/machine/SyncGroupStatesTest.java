package io.fulcrum.vrrp.machine;

import static io.fulcrum.vrrp.machine.State.BACKUP;
import static io.fulcrum.vrrp.machine.State.FAULT;
import static io.fulcrum.vrrp.machine.State.INITIALIZE;
import static io.fulcrum.vrrp.machine.State.MASTER;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.vrrp.machine.SyncGroupStates.Transition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A sync group's own state from its members', as keepalived's vrrp_sync.c moves a vrrp_sync_group. */
class SyncGroupStatesTest {
    final SyncGroupStates states = new SyncGroupStates();

    List<Transition> members(State... s) {
        return states.update(Map.of("SG", List.of(s)));
    }

    @Test
    void membersStillStartingGiveTheGroupNoStateAndNoTransition() {
        assertThat(members(INITIALIZE, INITIALIZE)).isEmpty();
        assertThat(states.state("SG")).isNull();
    }

    @Test
    void theGroupIsMasterOnlyOnceEveryMemberIs() {
        assertThat(members(BACKUP, BACKUP)).containsExactly(new Transition("SG", null, BACKUP));
        assertThat(members(MASTER, BACKUP)).as("one member ahead: still BACKUP").isEmpty();
        assertThat(members(MASTER, MASTER)).containsExactly(new Transition("SG", BACKUP, MASTER));
        assertThat(members(MASTER, MASTER)).as("no transition, no second hook").isEmpty();
    }

    @Test
    void oneMemberInFaultTakesTheGroupToFault() {
        members(MASTER, MASTER);

        assertThat(members(FAULT, MASTER)).containsExactly(new Transition("SG", MASTER, FAULT));
        assertThat(members(FAULT, FAULT)).isEmpty();
        assertThat(members(BACKUP, BACKUP)).containsExactly(new Transition("SG", FAULT, BACKUP));
    }

    @Test
    void everyMemberStoppedOrGoneStopsTheGroupOnce() {
        members(MASTER, MASTER);

        assertThat(members(INITIALIZE, MASTER)).as("stopping: not yet").isEmpty();
        assertThat(members(INITIALIZE, INITIALIZE)).containsExactly(new Transition("SG", MASTER, INITIALIZE));
        assertThat(states.update(Map.of())).as("then gone: no second STOP").isEmpty();

        states.update(Map.of("SG2", List.of(BACKUP)));
        assertThat(states.update(Map.of())).containsExactly(new Transition("SG2", BACKUP, INITIALIZE));
        assertThat(states.state("SG2")).isNull();
    }

    @Test
    void groupsAreDecidedApartInNameOrder() {
        assertThat(states.update(Map.of("b", List.of(BACKUP), "a", List.of(FAULT))))
                .containsExactly(new Transition("a", null, FAULT), new Transition("b", null, BACKUP));
    }
}
