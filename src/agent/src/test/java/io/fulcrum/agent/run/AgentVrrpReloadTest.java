package io.fulcrum.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.health.HealthView;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.IpPrefix;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.vrrp.machine.Action;
import io.fulcrum.vrrp.machine.State;
import io.fulcrum.vrrp.packet.Decoded;
import io.fulcrum.vrrp.runtime.GroupChanges;
import io.fulcrum.vrrp.runtime.Host;
import io.fulcrum.vrrp.track.GroupScripts;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The agent's VRRP reload ({@link AgentVrrp#reconfigure}) on the real router thread with a fake host:
 * one director alone in its groups (VRRPv3 at 100 ms, master within half a second). Waits are bounded polls.
 */
class AgentVrrpReloadTest {
    static String doc(String groups) {
        return """
                apiVersion: fulcrum/v1
                directors: [{name: lb1, managementAddress: 10.0.0.1}]
                vrrpGroups:
                """ + groups;
    }

    static String group(String name, int vrid, String... vips) {
        StringBuilder b = new StringBuilder(
                "  - name: " + name + "\n    vrid: " + vrid + "\n    interface: eth0\n    version: 3\n"
                        + "    advertIntervalSeconds: 0.1\n    members: [{director: lb1, priority: 150}]\n    virtualAddresses:\n");
        for (String v : vips) b.append("      - {address: ").append(v).append("}\n");
        return b.toString();
    }

    static ConfigDocument parse(String yaml) {
        return DocumentCodec.decodeDocument(DocumentCodec.parse(yaml), false);
    }

    final FakeHost host = new FakeHost();

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 10 s: " + what);
            Thread.sleep(10);
        }
    }

    static State state(AgentVrrp vrrp, String group) {
        return vrrp.status().stream()
                .filter(s -> s.group().equals(group))
                .map(AgentVrrp.GroupStatus::state)
                .findFirst()
                .orElse(null);
    }

    @Test
    void aReloadUpdatesAMasterInPlaceStartsANewGroupAndStopsARemovedOne() throws Exception {
        List<String> transitions = new CopyOnWriteArrayList<>();
        AgentVrrp vrrp = AgentVrrp.start(
                parse(doc(group("vg1", 51, "192.168.10.100"))),
                "lb1",
                (g, from, to, reason) -> transitions.add(g + " " + from + " -> " + to),
                GroupScripts.NONE,
                HealthView.EMPTY,
                () -> host);
        try {
            await("vg1 becomes master", () -> state(vrrp, "vg1") == State.MASTER);
            var since = vrrp.status().get(0).since();
            transitions.clear();
            host.calls.clear();

            ConfigDocument two = parse(
                    doc(group("vg1", 51, "192.168.10.100", "192.168.10.101") + group("vg2", 52, "192.168.10.200")));
            assertThat(AgentVrrp.changed(vrrp, two, "lb1")).isTrue();
            List<GroupChanges.Change> changes = vrrp.reconfigure(two, HealthView.EMPTY);

            assertThat(changes).extracting(AgentVrrp::outcome).containsExactly("updated in place", "started");
            assertThat(host.calls).startsWith("add eth0 192.168.10.101/32", "announce eth0 [192.168.10.101] x5");
            assertThat(vrrp.status()).extracting(AgentVrrp.GroupStatus::group).containsExactly("vg1", "vg2");
            assertThat(vrrp.status().get(0).since()).as("vg1 kept its state").isEqualTo(since);
            await("vg2 becomes master", () -> state(vrrp, "vg2") == State.MASTER);
            assertThat(transitions).containsExactly("vg2 INITIALIZE -> BACKUP", "vg2 BACKUP -> MASTER");
            assertThat(AgentVrrp.changed(vrrp, two, "lb1")).isFalse();

            host.calls.clear();
            changes = vrrp.reconfigure(parse(doc(group("vg2", 52, "192.168.10.200"))), HealthView.EMPTY);

            assertThat(changes).extracting(AgentVrrp::outcome).containsExactly("stopped", "kept");
            assertThat(host.calls).contains("remove eth0 192.168.10.100/32", "remove eth0 192.168.10.101/32");
            assertThat(vrrp.status()).extracting(AgentVrrp.GroupStatus::group).containsExactly("vg2");
            assertThat(state(vrrp, "vg2")).isEqualTo(State.MASTER);
        } finally {
            vrrp.stop();
        }
    }

    static final class FakeHost implements Host {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public Channel open(String iface, boolean ipv6, InetAddress source, Consumer<Decoded> sink) {
            return new Channel() {
                @Override
                public void send(byte[] advert, InetAddress destination) {}

                @Override
                public void close() {}
            };
        }

        @Override
        public boolean linkUp(String iface) {
            return true;
        }

        @Override
        public AutoCloseable watchLinks(Consumer<LinkReport> sink) {
            return () -> {};
        }

        @Override
        public void createVmac(String name, String iface, byte[] mac, InetAddress linkLocal) {}

        @Override
        public void removeVmac(String name) {}

        @Override
        public InetAddress primaryAddress(String iface, boolean ipv6, List<InetAddress> except) {
            try {
                return InetAddress.getByName("192.168.10.1");
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public void addAddress(String iface, IpPrefix address, String label) {
            calls.add("add " + iface + " " + address);
        }

        @Override
        public void removeAddress(String iface, IpPrefix address) {
            calls.add("remove " + iface + " " + address);
        }

        @Override
        public void announce(String iface, List<InetAddress> addresses, int repeat) {
            calls.add("announce " + iface + " "
                    + addresses.stream().map(InetAddress::getHostAddress).toList() + " x" + repeat);
        }

        @Override
        public void syncDaemon(VrrpGroup.ConnectionSync sync, Action.SyncDaemon.Role role) {}

        @Override
        public void close() {}
    }
}
