package io.fulcrum.agent.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.api.agent.v1.Resource;
import io.fulcrum.api.v1.Director;
import io.fulcrum.api.v1.RealServer;
import io.fulcrum.wire.agent.DesiredStates;
import io.fulcrum.wire.agent.DesiredStates.Key;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppliedStateStoreTest {
    @TempDir
    Path dir;

    static AppliedState state(long revision, String weight) {
        SortedMap<Key, Resource> r = new TreeMap<>();
        Key lb1 = Key.director("lb1");
        r.put(
                lb1,
                Resource.newBuilder()
                        .setKey(DesiredStates.wire(lb1))
                        .setDirector(Director.newBuilder().setName("lb1").setManagementAddress("10.0.0.1"))
                        .build());
        Key a = Key.realServer("web", "a");
        r.put(
                a,
                Resource.newBuilder()
                        .setKey(DesiredStates.wire(a))
                        .setRealServer(RealServer.newBuilder()
                                .setName("a")
                                .setAddress("10.0.1.1")
                                .setWeight(Integer.parseInt(weight))
                                .putLabels("zone", "b")
                                .putLabels("rack", "r1"))
                        .build());
        return new AppliedState(revision, DesiredStates.digest(r), r);
    }

    @Test
    void aSavedStateIsReadBackExactly() throws Exception {
        AppliedStateStore store = new AppliedStateStore(dir.resolve("state"));
        assertThat(store.load()).isEmpty();

        store.save(state(3, "1"));
        store.save(state(4, "2"));

        assertThat(store.load()).contains(state(4, "2"));
        try (var files = Files.list(dir.resolve("state"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactly("desired-state.json"); // no temporary file left
        }
    }

    @Test
    void aFileThatIsNotWhatWasSavedIsRefusedWithTheReason() throws Exception {
        AppliedStateStore store = new AppliedStateStore(dir);
        Path f = store.file();

        Files.writeString(f, "not json at all {");
        assertThatThrownBy(store::load).hasMessageContaining("is not readable JSON");

        Files.writeString(f, "{\"desiredState\": {\"revision\": \"0\", \"digest\": \"\", \"full\": true}}");
        assertThatThrownBy(store::load).hasMessageContaining("lacks a revision, a digest or its resources");

        store.save(state(4, "2"));
        Files.writeString(f, Files.readString(f).replace("REAL_SERVER", "WIDGET"));
        assertThatThrownBy(store::load).hasMessageContaining("holds a resource that is not valid");

        store.save(state(4, "2"));
        Files.writeString(f, Files.readString(f).replace("\"weight\": 2", "\"weight\": 3"));
        assertThatThrownBy(store::load).hasMessageContaining("do not match its digest");
    }

    @Test
    void aFileOfAnOlderAgentIsRefusedSayingSo() throws Exception {
        AppliedStateStore store = new AppliedStateStore(dir);
        Files.writeString(
                store.file(),
                "{\"revision\": 4, \"digest\": \"" + "0".repeat(64) + "\", \"savedAt\": \"2026-01-01T00:00:00Z\","
                        + " \"resources\": [{\"kind\": \"DIRECTOR\", \"virtualServer\": \"\", \"name\": \"lb1\","
                        + " \"json\": \"{\\\"name\\\":\\\"lb1\\\"}\"}]}");
        assertThatThrownBy(store::load)
                .hasMessageContaining("is in the format of an older agent")
                .hasMessageContaining("the control plane sends the state again");
    }
}
