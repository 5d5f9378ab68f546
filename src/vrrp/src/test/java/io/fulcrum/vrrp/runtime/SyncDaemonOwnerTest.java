package io.fulcrum.vrrp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.model.VrrpGroup.ConnectionSync;
import io.fulcrum.vrrp.machine.Action.SyncDaemon.Role;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncDaemonOwnerTest {
    static final ConnectionSync A = new ConnectionSync("eth1", 1);
    static final ConnectionSync B = new ConnectionSync("eth2", 2);

    final List<String> kernel = new ArrayList<>();
    final SyncDaemonOwner owner = new SyncDaemonOwner((sync, role) -> kernel.add(role + " " + sync.iface()));

    @Test
    void aStoppedGroupDoesNotStopTheDaemonAnotherGroupStillUses() {
        owner.claim("web", A, Role.BACKUP);
        owner.claim("db", A, Role.BACKUP);
        owner.claim("web", A, null); // web removed: its machine's stop says "stop the sync daemon"
        assertThat(kernel).containsExactly("BACKUP eth1");
        owner.claim("db", A, null);
        assertThat(kernel).containsExactly("BACKUP eth1", "null eth1");
        assertThat(owner.running()).isNull();
    }

    @Test
    void theDaemonIsMasterWhileAnyGroupIsMasterAndBackupOnceNoneIs() {
        owner.claim("web", A, Role.BACKUP);
        owner.claim("db", A, Role.MASTER);
        owner.claim("web", A, Role.MASTER); // already master: nothing to tell the kernel
        owner.claim("db", A, Role.BACKUP); // web is still master
        assertThat(kernel).containsExactly("BACKUP eth1", "MASTER eth1");
        owner.claim("web", A, Role.BACKUP);
        assertThat(kernel).containsExactly("BACKUP eth1", "MASTER eth1", "BACKUP eth1");
    }

    @Test
    void theFirstGroupToClaimTheRunningRoleGivesItsInterfaceAndAnotherTakesOverWhenItLeaves() {
        owner.claim("web", A, Role.MASTER);
        owner.claim("db", B, Role.MASTER);
        assertThat(owner.running().sync()).isEqualTo(A);
        owner.claim("web", A, null);
        assertThat(kernel).containsExactly("MASTER eth1", "MASTER eth2");
        assertThat(owner.running().sync()).isEqualTo(B);
    }

    @Test
    void aReconfiguredGroupThatIsTheOnlyUserRestartsTheDaemonWithItsNewSettings() {
        owner.claim("web", A, Role.MASTER);
        owner.claim("web", A, null);
        owner.claim("web", B, Role.MASTER);
        assertThat(kernel).containsExactly("MASTER eth1", "null eth1", "MASTER eth2");
    }
}
