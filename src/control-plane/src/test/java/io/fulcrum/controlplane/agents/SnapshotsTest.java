package io.fulcrum.controlplane.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Director;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.wire.agent.DesiredDocuments;
import io.fulcrum.wire.agent.DesiredStates;
import io.fulcrum.wire.agent.DesiredStates.Key;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SnapshotsTest {
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
                authentication: {type: pass, password: s3cr3t!x}
            virtualServers:
              - name: web
                address: 192.168.10.100
                port: 80
                vrrpGroup: VI_1
                realServers: [{name: a, address: 10.1.0.1}, {name: b, address: 10.1.0.2}]
              - name: api
                address: 192.168.20.1
                port: 443
                directors: [lb2]
                realServers: [{name: x, address: 10.2.0.1}]
            """;

    static DesiredModel model(long revision, ConfigDocument doc, DesiredModel previous) {
        Map<String, DesiredModel.Entry<Director>> ds = new HashMap<>();
        doc.directors().forEach(d -> ds.put(d.name(), DesiredModel.entry(d)));
        Map<String, DesiredModel.Entry<VrrpGroup>> gs = new HashMap<>();
        doc.vrrpGroups().forEach(g -> gs.put(g.name(), DesiredModel.entry(g)));
        Map<String, DesiredModel.Server> vs = new HashMap<>();
        for (var v : doc.virtualServers()) {
            DesiredModel.Server before =
                    previous == null ? null : previous.virtualServers().get(v.name());
            // unchanged entries are shared, as the cache shares them (the same resource, the same real servers)
            DesiredModel.Server now = DesiredModel.Server.of(v, revision);
            vs.put(
                    v.name(),
                    before != null
                                    && before.resource().equals(now.resource())
                                    && before.realServers().equals(now.realServers())
                            ? before
                            : now);
        }
        return new DesiredModel(revision, ds, gs, vs);
    }

    static ConfigDocument doc(String yaml) {
        return DocumentCodec.decodeDocument(DocumentCodec.parse(yaml), true);
    }

    @Test
    void aDirectorGetsItsGroupsTheirVirtualServersThoseThatNameItAndTheDirectorsTheyReference() {
        DesiredModel m = model(1, doc(DOC), null);
        assertThat(Snapshots.select(m, "lb1"))
                .isEqualTo(new Snapshots.Selection(Set.of("lb1", "lb2"), Set.of("VI_1"), Set.of("web")));
        assertThat(Snapshots.select(m, "lb2").virtualServers()).containsExactlyInAnyOrder("web", "api");
        assertThat(Snapshots.select(m, "lb3").virtualServers()).isEmpty();
        assertThat(Snapshots.select(m, "gone").isEmpty()).isTrue();
    }

    @Test
    void theFirstAdvanceIsTheWholeStateWithTheVrrpPasswordAndTheDigestOfWhatIsHeld() {
        Snapshots.Held held = new Snapshots.Held();
        DesiredModel m = model(1, doc(DOC), null);
        Snapshots.Delta d = Snapshots.advance(held, m, Snapshots.select(m, "lb1"));
        assertThat(d.remove()).isEmpty();
        assertThat(d.put())
                .extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder(
                        Key.director("lb1"),
                        Key.director("lb2"),
                        Key.vrrpGroup("VI_1"),
                        Key.virtualServer("web"),
                        Key.realServer("web", "a"),
                        Key.realServer("web", "b"));
        assertThat(held.resources()
                        .get(Key.vrrpGroup("VI_1"))
                        .getVrrpGroup()
                        .getAuthentication()
                        .getPassword())
                .isEqualTo("s3cr3t!x");
        assertThat(held.resources()
                        .get(Key.virtualServer("web"))
                        .getVirtualServer()
                        .getRealServersList())
                .isEmpty();
        assertThat(held.digest()).isEqualTo(DesiredStates.digest(held.resources()));
        // and the agent rebuilds the same document from it
        ConfigDocument rebuilt = DesiredDocuments.document(held.resources(), 1);
        assertThat(rebuilt.servedBy("lb1").get(0).realServers()).hasSize(2);
        assertThat(rebuilt.vrrpGroups().get(0).authentication().password().reveal())
                .isEqualTo("s3cr3t!x");
    }

    @Test
    void laterAdvancesCarryOnlyWhatChangedForTheDirector() {
        Snapshots.Held lb1 = new Snapshots.Held();
        Snapshots.Held lb3 = new Snapshots.Held();
        DesiredModel m1 = model(1, doc(DOC), null);
        Snapshots.advance(lb1, m1, Snapshots.select(m1, "lb1"));
        Snapshots.advance(lb3, m1, Snapshots.select(m1, "lb3"));

        // api (not lb1's) changes: nothing for lb1
        DesiredModel m2 = model(2, doc(DOC.replace("address: 10.2.0.1", "address: 10.2.0.9")), m1);
        assertThat(Snapshots.advance(lb1, m2, Snapshots.select(m2, "lb1")).isEmpty())
                .isTrue();

        // web loses real server b and a changes weight: one put, one remove
        DesiredModel m3 = model(
                3,
                doc(DOC.replace(
                        "realServers: [{name: a, address: 10.1.0.1}, {name: b, address: 10.1.0.2}]",
                        "realServers: [{name: a, address: 10.1.0.1, weight: 5}]")),
                m2);
        Snapshots.Delta d = Snapshots.advance(lb1, m3, Snapshots.select(m3, "lb1"));
        assertThat(d.put()).extracting(Map.Entry::getKey).containsExactly(Key.realServer("web", "a"));
        assertThat(d.remove()).containsExactly(Key.realServer("web", "b"));
        assertThat(lb1.digest()).isEqualTo(DesiredStates.digest(lb1.resources()));
        assertThat(Snapshots.advance(lb3, m3, Snapshots.select(m3, "lb3")).isEmpty())
                .isTrue();

        // lb1 leaves the group: the group, its virtual server and lb2 are removed
        DesiredModel m4 = model(
                4,
                doc(DOC.replace(
                        "members: [{director: lb1, priority: 150}, {director: lb2, priority: 100}]",
                        "members: [{director: lb2, priority: 100}]")),
                m3);
        Snapshots.Delta left = Snapshots.advance(lb1, m4, Snapshots.select(m4, "lb1"));
        assertThat(left.put()).isEmpty();
        assertThat(left.remove())
                .containsExactlyInAnyOrder(
                        Key.director("lb2"),
                        Key.vrrpGroup("VI_1"),
                        Key.virtualServer("web"),
                        Key.realServer("web", "a"));
        assertThat(lb1.resources()).containsOnlyKeys(Key.director("lb1"));
        assertThat(lb1.digest()).isEqualTo(DesiredStates.digest(lb1.resources()));
    }

    @Test
    void advancingOnlyTheChangedVirtualServersGivesWhatAFullAdvanceGivesOrLeavesTheStateForIt() {
        DesiredModel m1 = model(1, doc(DOC), null);
        Snapshots.Held quick = new Snapshots.Held();
        Snapshots.Held full = new Snapshots.Held();
        Snapshots.advance(quick, m1, Snapshots.select(m1, "lb2"));
        Snapshots.advance(full, m1, Snapshots.select(m1, "lb2"));
        // web gains a weight; api (lb2's alone) is handed to lb3 as well, a director lb2 does not hold yet
        DesiredModel m2 = model(
                2,
                doc(DOC.replace("{name: a, address: 10.1.0.1}", "{name: a, address: 10.1.0.1, weight: 4}")
                        .replace("directors: [lb2]", "directors: [lb2, lb3]")),
                m1);
        assertThat(Snapshots.advanceServers(quick, m2, "lb2", Set.of("web", "api")))
                .as("the selection changes")
                .isNull();
        assertThat(quick.resources()).as("left as it was").isEqualTo(full.resources());
        Snapshots.Delta d = Snapshots.advance(quick, m2, Snapshots.select(m2, "lb2"));
        Snapshots.Delta expected = Snapshots.advance(full, m2, Snapshots.select(m2, "lb2"));
        assertThat(d).isEqualTo(expected);
        assertThat(d.put())
                .extracting(Map.Entry::getKey)
                .contains(Key.realServer("web", "a"), Key.director("lb3"), Key.virtualServer("api"));

        // without a new director, the quick way gives the same change as the full one
        DesiredModel m3 = model(
                3,
                doc(DOC.replace("{name: a, address: 10.1.0.1}", "{name: a, address: 10.1.0.1, weight: 4}")
                        .replace("{name: x, address: 10.2.0.1}", "{name: x, address: 10.2.0.7}")
                        .replace("directors: [lb2]", "directors: [lb2, lb3]")),
                m2);
        Snapshots.Delta q = Snapshots.advanceServers(quick, m3, "lb2", Set.of("api"));
        assertThat(q).isEqualTo(Snapshots.advance(full, m3, Snapshots.select(m3, "lb2")));
        assertThat(q.put()).extracting(Map.Entry::getKey).containsExactly(Key.realServer("api", "x"));
        assertThat(quick.digest()).isEqualTo(full.digest());
    }

    @Test
    void directorsSharingOnePushsHashesHaveTheDigestsOfTheirOwnStates() {
        DesiredModel m1 = model(1, doc(DOC), null);
        DesiredModel m2 = model(
                2,
                doc(DOC.replace("{name: a, address: 10.1.0.1}", "{name: a, address: 10.1.0.1, weight: 4}")
                        .replace("realServers: [{name: x, address: 10.2.0.1}]", "realServers: []")),
                m1);
        Map<String, Snapshots.Held> held = new HashMap<>();
        Snapshots.Hashes first = new Snapshots.Hashes();
        for (String d : Set.of("lb1", "lb2", "lb3")) {
            held.put(d, new Snapshots.Held());
            Snapshots.advance(held.get(d), m1, Snapshots.select(m1, d), first);
        }
        Snapshots.Hashes second = new Snapshots.Hashes();
        for (String d : Set.of("lb1", "lb2", "lb3")) {
            Snapshots.advanceServers(held.get(d), m2, d, Set.of("web", "api"), second);
            assertThat(held.get(d).digest())
                    .as(d)
                    .isEqualTo(DesiredStates.digest(held.get(d).resources()));
        }
        assertThat(held.get("lb2").resources()).doesNotContainKey(Key.realServer("api", "x"));
    }

    @Test
    void aChangeOfVirtualServersConcernsOnlyTheDirectorsServingThemBeforeOrNow() {
        DesiredModel m1 = model(1, doc(DOC), null);
        // web (VI_1: lb1, lb2) gains a weight; api moves from lb2 to lb3
        DesiredModel m2 = model(
                2,
                doc(DOC.replace("{name: a, address: 10.1.0.1}", "{name: a, address: 10.1.0.1, weight: 4}")
                        .replace("directors: [lb2]", "directors: [lb3]")),
                m1);
        assertThat(Snapshots.serving(m1, m2, Set.of("web"))).containsExactlyInAnyOrder("lb1", "lb2");
        assertThat(Snapshots.serving(m1, m2, Set.of("api"))).containsExactlyInAnyOrder("lb2", "lb3");
        // and any other director's state does not change
        DesiredModel m3 =
                model(3, doc(DOC.replace("{name: x, address: 10.2.0.1}", "{name: x, address: 10.2.0.9}")), m1);
        assertThat(Snapshots.serving(m1, m3, Set.of("api"))).containsExactly("lb2");
        for (String d : Set.of("lb1", "lb3")) {
            Snapshots.Held h = new Snapshots.Held();
            Snapshots.advance(h, m1, Snapshots.select(m1, d));
            assertThat(Snapshots.advanceServers(h, m3, d, Set.of("api")).isEmpty())
                    .as(d)
                    .isTrue();
        }
    }
}
