package io.fulcrum.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.model.codec.DocumentCodec;
import org.junit.jupiter.api.Test;

class ConfigDocumentTest {
    static final ConfigDocument CONFIG = DocumentCodec.decodeDocument(DocumentCodec.parse("""
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
              - {name: web, address: 192.168.10.100, port: 80, vrrpGroup: VI_1}
              - {name: marked, fwmark: 7, directors: [lb3]}
            """), false);

    @Test
    void theVirtualServersADirectorServesAreThoseOfItsGroupsAndThoseThatNameIt() {
        assertThat(CONFIG.servedBy("lb2")).extracting(v -> v.name()).containsExactly("web");
        assertThat(CONFIG.servedBy("lb3")).extracting(v -> v.name()).containsExactly("marked");
        assertThat(CONFIG.servedBy("nobody")).isEmpty();
    }

    @Test
    void aDirectorsGroupsAreThoseThatListItAsAMember() {
        assertThat(CONFIG.groupsOf("lb1")).extracting(VrrpGroup::name).containsExactly("VI_1");
        assertThat(CONFIG.groupsOf("lb3")).isEmpty();
    }
}
