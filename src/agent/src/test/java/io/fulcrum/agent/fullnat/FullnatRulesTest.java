package io.fulcrum.agent.fullnat;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.table.DesiredTables;
import io.fulcrum.agent.table.Destination;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Enums;
import io.fulcrum.model.codec.DocumentCodec;
import org.junit.jupiter.api.Test;

class FullnatRulesTest {
    static final String DOC = """
            apiVersion: fulcrum/v1
            directors:
              - {name: lb1, managementAddress: 10.0.0.1, fullnatAddresses: [10.20.0.50, "2001:db8::50", 10.20.0.51]}
              - {name: lb2, managementAddress: 10.0.0.2}
            virtualServers:
              - name: web
                address: 10.10.0.100
                port: 80
                forwarding: fullnat
                directors: [lb1, lb2]
                realServers:
                  - {name: a, address: 10.20.0.11}
                  - {name: b, address: 10.20.0.12, forwarding: fullnat}
              - name: dns6
                address: "2001:db8::1"
                port: 53
                protocol: udp
                forwarding: fullnat
                directors: [lb1]
                realServers: [{name: a, address: "2001:db8::11"}]
              - name: plain
                address: 10.10.0.101
                port: 80
                directors: [lb1]
                realServers: [{name: a, address: 10.20.0.11}]
            """;

    static final ConfigDocument CONFIG = DocumentCodec.decodeDocument(DocumentCodec.parse(DOC), false);

    @Test
    void aFullnatServiceGetsTheDirectorsAddressesOfItsFamilyInOrder() {
        var wanted = FullnatRules.forDirector(CONFIG, "lb1");
        assertThat(wanted.warnings()).isEmpty();
        assertThat(wanted.rules())
                .extracting(r -> r.service() + " via "
                        + r.pool().stream().map(a -> a.getHostAddress()).toList())
                .containsExactly(
                        "tcp 10.10.0.100:80 via [10.20.0.50, 10.20.0.51]",
                        "udp [2001:db8::1]:53 via [2001:db8:0:0:0:0:0:50]");
    }

    @Test
    void aDirectorWithoutAddressesOfTheFamilyIsWarnedAndGetsNoRule() {
        var wanted = FullnatRules.forDirector(CONFIG, "lb2");
        assertThat(wanted.rules()).isEmpty();
        assertThat(wanted.warnings())
                .containsExactly("virtual server 'web' forwards with fullnat, but director 'lb2' has no IPv4"
                        + " fullnatAddresses: it masquerades only, its real servers see the clients");
    }

    @Test
    void ipvsMasqueradesAFullnatService() {
        var table = DesiredTables.forDirector(CONFIG, "lb1");
        ServiceKey web = table.services().keySet().stream()
                .filter(k -> k.port() == 80 && k.address().getHostAddress().equals("10.10.0.100"))
                .findFirst()
                .orElseThrow();
        assertThat(table.services().get(web).destinations().values())
                .extracting(Destination::forwarding)
                .containsOnly(Enums.Forwarding.NAT);
    }
}
