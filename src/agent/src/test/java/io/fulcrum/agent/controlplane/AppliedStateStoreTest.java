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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    /** What changed from {@code a} to {@code b}, appended as the client appends it. */
    static void append(AppliedStateStore store, AppliedState a, AppliedState b) throws Exception {
        List<Resource> put = new ArrayList<>();
        List<Key> removed = new ArrayList<>();
        b.resources().forEach((k, r) -> {
            if (!r.equals(a.resources().get(k))) put.add(r);
        });
        for (Key k : a.resources().keySet()) if (!b.resources().containsKey(k)) removed.add(k);
        store.append(a.revision(), b.revision(), b.digest(), put, removed, () -> b);
    }

    static AppliedState without(AppliedState s, long revision, Key k) {
        SortedMap<Key, Resource> r = new TreeMap<>(s.resources());
        r.remove(k);
        return new AppliedState(revision, DesiredStates.digest(r), r);
    }

    @Test
    void aRestartFromTheJournalGivesTheSameStateAndDigest() throws Exception {
        AppliedStateStore store = new AppliedStateStore(dir);
        store.save(state(3, "1"));
        append(store, state(3, "1"), state(4, "2"));
        append(store, state(4, "2"), state(5, "7"));
        AppliedState six = without(state(5, "7"), 6, Key.realServer("web", "a"));
        append(store, state(5, "7"), six);

        assertThat(new AppliedStateStore(dir).load()).contains(six);
        assertThat(Files.readString(store.file())).contains("\"revision\": \"3\""); // the file itself is not rewritten
        assertThat(Files.getPosixFilePermissions(dir.resolve(AppliedStateStore.JOURNAL)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aTornLastRecordIsIgnoredAndTheNextStateIsSavedInFull() throws Exception {
        AppliedStateStore store = new AppliedStateStore(dir);
        store.save(state(3, "1"));
        append(store, state(3, "1"), state(4, "2"));
        append(store, state(4, "2"), state(5, "7"));
        Path journal = dir.resolve(AppliedStateStore.JOURNAL);
        byte[] bytes = Files.readAllBytes(journal);
        Files.write(journal, Arrays.copyOf(bytes, bytes.length - 20)); // a crash in the middle of the last one

        AppliedStateStore restarted = new AppliedStateStore(dir);
        assertThat(restarted.load()).contains(state(4, "2"));
        append(restarted, state(4, "2"), state(6, "9"));
        assertThat(journal).doesNotExist(); // saved in full: no record after a torn one
        assertThat(new AppliedStateStore(dir).load()).contains(state(6, "9"));
    }

    @Test
    void aRecordThatDoesNotGiveItsDigestEndsTheJournal() throws Exception {
        AppliedStateStore store = new AppliedStateStore(dir);
        store.save(state(3, "1"));
        append(store, state(3, "1"), state(4, "2"));
        append(store, state(4, "2"), state(5, "7"));
        Path journal = dir.resolve(AppliedStateStore.JOURNAL);
        Files.writeString(journal, Files.readString(journal).replaceFirst("\"weight\":2", "\"weight\":3"));

        assertThat(new AppliedStateStore(dir).load()).contains(state(3, "1"));
    }

    @Test
    void aStateNotBuiltOnTheOneSavedLastIsSavedInFull() throws Exception {
        AppliedStateStore store = new AppliedStateStore(dir);
        store.save(state(3, "1"));
        append(store, state(3, "1"), state(4, "2"));
        append(store, state(2, "1"), state(7, "5")); // its base is not revision 4

        assertThat(dir.resolve(AppliedStateStore.JOURNAL)).doesNotExist();
        assertThat(new AppliedStateStore(dir).load()).contains(state(7, "5"));
    }

    @Test
    void theJournalIsFoldedIntoTheFileAfterEnoughRecords() throws Exception {
        AppliedStateStore store = new AppliedStateStore(dir, 5);
        store.save(state(1, "1"));
        for (int r = 1; r <= 6; r++)
            append(store, state(r, String.valueOf(r % 50 + 1)), state(r + 1, String.valueOf((r + 1) % 50 + 1)));

        long last = 7;
        assertThat(Files.readString(store.file())).contains("\"revision\": \"" + last + "\"");
        assertThat(dir.resolve(AppliedStateStore.JOURNAL)).doesNotExist();
        assertThat(new AppliedStateStore(dir).load()).contains(state(last, String.valueOf(last % 50 + 1)));
    }
}
