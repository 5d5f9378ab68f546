package io.fulcrum.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.health.HealthView;
import io.fulcrum.health.decide.Health;
import io.fulcrum.health.decide.RealServerHealth;
import io.fulcrum.health.decide.RealServerRef;
import io.fulcrum.health.decide.VirtualServerHealth;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.vrrp.machine.Event;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** trackVirtualServers from the health checker's view, with a fake view: pure, nothing runs. */
class VirtualServerTrackingTest {
    static final String DOC = """
            apiVersion: fulcrum/v1
            directors: [{name: lb1, managementAddress: 10.0.0.1}, {name: lb2, managementAddress: 10.0.0.2}]
            vrrpGroups:
              - name: vg1
                vrid: 51
                interface: eth0
                virtualAddresses: [{address: 192.168.10.100}]
                members: [{director: lb1, priority: 150}, {director: lb2, priority: 100}]
                trackVirtualServers: [{virtualServer: web, weight: -60}, {virtualServer: dns}]
            virtualServers:
              - name: web
                address: 192.168.10.100
                port: 80
                vrrpGroup: vg1
                sorryServer: {address: 192.168.10.99}
                realServers:
                  - {name: a, address: 192.168.10.11}
                  - {name: b, address: 192.168.10.12}
              - name: dns
                address: 192.168.10.100
                port: 53
                protocol: udp
                vrrpGroup: vg1
                realServers:
                  - {name: a, address: 192.168.10.21}
            """;
    static final ConfigDocument doc = DocumentCodec.decodeDocument(DocumentCodec.parse(DOC), false);
    static final RealServerHealth UP = new RealServerHealth(Health.UP, "connected", null, null, null, true);
    static final RealServerHealth DOWN = new RealServerHealth(Health.DOWN, "connect refused", null, null, null, true);

    /** The checker's view: real servers by "vs/rs", and the virtual servers that lost quorum. */
    static HealthView view(Map<String, RealServerHealth> health, String... quorumLost) {
        Map<RealServerRef, RealServerHealth> rs = new HashMap<>();
        health.forEach((k, h) -> rs.put(new RealServerRef(k.split("/")[0], k.split("/")[1]), h));
        Map<String, VirtualServerHealth> vs = new HashMap<>();
        for (String v : List.of("web", "dns"))
            vs.put(
                    v,
                    new VirtualServerHealth(
                            !List.of(quorumLost).contains(v),
                            1,
                            List.of(quorumLost).contains(v)));
        return new HealthView(rs, vs);
    }

    @Test
    void aReloadThatDropsATrackedVirtualServerWithdrawsItsEffect() {
        VirtualServerTracking tracking = new VirtualServerTracking();
        tracking.changes(doc.vrrpGroups(), doc, view(Map.of("web/a", DOWN, "web/b", DOWN, "dns/a", DOWN)));
        var g = doc.vrrpGroups().get(0);
        var untracked = new VrrpGroup(
                g.name(),
                g.description(),
                g.labels(),
                g.vrid(),
                g.iface(),
                g.version(),
                g.advertInterval(),
                g.virtualAddresses(),
                g.members(),
                g.preempt(),
                g.preemptDelay(),
                g.authentication(),
                g.unicast(),
                g.syncGroup(),
                g.trackInterfaces(),
                g.trackScripts(),
                g.garp(),
                g.notifications(),
                g.vmac(),
                g.connectionSync(),
                List.of());

        assertThat(tracking.changes(List.of(untracked), doc, view(Map.of("web/a", DOWN, "web/b", DOWN, "dns/a", DOWN))))
                .containsExactly(
                        new VirtualServerTracking.Change(
                                "vg1",
                                new Event.PriorityAdjusted("virtual server web", 0),
                                "virtual server web is no longer tracked"),
                        new VirtualServerTracking.Change(
                                "vg1",
                                new Event.TrackFault("virtual server dns", false),
                                "virtual server dns is no longer tracked"));
        assertThat(tracking.changes(List.of(untracked), doc, view(Map.of()))).isEmpty();
    }

