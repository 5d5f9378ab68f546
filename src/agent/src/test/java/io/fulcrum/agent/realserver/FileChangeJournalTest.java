package io.fulcrum.agent.realserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.agent.realserver.HostNetwork.HostAddress;
import io.fulcrum.agent.realserver.RealServerRole.AddedAddress;
import io.fulcrum.agent.realserver.RealServerRole.BroughtUp;
import io.fulcrum.agent.realserver.RealServerRole.CreatedLink;
import io.fulcrum.agent.realserver.RealServerRole.SetSysctl;
import io.fulcrum.model.Enums.Forwarding;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileChangeJournalTest {
    @TempDir
    Path dir;

    final FakeHostNetwork network = new FakeHostNetwork();
    final FakeSysctl sysctl = new FakeSysctl()
            .with("net.ipv4.conf.all.arp_ignore", "0")
            .with("net.ipv4.conf.lo.arp_ignore", "0")
            .with("net.ipv4.conf.all.arp_announce", "0")
            .with("net.ipv4.conf.lo.arp_announce", "0");

    RealServerRole role(String... vips) {
        return new RealServerRole(
                Forwarding.DR,
                Arrays.stream(vips).map(RealServerRoleTest::ip).toList(),
                network,
                sysctl,
                new FileChangeJournal(dir));
    }

    @Test
    void everyKindOfChangeReadsBackAsWritten() throws Exception {
        List<RealServerRole.Change> changes = List.of(
                new CreatedLink("tunl0"),
                new BroughtUp("tunl0"),
                new SetSysctl("net.ipv4.conf.all.rp_filter", "2", "0"),
                new AddedAddress("lo", new HostAddress(InetAddress.getByName("192.0.2.10"), 32)),
                new AddedAddress("lo", new HostAddress(InetAddress.getByName("2001:db8::10"), 128)));
        new FileChangeJournal(dir).save(changes);

        assertThat(new FileChangeJournal(dir).load()).isEqualTo(changes);
    }

    @Test
    void aRoleStartedAgainAfterACrashStillUndoesWhatTheCrashedRunDid() {
        network.add("lo", true);
        role("192.0.2.10").start(); // then the process dies without stop: the record is on disk
        assertThat(dir.resolve(FileChangeJournal.FILE)).exists();
        network.calls.clear();
        sysctl.writes.clear();

        RealServerRole again = role("192.0.2.10");
        again.start();
        assertThat(network.calls).as("nothing left to do").isEmpty();
        again.stop();

        assertThat(network.calls).containsExactly("del 192.0.2.10/32 dev lo");
        assertThat(sysctl.writes)
                .as("the values from before the first start come back")
                .containsExactly(
                        "net.ipv4.conf.lo.arp_announce=0", "net.ipv4.conf.all.arp_announce=0",
                        "net.ipv4.conf.lo.arp_ignore=0", "net.ipv4.conf.all.arp_ignore=0");
        assertThat(dir.resolve(FileChangeJournal.FILE))
                .as("nothing left to undo")
                .doesNotExist();
    }

    @Test
    void aDamagedRecordIsRefusedWithWhereItIsAndNothingIsChanged() throws Exception {
        network.add("lo", true);
        Files.writeString(
                dir.resolve(FileChangeJournal.FILE),
                "[{\"change\":\"set-sysctl\",\"key\":\"net.ipv4.conf.all.arp_ignore\"}]");

        assertThatThrownBy(() -> role("192.0.2.10"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(FileChangeJournal.FILE)
                .hasMessageContaining("'previous'");
        assertThat(network.calls).isEmpty();
        assertThat(sysctl.writes).isEmpty();
    }
}
