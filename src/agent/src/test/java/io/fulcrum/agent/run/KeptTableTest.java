package io.fulcrum.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.agent.table.DesiredTables;
import io.fulcrum.agent.table.ServiceKey;
import io.fulcrum.agent.table.Table;
import io.fulcrum.health.HealthView;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.codec.DocumentCodec;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The table kept one virtual server at a time is the table made whole from the same document. */
class KeptTableTest {
    static ConfigDocument doc(String... servers) {
        StringBuilder y = new StringBuilder("""
                apiVersion: fulcrum/v1
                directors: [{name: lb1, managementAddress: 10.0.0.1}, {name: lb2, managementAddress: 10.0.0.2}]
                virtualServers:
                """);
        for (String s : servers) y.append("  - ").append(s).append('\n');
        return DocumentCodec.decodeDocument(DocumentCodec.parse(y.toString()), false);
    }

    static Map<String, VirtualServer> byName(ConfigDocument d) {
        Map<String, VirtualServer> out = new HashMap<>();
        for (VirtualServer v : d.virtualServers()) out.put(v.name(), v);
        return out;
    }

    static final String A =
            "{name: a, address: 192.168.1.1, port: 80, directors: [lb1], realServers: [{name: r, address: 10.1.0.1}]}";
    static final String B =
            "{name: b, address: 192.168.1.2, port: 80, directors: [lb1], realServers: [{name: r, address: 10.1.0.2}]}";
    static final String C =
            "{name: c, address: 192.168.1.3, port: 80, directors: [lb1], realServers: [{name: r, address: 10.1.0.3}, {name: s, address: 10.1.0.4, weight: 3}]}";

    @Test
    void changesOfSomeVirtualServersGiveTheTableOfTheWholeDocument() {
        KeptTable kept = new KeptTable();
        ConfigDocument before = doc(A, B, C);
        kept.whole(before, "lb1", HealthView.EMPTY);
        assertThat(kept.served()).isEqualTo(3);

        // a and b swap their services, c loses a real server and moves to lb2, d is new
        ConfigDocument after = doc(
                A.replace("192.168.1.1", "192.168.1.2"),
                B.replace("192.168.1.2", "192.168.1.1"),
                C.replace(", {name: s, address: 10.1.0.4, weight: 3}", "").replace("[lb1]", "[lb2]"),
                "{name: d, address: 192.168.1.9, port: 443, directors: [lb1], realServers: [{name: r, address: 10.1.0.9}]}");
        Map<String, VirtualServer> now = byName(after);
        kept.put("a", now.get("a"));
        kept.put("b", now.get("b"));
        kept.put("c", null); // not served here any more
        kept.put("d", now.get("d"));
        Set<ServiceKey> keys = kept.refresh(HealthView.EMPTY);

        Table whole = DesiredTables.forDirector(after, "lb1", HealthView.EMPTY);
        assertThat(kept.table()).isEqualTo(whole);
        assertThat(kept.served()).isEqualTo(3);
        assertThat(keys)
                .containsExactlyInAnyOrder(
                        DesiredTables.serviceKey(now.get("a")),
                        DesiredTables.serviceKey(now.get("b")),
                        DesiredTables.serviceKey(byName(before).get("c")),
                        DesiredTables.serviceKey(now.get("d")));
        assertThat(kept.draining()).isFalse();
    }
}
