package io.fulcrum.wire.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.api.agent.v1.ControlMessage;
import io.fulcrum.api.agent.v1.DesiredState;
import io.fulcrum.api.agent.v1.Resource;
import io.fulcrum.api.v1.RealServer;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.wire.agent.DesiredStates.Key;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A director's state as the control plane encodes it and the agent reads it back. */
class DesiredStatesTest {
    static final String DOC = """
            apiVersion: fulcrum/v1
            directors:
              - {name: lb1, managementAddress: 10.0.0.1, labels: {zone: a, rack: r1, tier: edge}}
              - {name: lb2, managementAddress: 10.0.0.2}
            vrrpGroups:
              - name: VI_1
                vrid: 51
                interface: eth0
                virtualAddresses: [{address: 192.168.1.100}]
                members: [{director: lb1, priority: 150}, {director: lb2, priority: 100}]
                authentication: {type: pass, password: s3cr3tpw}
            virtualServers:
              - name: web
                labels: {app: shop, env: prod}
                address: 192.168.1.100
                port: 80
                vrrpGroup: VI_1
                realServers:
                  - {name: a, address: 10.0.1.1, labels: {b: "2", a: "1"}}
                  - {name: b, address: 10.0.1.2, weight: 3}
            """;

    static ConfigDocument doc(String yaml) {
        return DocumentCodec.decodeDocument(DocumentCodec.parse(yaml), true);
    }

    /** What the agent holds after the control plane sent {@code resources} as a full snapshot over the wire. */
    static SortedMap<Key, Resource> received(SortedMap<Key, Resource> resources) throws Exception {
        DesiredState.Builder d = DesiredState.newBuilder().setRevision(1).setFull(true);
        resources.values().forEach(d::addPut);
        byte[] wire = ControlMessage.newBuilder().setDesired(d).build().toByteArray();
        return DesiredStates.apply(
                new TreeMap<>(), ControlMessage.parseFrom(wire).getDesired());
    }

    @Test
    void aStateReadBackIsTheDocumentItWasMadeOf() throws Exception {
        ConfigDocument d = doc(DOC);
        ConfigDocument back = DesiredDocuments.document(received(DesiredStates.resources(d)), 1);
        assertThat(back.directors()).isEqualTo(d.directors());
        assertThat(back.vrrpGroups()).isEqualTo(d.vrrpGroups());
        assertThat(back.virtualServers()).isEqualTo(d.virtualServers());
    }

    @Test
    void theVrrpPasswordReachesTheAgent() throws Exception {
        SortedMap<Key, Resource> sent = DesiredStates.resources(doc(DOC));
        assertThat(sent.get(Key.vrrpGroup("VI_1"))
                        .getVrrpGroup()
                        .getAuthentication()
                        .getPassword())
                .isEqualTo("s3cr3tpw");
        VrrpGroup g = DesiredDocuments.document(received(sent), 1).vrrpGroups().get(0);
        assertThat(g.authentication().password().reveal()).isEqualTo("s3cr3tpw");
    }

    @Test
    void theDigestsOfBothEndsAgreeWhateverOrderTheLabelsWereFilledIn() throws Exception {
        SortedMap<Key, Resource> controlPlane = DesiredStates.resources(doc(DOC));
        SortedMap<Key, Resource> agent = received(controlPlane);
        assertThat(DesiredStates.digest(agent)).isEqualTo(DesiredStates.digest(controlPlane));

        // the same real server, its labels put in two orders: different plain bytes, one digest
        Key k = Key.realServer("web", "a");
        RealServer ab = RealServer.newBuilder()
                .setName("a")
                .setAddress("10.0.1.1")
                .putLabels("a", "1")
                .putLabels("b", "2")
                .putLabels("c", "3")
                .build();
        RealServer cba = RealServer.newBuilder()
                .setName("a")
                .setAddress("10.0.1.1")
                .putLabels("c", "3")
                .putLabels("b", "2")
                .putLabels("a", "1")
                .build();
        assertThat(ab.toByteString()).isNotEqualTo(cba.toByteString());
        SortedMap<Key, Resource> one = new TreeMap<>(controlPlane);
        one.put(
                k,
                Resource.newBuilder()
                        .setKey(DesiredStates.wire(k))
                        .setRealServer(ab)
                        .build());
        SortedMap<Key, Resource> other = new TreeMap<>(controlPlane);
        other.put(
                k,
                Resource.newBuilder()
                        .setKey(DesiredStates.wire(k))
                        .setRealServer(cba)
                        .build());
        assertThat(DesiredStates.digest(received(one))).isEqualTo(DesiredStates.digest(other));
        assertThat(DesiredStates.digest(one)).isNotEqualTo(DesiredStates.digest(controlPlane));
    }

    @Test
    void theDigestIsTheSumOfItsResourcesWhateverTheirOrder() {
        SortedMap<Key, Resource> r = DesiredStates.resources(doc(DOC));
        DesiredStates.Digest d = new DesiredStates.Digest();
        r.entrySet().stream()
                .sorted((a, b) -> b.getKey().compareTo(a.getKey()))
                .forEach(e -> d.add(e.getKey(), e.getValue()));
        assertThat(d.hex()).isEqualTo(DesiredStates.digest(r)).hasSize(64);
        var first = r.entrySet().iterator().next();
        d.remove(first.getKey(), first.getValue());
        SortedMap<Key, Resource> less = new TreeMap<>(r);
        less.remove(first.getKey());
        assertThat(d.hex()).isEqualTo(DesiredStates.digest(less));
    }
}
