package io.fulcrum.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayChunksTest {
    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void aSmallEventIsOnePayloadTaggedWithItsReplica() {
        List<String> p = RelayChunks.split("r1", 7, "{\"type\":\"health\"}", RelayChunks.PAYLOAD_BYTES);
        assertThat(p).containsExactly("r1:7:0:1:{\"type\":\"health\"}");
        assertThat(RelayChunks.parse(p.get(0)))
                .isEqualTo(new RelayChunks.Piece("r1", 7, 0, 1, "{\"type\":\"health\"}"));
    }

    @Test
    void theCountersOfABigDirectorGoInPiecesThatEachFitOneNotifyAndComeBackWhole() {
        String json = EventJson.data(counters(400)).toString();
        assertThat(RelayChunks.bytes(json)).isGreaterThan(8_000);
        List<String> payloads = RelayChunks.split("abc", 3, json, RelayChunks.PAYLOAD_BYTES);
        assertThat(payloads).hasSizeGreaterThan(1);
        assertThat(payloads).allSatisfy(p -> assertThat(RelayChunks.bytes(p)).isLessThanOrEqualTo(7_900));
        RelayChunks.Assembler a = new RelayChunks.Assembler();
        List<String> done = new ArrayList<>();
        for (String p : payloads) {
            String whole = a.accept(RelayChunks.parse(p));
            if (whole != null) done.add(whole);
        }
        assertThat(done).containsExactly(json);
        assertThat(EventJson.event(done.get(0))).isEqualTo(counters(400));
        assertThat(a.pending()).isZero();
    }

    @Test
    void piecesNeverSplitACharacterAndStayWithinTheirBytes() {
        String json = "é€😀x".repeat(500); // 2, 3, 4 and 1 bytes in UTF-8
        List<String> payloads = RelayChunks.split("r", 1, json, 100);
        StringBuilder back = new StringBuilder();
        for (String p : payloads) {
            assertThat(RelayChunks.bytes(p)).isLessThanOrEqualTo(100);
            RelayChunks.Piece piece = RelayChunks.parse(p);
            assertThat(Character.isLowSurrogate(piece.text().charAt(0))).isFalse();
            back.append(piece.text());
        }
        assertThat(back.toString()).isEqualTo(json);
    }

    @Test
    void anEventOfMoreThanTheMostPiecesIsNotSplit() {
        assertThat(RelayChunks.split("r", 1, "x".repeat(RelayChunks.MAX_PIECES * 100), 100))
                .isEmpty();
    }

    @Test
    void piecesOfTwoReplicasInterleavedAreEachPutTogether() {
        List<String> a = RelayChunks.split("a", 1, "A".repeat(250), 100);
        List<String> b = RelayChunks.split("b", 1, "B".repeat(250), 100);
        assertThat(a).hasSize(b.size()).hasSizeGreaterThan(2);
        RelayChunks.Assembler as = new RelayChunks.Assembler();
        List<String> done = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String x = as.accept(RelayChunks.parse(a.get(i)));
            String y = as.accept(RelayChunks.parse(b.get(i)));
            if (x != null) done.add(x);
            if (y != null) done.add(y);
        }
        assertThat(done).containsExactly("A".repeat(250), "B".repeat(250));
    }

    @Test
    void aMessageWithAPieceMissingIsDroppedAndTheNextOneStillArrives() {
        List<String> first = RelayChunks.split("r", 1, "1".repeat(250), 100);
        List<String> second = RelayChunks.split("r", 2, "2".repeat(250), 100);
        RelayChunks.Assembler a = new RelayChunks.Assembler();
        assertThat(a.accept(RelayChunks.parse(first.get(0)))).isNull();
        // first.get(1) lost while the listener reconnected
        for (int i = 2; i < first.size(); i++)
            assertThat(a.accept(RelayChunks.parse(first.get(i)))).isNull();
        String whole = null;
        for (String p : second) whole = a.accept(RelayChunks.parse(p));
        assertThat(whole).isEqualTo("2".repeat(250));
        assertThat(a.pending()).isZero();
    }

    @Test
    void aPayloadThatIsNoRelayedEventIsRefused() {
        assertThatThrownBy(() -> RelayChunks.parse("42")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RelayChunks.parse("r:x:0:1:{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RelayChunks.parse("r:1:1:1:{}")).isInstanceOf(IllegalArgumentException.class);
    }

    static LiveEvent.Counters counters(int virtualServers) {
        List<LiveEvent.VirtualServerCounters> vs = new ArrayList<>();
        for (int i = 0; i < virtualServers; i++)
            vs.add(new LiveEvent.VirtualServerCounters(
                    "vs-" + i, i, 2, 3, 4, 5, 6, List.of(new LiveEvent.RealServerCounters("rs-" + i, 1, 2, 3, 4, 5))));
        return new LiveEvent.Counters("d1", AT, vs);
    }
}