    @Test
    void aTrackedVirtualServerLosingItsLastHealthyRealServerLowersThePriorityByItsWeight() {
        VirtualServerTracking tracking = new VirtualServerTracking();
        var group = doc.vrrpGroups();

        assertThat(tracking.changes(group, doc, view(Map.of("web/a", UP, "web/b", DOWN, "dns/a", UP))))
                .extracting(VirtualServerTracking.Change::event)
                .as("first: everything, all healthy")
                .containsExactly(
                        new Event.PriorityAdjusted("virtual server web", 0),
                        new Event.TrackFault("virtual server dns", false));
        assertThat(tracking.changes(group, doc, view(Map.of("web/a", UP, "web/b", UP, "dns/a", UP))))
                .as("nothing changed for VRRP")
                .isEmpty();

        var lost = tracking.changes(group, doc, view(Map.of("web/a", DOWN, "web/b", DOWN, "dns/a", UP)));
        assertThat(lost)
                .containsExactly(new VirtualServerTracking.Change(
                        "vg1",
                        new Event.PriorityAdjusted("virtual server web", -60),
                        "virtual server web has no healthy real server: priority -60"));

        assertThat(tracking.changes(group, doc, view(Map.of("web/a", UP, "dns/a", UP))))
                .extracting(VirtualServerTracking.Change::event)
                .containsExactly(new Event.PriorityAdjusted("virtual server web", 0));
    }

    @Test
    void followsTheHealthCheckerAsItTakesTheLastRealServerOut() throws Exception {
        String checked = DOC.replace(
                        "{name: a, address: 192.168.10.11}",
                        "{name: a, address: 192.168.10.11, healthCheck: " + TCP + "}")
                .replace(
                        "{name: b, address: 192.168.10.12}",
                        "{name: b, address: 192.168.10.12, healthCheck: " + TCP + "}");
        ConfigDocument d = DocumentCodec.decodeDocument(DocumentCodec.parse(checked), false);
        ManualHealth health = new ManualHealth();
        try {
            health.monitor.update(d.servedBy("lb1"));
            VirtualServerTracking tracking = new VirtualServerTracking();
            health.timer.advance(Duration.ofSeconds(2));
            tracking.changes(d.vrrpGroups(), d, health.monitor.view());

            health.refusing.add(InetAddress.getByName("192.168.10.11"));
            health.timer.advance(Duration.ofSeconds(2));
            assertThat(tracking.changes(d.vrrpGroups(), d, health.monitor.view()))
                    .as("b still serves")
                    .isEmpty();

            health.refusing.add(InetAddress.getByName("192.168.10.12"));
            health.timer.advance(Duration.ofSeconds(2));
            assertThat(tracking.changes(d.vrrpGroups(), d, health.monitor.view()))
                    .extracting(VirtualServerTracking.Change::event)
                    .containsExactly(new Event.PriorityAdjusted("virtual server web", -60));

            health.refusing.remove(InetAddress.getByName("192.168.10.12"));
            health.timer.advance(Duration.ofSeconds(2));
            assertThat(tracking.changes(d.vrrpGroups(), d, health.monitor.view()))
                    .extracting(VirtualServerTracking.Change::event)
                    .containsExactly(new Event.PriorityAdjusted("virtual server web", 0));
        } finally {
            health.monitor.close();
        }
    }

    static final String TCP = "{type: tcp, intervalSeconds: 1, timeoutSeconds: 1, retries: 0, fall: 1, rise: 1}";

    @Test
    void withoutAWeightTheGroupGoesToFault() {
        var effects = VirtualServerTracking.effects(doc.vrrpGroups().get(0), doc, view(Map.of("dns/a", DOWN)));
        assertThat(effects).containsEntry("virtual server dns", new Event.TrackFault("virtual server dns", true));
    }

    @Test
    void aSorryServerInRotationIsNotAHealthyRealServer() {
        var effects = VirtualServerTracking.effects(
                doc.vrrpGroups().get(0), doc, view(Map.of("web/a", UP, "web/b", UP), "web"));
        assertThat(effects).containsEntry("virtual server web", new Event.PriorityAdjusted("virtual server web", -60));
    }

    @Test
    void aVirtualServerTheStateNoLongerHoldsHasNoEffect() {
        ConfigDocument without = new ConfigDocument(null, doc.directors(), List.of(), List.of());
        var effects = VirtualServerTracking.effects(doc.vrrpGroups().get(0), without, HealthView.EMPTY);
        assertThat(effects)
                .containsExactly(
                        Map.entry("virtual server web", new Event.PriorityAdjusted("virtual server web", 0)),
                        Map.entry("virtual server dns", new Event.TrackFault("virtual server dns", false)));
    }
}
