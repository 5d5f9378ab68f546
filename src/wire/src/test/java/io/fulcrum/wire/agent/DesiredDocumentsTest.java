package io.fulcrum.wire.agent;

import static io.fulcrum.wire.agent.DesiredStatesTest.DOC;
import static io.fulcrum.wire.agent.DesiredStatesTest.doc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fulcrum.api.agent.v1.Resource;
import io.fulcrum.wire.agent.DesiredDocuments.Location;
import io.fulcrum.wire.agent.DesiredDocuments.Problem;
import io.fulcrum.wire.agent.DesiredDocuments.Refused;
import io.fulcrum.wire.agent.DesiredStates.Key;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A state the agent cannot run: refused with each error on the resource it concerns. */
class DesiredDocumentsTest {
    @Test
    void aBodyOfAnotherKindThanItsKeyIsRefusedOnThatResource() {
        SortedMap<Key, Resource> r = new TreeMap<>(DesiredStates.resources(doc(DOC)));
        Key k = Key.realServer("web", "b");
        r.put(
                k,
                Resource.newBuilder()
                        .setKey(DesiredStates.wire(k))
                        .setVirtualServer(r.get(Key.virtualServer("web")).getVirtualServer())
                        .build());
        Refused e = catchThrowableOfType(Refused.class, () -> DesiredDocuments.document(r, 2));
        assertThat(e.problems())
                .containsExactly(
                        new Problem(new Location(k, ""), "carries the body of a virtual-server, not of a real-server"));
        assertThat(e.getMessage()).contains("real-server web/b");
    }

    @Test
    void eachErrorIsOnItsResourceWithThePointerWithinIt() {
        SortedMap<Key, Resource> r = new TreeMap<>(DesiredStates.resources(doc(DOC)));
        Key b = Key.realServer("web", "b");
        r.put(
                b,
                r.get(b).toBuilder()
                        .setRealServer(r.get(b).getRealServer().toBuilder().setWeight(70000))
                        .build());
        Key lb2 = Key.director("lb2");
        r.put(
                lb2,
                r.get(lb2).toBuilder()
                        .setDirector(r.get(lb2).getDirector().toBuilder().setName("lb3"))
                        .build());
        Refused e = catchThrowableOfType(Refused.class, () -> DesiredDocuments.document(r, 2));
        assertThat(e.problems())
                .extracting(Problem::at)
                .containsExactlyInAnyOrder(new Location(lb2, "/name"), new Location(b, "/weight"));
    }

    @Test
    void aVirtualServerIsCheckedWithItsRealServersEachErrorOnTheRealServerItConcerns() {
        SortedMap<Key, Resource> r = new TreeMap<>(DesiredStates.resources(doc(DOC)));
        Key b = Key.realServer("web", "b");
        r.put(
                b,
                r.get(b).toBuilder()
                        .setRealServer(r.get(b).getRealServer().toBuilder().setAddress("10.0.1.1"))
                        .build());
        Refused e = catchThrowableOfType(Refused.class, () -> DesiredDocuments.document(r, 2));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.at()).isEqualTo(new Location(b, "/address"));
            assertThat(p.message()).contains("same address and port");
        });
        assertThat(e.errors())
                .singleElement()
                .satisfies(f -> assertThat(f.field()).isEqualTo("real-server web/b/address"));
    }

    @Test
    void anErrorAcrossResourcesIsOnTheResourceThatBreaksIt() {
        SortedMap<Key, Resource> r = new TreeMap<>(DesiredStates.resources(doc(DOC)));
        r.remove(Key.director("lb2"));
        Refused e = catchThrowableOfType(Refused.class, () -> DesiredDocuments.document(r, 2));
        assertThat(e.problems())
                .extracting(Problem::at)
                .containsExactly(new Location(Key.vrrpGroup("VI_1"), "/members/1/director"));
    }
}
