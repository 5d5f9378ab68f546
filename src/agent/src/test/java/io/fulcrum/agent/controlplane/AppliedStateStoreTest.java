package io.fulcrum.agent.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        SortedMap<Key, String> r = new TreeMap<>();
        r.put(Key.director("lb1"), "{\"name\":\"lb1\",\"managementAddress\":\"10.0.0.1\"}");
        r.put(Key.realServer("web", "a"), "{\"name\":\"a\",\"address\":\"10.0.1.1\",\"weight\":" + weight + "}");
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

        Files.writeString(f, "{\"revision\": 0, \"digest\": \"\", \"resources\": []}");
        assertThatThrownBy(store::load).hasMessageContaining("lacks a revision, a digest or its resources");

        store.save(state(4, "2"));
        Files.writeString(f, Files.readString(f).replace("REAL_SERVER", "WIDGET"));
        assertThatThrownBy(store::load).hasMessageContaining("holds a resource that is not valid");

        store.save(state(4, "2"));
        Files.writeString(f, Files.readString(f).replace("\\\"weight\\\":2", "\\\"weight\\\":3"));
        assertThatThrownBy(store::load).hasMessageContaining("do not match its digest");
    }
}
