package io.fulcrum.agent.table;

import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Enums;
import io.fulcrum.model.codec.DocumentCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(DesiredTables.forDirector(CONFIG, "lb1").services().keySet()).extracting(ServiceKey::toString).containsExactly("tcp 192.168.10.100:80");
        assertThat(DesiredTables.forDirector(CONFIG, "lb3").services().keySet()).extracting(ServiceKey::toString).containsExactly("fwmark 7");
        assertThat(DesiredTables.forDirector(CONFIG, "nobody").services()).isEmpty();
    }

    @Test
    void realServersFollowTheirAdminStateAndInheritTheVirtualServersSettings() {
        Table.Entry web = DesiredTables.forDirector(CONFIG, "lb2").services().values().iterator().next();

        assertThat(web.service().persistence()).hasSeconds(300);
        assertThat(web.service().persistencePrefix()).isEqualTo(24);
        assertThat(web.destinations().values()).extracting(d -> d.key().toString())
                .containsExactlyInAnyOrder("192.168.10.11:80", "192.168.10.12:80", "192.168.10.14:8080");
        Destination b = web.destinations().values().stream().filter(d -> d.key().toString().startsWith("192.168.10.12")).findFirst().orElseThrow();
        assertThat(b.draining()).isTrue();
        Destination d = web.destinations().values().stream().filter(x -> x.port() == 8080).findFirst().orElseThrow();
        assertThat(d.forwarding()).isEqualTo(Enums.Forwarding.TUN);
        assertThat(d.tunnelType()).isEqualTo(Enums.TunnelType.IPIP);
        assertThat(web.destinations().values()).filteredOn(x -> x.port() == 80 && !x.draining())
                .singleElement().satisfies(x -> assertThat(x.forwarding()).isEqualTo(Enums.Forwarding.DR));
    }
}
