package io.fulcrum.agent.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.health.HealthView;
import io.fulcrum.health.decide.Health;
import io.fulcrum.health.decide.RealServerHealth;
import io.fulcrum.health.decide.RealServerRef;
import io.fulcrum.health.decide.VirtualServerHealth;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Enums;
import io.fulcrum.model.codec.DocumentCodec;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DesiredTablesTest {
    static final String DOC = """
            apiVersion: fulcrum/v1
            directors:
              - {name: lb1, managementAddress: 10.0.0.1}
              - {name: lb2, managementAddress: 10.0.0.2}
              - {name: lb3, managementAddress: 10.0.0.3}
            vrrpGroups:
              - name: VI_1
                vrid: 51
                interface: eth0
                virtualAddresses: [{address: 192.168.10.100/24}]
                members: [{director: lb1, priority: 150}, {director: lb2, priority: 100}]
            virtualServers:
              - name: web
                address: 192.168.10.100
                port: 80
                scheduler: wrr
                forwarding: dr
                vrrpGroup: VI_1
                persistence: {timeoutSeconds: 300, prefixLength: 24}
                realServers:
                  - {name: a, address: 192.168.10.11, weight: 3}
                  - {name: b, address: 192.168.10.12, adminState: draining}
                  - {name: c, address: 192.168.10.13, adminState: disabled}
                  - {name: d, address: 192.168.10.14, port: 8080, forwarding: tun}
              - name: marked
                fwmark: 7
                scheduler: sh
                directors: [lb3]
                realServers:
                  - {name: a, address: 10.1.0.1}
            """;

    static final ConfigDocument CONFIG = DocumentCodec.decodeDocument(DocumentCodec.parse(DOC), false);

    @Test
    void aDirectorGetsTheVirtualServersOfItsGroupsAndThoseThatNameIt() {
        assertThat(DesiredTables.forDirector(CONFIG, "lb1").services().keySet())
                .extracting(ServiceKey::toString)
                .containsExactly("tcp 192.168.10.100:80");
        assertThat(DesiredTables.forDirector(CONFIG, "lb3").services().keySet())
                .extracting(ServiceKey::toString)
                .containsExactly("fwmark 7");
        assertThat(DesiredTables.forDirector(CONFIG, "nobody").services()).isEmpty();
    }

    @Test
    void realServersFollowTheirAdminStateAndInheritTheVirtualServersSettings() {
        Table.Entry web = DesiredTables.forDirector(CONFIG, "lb2")
                .services()
                .values()
                .iterator()
                .next();

        assertThat(web.service().persistence()).hasSeconds(300);
        assertThat(web.service().persistencePrefix()).isEqualTo(24);
        assertThat(web.destinations().values())
                .extracting(d -> d.key().toString())
                .containsExactlyInAnyOrder("192.168.10.11:80", "192.168.10.12:80", "192.168.10.14:8080");
        Destination b = web.destinations().values().stream()
                .filter(d -> d.key().toString().startsWith("192.168.10.12"))
                .findFirst()
                .orElseThrow();
        assertThat(b.draining()).isTrue();
        Destination d = web.destinations().values().stream()
                .filter(x -> x.port() == 8080)
                .findFirst()
                .orElseThrow();
        assertThat(d.forwarding()).isEqualTo(Enums.Forwarding.TUN);
        assertThat(d.tunnelType()).isEqualTo(Enums.TunnelType.IPIP);
        assertThat(web.destinations().values())
                .filteredOn(x -> x.port() == 80 && !x.draining())
                .singleElement()
                .satisfies(x -> assertThat(x.forwarding()).isEqualTo(Enums.Forwarding.DR));
    }

    static final String CHECKED = """
            apiVersion: fulcrum/v1
            directors:
              - {name: lb1, managementAddress: 10.0.0.1}
            virtualServers:
              - name: web
                address: 192.168.20.100
                port: 80
                scheduler: wrr
                directors: [lb1]
                quorum: 2
                healthCheck: {type: tcp}
                sorryServer: {address: 192.168.20.99, port: 8080}
                realServers:
                  - {name: a, address: 192.168.20.11, weight: 3}
                  - {name: b, address: 192.168.20.12, inhibitOnFailure: true}
                  - {name: c, address: 192.168.20.13, upperThreshold: 50}
            """;

    static final ConfigDocument CHECKED_CONFIG = DocumentCodec.decodeDocument(DocumentCodec.parse(CHECKED), false);

    static HealthView health(boolean quorumUp, String... down) {
        Map<RealServerRef, RealServerHealth> rs = new HashMap<>();
        for (String name : down)
            rs.put(
                    new RealServerRef("web", name),
                    new RealServerHealth(Health.DOWN, "connect refused", null, Instant.EPOCH, null, true));
        return new HealthView(rs, Map.of("web", new VirtualServerHealth(quorumUp, 0, !quorumUp)));
    }

    static Map<String, Integer> weights(Table t) {
        Map<String, Integer> out = new TreeMap<>();
        t.services()
                .values()
                .iterator()
                .next()
                .destinations()
                .values()
                .forEach(d -> out.put(d.key().toString(), d.weight()));
        return out;
    }

    @Test
    void aRealServerThatIsDownLeavesTheTableUnlessItInhibitsThenItStaysAtWeightZero() {
        Table t = DesiredTables.forDirector(CHECKED_CONFIG, "lb1", health(true, "a", "b"));

        assertThat(weights(t)).containsExactly(Map.entry("192.168.20.12:80", 0), Map.entry("192.168.20.13:80", 1));
        Destination c = t.services().values().iterator().next().destinations().values().stream()
                .filter(d -> d.key().toString().equals("192.168.20.13:80"))
                .findFirst()
                .orElseThrow();
        assertThat(c.upperThreshold()).as("its own settings stay").isEqualTo(50);
    }

    @Test
    void withoutQuorumTheSorryServerIsInAndWithItOut() {
        assertThat(weights(DesiredTables.forDirector(CHECKED_CONFIG, "lb1", health(false, "a", "c"))))
                .containsExactly(Map.entry("192.168.20.12:80", 0), Map.entry("192.168.20.99:8080", 1));
        assertThat(weights(DesiredTables.forDirector(CHECKED_CONFIG, "lb1", HealthView.EMPTY)))
                .as("nothing known yet: every real server at its weight, no sorry server")
                .containsExactly(
                        Map.entry("192.168.20.11:80", 3),
                        Map.entry("192.168.20.12:80", 1),
                        Map.entry("192.168.20.13:80", 1));
    }
}
