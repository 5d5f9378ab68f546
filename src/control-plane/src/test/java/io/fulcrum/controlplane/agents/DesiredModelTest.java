package io.fulcrum.controlplane.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.model.RealServer;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.wire.agent.DesiredStates;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DesiredModelTest {
    static final VirtualServer WEB = DocumentCodec.decodeVirtualServer(
            DocumentCodec.parse(
                    "{name: web, address: 192.168.10.100, port: 80, realServers: [{name: a, address: 10.1.0.1}, {name: b, address: 10.1.0.2}]}"));

    static RealServer real(String yaml) {
        return DocumentCodec.decodeRealServer(DocumentCodec.parse(yaml));
    }

    @Test
    void aServerKeepsItsRealServersJsonByNameAndItselfWithoutThem() {
        DesiredModel.Server s = DesiredModel.Server.of(WEB, 5);
        assertThat(s.realServers()).containsOnlyKeys("a", "b");
        assertThat(s.realServers().get("a"))
                .isEqualTo(DesiredStates.resource("web", WEB.realServers().get(0)));
        assertThat(s.value().realServers()).isEmpty();
        assertThat(s.resource()).isEqualTo(DesiredStates.resource(WEB));
        assertThat(s.resource().getVirtualServer().getRealServersList()).isEmpty();
    }

    @Test
    void writesToSomeRealServersChangeOnlyThemAndTheRevisionOfTheLastChange() {
        DesiredModel.Server s = DesiredModel.Server.of(WEB, 5);
        RealServer a2 = real("{name: a, address: 10.1.0.1, weight: 7}");
        RealServer c = real("{name: c, address: 10.1.0.3}");
        DesiredModel.Server t = s.withRealServers(Map.of("a", a2, "c", c), Set.of("b"), 9);
        assertThat(t.realServers()).containsOnlyKeys("a", "c");
        assertThat(t.realServers().get("a")).isEqualTo(DesiredStates.resource("web", a2));
        assertThat(t.changedAt()).isEqualTo(9);
        assertThat(t.resource()).isSameAs(s.resource());
        assertThat(s.realServers()).containsOnlyKeys("a", "b"); // the earlier model is not touched
        // the same as reading the whole virtual server again
        DesiredModel.Server whole = DesiredModel.Server.of(WEB.withRealServers(List.of(a2, c)), 9);
        assertThat(t.realServers()).isEqualTo(whole.realServers());
    }

    @Test
    void writesThatChangeNothingAnAgentSeesKeepTheSameServer() {
        DesiredModel.Server s = DesiredModel.Server.of(WEB, 5);
        assertThat(s.withRealServers(Map.of("a", WEB.realServers().get(0)), Set.of("gone"), 9))
                .isSameAs(s);
    }
}
