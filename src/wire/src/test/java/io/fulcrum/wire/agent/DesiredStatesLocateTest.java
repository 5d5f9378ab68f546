package io.fulcrum.wire.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Message;
import io.fulcrum.api.agent.v1.Resource;
import io.fulcrum.api.v1.Director;
import io.fulcrum.api.v1.RealServer;
import io.fulcrum.api.v1.VirtualServer;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.wire.agent.DesiredStates.Key;
import io.fulcrum.wire.agent.DesiredStates.Location;
import io.fulcrum.wire.api.RestJson;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** An error of the document a state makes up leads back to the resource that caused it. */
class DesiredStatesLocateTest {
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
    void aPointerIntoTheDocumentNamesTheResourceAtThatPlaceInKeyOrder() {
        SortedMap<Key, Resource> s = state();
        assertThat(DesiredStates.locate(s, "/virtualServers/1/port"))
                .isEqualTo(new Location(Key.virtualServer("web"), "/port"));
        assertThat(DesiredStates.locate(s, "/virtualServers/0")).isEqualTo(new Location(Key.virtualServer("api"), ""));
        assertThat(DesiredStates.locate(s, "/virtualServers/1/realServers/1/weight"))
                .isEqualTo(new Location(Key.realServer("web", "b"), "/weight"));
        assertThat(DesiredStates.locate(s, "/virtualServers/0/realServers/0/healthCheck/port"))
                .isEqualTo(new Location(Key.realServer("api", "z"), "/healthCheck/port"));
        assertThat(DesiredStates.locate(s, "/directors/0/managementAddress"))
                .isEqualTo(new Location(Key.director("lb1"), "/managementAddress"));
    }

    @Test
    void aKeysOwnNameIsReadBack() {
        SortedMap<Key, Resource> s = state();
        assertThat(DesiredStates.locate(s, "virtual-server web/name"))
                .isEqualTo(new Location(Key.virtualServer("web"), "/name"));
        assertThat(DesiredStates.locate(s, "real-server web/a"))
                .isEqualTo(new Location(Key.realServer("web", "a"), ""));
        assertThat(DesiredStates.locate(s, "real-server web/a/name"))
                .isEqualTo(new Location(Key.realServer("web", "a"), "/name"));
        assertThat(DesiredStates.locate(s, "vrrp-group VI_1")).isEqualTo(new Location(Key.vrrpGroup("VI_1"), ""));
    }

    @Test
    void aPathThatNamesNoSingleResourceConcernsTheWholeState() {
        SortedMap<Key, Resource> s = state();
        assertThat(DesiredStates.locate(s, "/directors")).isEqualTo(new Location(null, "/directors"));
        assertThat(DesiredStates.locate(s, "/virtualServers/7/port"))
                .isEqualTo(new Location(null, "/virtualServers/7/port"));
        assertThat(DesiredStates.locate(s, "/apiVersion")).isEqualTo(new Location(null, "/apiVersion"));
        assertThat(DesiredStates.locate(s, "")).isEqualTo(new Location(null, ""));
    }

    @Test
    void theErrorsOfARealDocumentLeadToTheirResources() {
        SortedMap<Key, Resource> s = state();
        put(s, Key.realServer("web", "b"), "{\"name\":\"b\",\"address\":\"10.0.1.2\",\"weight\":70000}");
        put(
                s,
                Key.virtualServer("api"),
                "{\"name\":\"api\",\"address\":\"10.0.0.101\",\"port\":0,\"scheduler\":\"rr\",\"forwarding\":\"dr\",\"directors\":[\"lb1\"]}");
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> DesiredStates.document(s, 3));

        assertThat(e.errors())
                .extracting(f -> DesiredStates.locate(s, f.field()).key())
                .contains(Key.realServer("web", "b"), Key.virtualServer("api"));
        assertThat(e.errors())
                .map(FieldError::field)
                .allMatch(f -> DesiredStates.locate(s, f).key() != null);
    }
}
