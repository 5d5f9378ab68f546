package io.fulcrum.wire.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Message;
import io.fulcrum.api.agent.v1.Resource;
import io.fulcrum.api.v1.Director;
import io.fulcrum.api.v1.RealServer;
import io.fulcrum.api.v1.VirtualServer;
import io.fulcrum.model.ResourceRef;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.wire.agent.DesiredDocuments.Location;
import io.fulcrum.wire.agent.DesiredDocuments.Problem;
import io.fulcrum.wire.agent.DesiredDocuments.Refused;
import io.fulcrum.wire.agent.DesiredStates.Key;
import io.fulcrum.wire.api.RestJson;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** An error of the document a state makes up names the resource that caused it, as data. */
class DesiredDocumentsLocateTest {
    /** A resource whose body is {@code json} (REST's form) read into {@code body}. */
    static Resource resource(Key k, String json, Message.Builder body) {
        RestJson.parse(DocumentCodec.parse(json), body);
        Resource.Builder r = Resource.newBuilder().setKey(DesiredStates.wire(k));
        switch (k.kind()) {
            case DIRECTOR -> r.setDirector((Director.Builder) body);
            case VIRTUAL_SERVER -> r.setVirtualServer((VirtualServer.Builder) body);
            case REAL_SERVER -> r.setRealServer((RealServer.Builder) body);
            default -> throw new IllegalArgumentException(k.toString());
        }
        return r.build();
    }

    static void put(SortedMap<Key, Resource> s, Key k, String json) {
        Message.Builder body = switch (k.kind()) {
            case DIRECTOR -> Director.newBuilder();
            case VIRTUAL_SERVER -> VirtualServer.newBuilder();
            default -> RealServer.newBuilder();
        };
        s.put(k, resource(k, json, body));
    }

    static SortedMap<Key, Resource> state() {
        SortedMap<Key, Resource> r = new TreeMap<>();
        put(r, Key.director("lb1"), "{\"name\":\"lb1\",\"managementAddress\":\"10.0.0.1\"}");
        put(
                r,
                Key.virtualServer("web"),
                "{\"name\":\"web\",\"address\":\"10.0.0.100\",\"port\":80,\"scheduler\":\"rr\",\"forwarding\":\"dr\",\"directors\":[\"lb1\"]}");
        put(
                r,
                Key.virtualServer("api"),
                "{\"name\":\"api\",\"address\":\"10.0.0.101\",\"port\":80,\"scheduler\":\"rr\",\"forwarding\":\"dr\",\"directors\":[\"lb1\"]}");
        put(r, Key.realServer("web", "b"), "{\"name\":\"b\",\"address\":\"10.0.1.2\"}");
        put(r, Key.realServer("web", "a"), "{\"name\":\"a\",\"address\":\"10.0.1.1\"}");
        put(r, Key.realServer("api", "z"), "{\"name\":\"z\",\"address\":\"10.0.2.1\"}");
        return r;
    }

    @Test
    void anErrorAcrossResourcesAndOneWithinAVirtualServerAreEachOnTheirResource() {
        SortedMap<Key, Resource> s = state();
        put(
                s,
                Key.virtualServer("web"),
                "{\"name\":\"web\",\"address\":\"10.0.0.100\",\"port\":80,\"scheduler\":\"rr\",\"forwarding\":\"dr\",\"directors\":[\"lb1\",\"lb9\"]}");
        Refused across = catchThrowableOfType(Refused.class, () -> DesiredDocuments.document(s, 3));
        assertThat(across.problems())
                .extracting(Problem::at)
                .containsExactly(new Location(Key.virtualServer("web"), "/directors/1"));

        put(s, Key.realServer("api", "z"), "{\"name\":\"z\",\"address\":\"2001:db8::1\"}");
        Refused within = catchThrowableOfType(Refused.class, () -> DesiredDocuments.document(s, 3));
        assertThat(within.problems())
                .extracting(Problem::at)
                .containsExactly(new Location(Key.realServer("api", "z"), "/address"));
    }

    @Test
    void theRefusalsErrorsCarryTheirObjectAndThePointerWithinIt() {
        SortedMap<Key, Resource> s = state();
        put(s, Key.realServer("web", "b"), "{\"name\":\"b\",\"address\":\"10.0.1.2\",\"weight\":70000}");
        Refused e = catchThrowableOfType(Refused.class, () -> DesiredDocuments.document(s, 3));
        assertThat(e.errors()).singleElement().satisfies(f -> {
            assertThat(f.field()).isEqualTo("real-server web/b/weight");
            assertThat(f.object()).isEqualTo(ResourceRef.realServer("web", "b"));
            assertThat(f.pointer()).isEqualTo("/weight");
        });
    }

    @Test
    void theErrorsOfARealDocumentLeadToTheirResources() {
        SortedMap<Key, Resource> s = state();
        put(s, Key.realServer("web", "b"), "{\"name\":\"b\",\"address\":\"10.0.1.2\",\"weight\":70000}");
        put(
                s,
                Key.virtualServer("api"),
                "{\"name\":\"api\",\"address\":\"10.0.0.101\",\"port\":0,\"scheduler\":\"rr\",\"forwarding\":\"dr\",\"directors\":[\"lb1\"]}");
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> DesiredDocuments.document(s, 3));

        assertThat(e.errors())
                .extracting(f -> Key.of(f.object()))
                .contains(Key.realServer("web", "b"), Key.virtualServer("api"));
        assertThat(e.errors()).allMatch(f -> f.object() != null);
    }
}
