package io.fulcrum.agent.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.netlink.NetlinkTransport;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's recording: what the kernel answered comes back byte for byte, as often as replayed. */
class NetlinkRecordingTest {
    static ByteBuffer bytes(int... b) {
        ByteBuffer out = ByteBuffer.allocate(b.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : b) out.put((byte) x);
        return out.flip();
    }

    /** Answers every send with two datagrams. */
    static final class Echo implements NetlinkTransport {
        final Deque<ByteBuffer> pending = new ArrayDeque<>();

        @Override
        public void send(ByteBuffer m) {
            pending.add(bytes(1, m.remaining()));
            pending.add(bytes(2, 3, 4));
        }

        @Override
        public ByteBuffer receive() {
            return pending.remove();
        }

        @Override
        public int portId() {
            return 77;
        }

        @Override
        public void close() {}
    }

    @Test
    void aReplayAnswersTheRecordedRequestsWithTheRecordedReplies(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dump.bin");
        try (NetlinkRecording.Recorder r = new NetlinkRecording.Recorder(new Echo(), file)) {
            r.send(bytes(9, 9));
            assertThat(r.receive()).isEqualTo(bytes(1, 2));
            assertThat(r.receive()).isEqualTo(bytes(2, 3, 4));
            r.send(bytes(8));
            r.receive();
            r.receive();
        }

        NetlinkRecording.Tape tape = new NetlinkRecording.Tape(file);
        assertThat(tape.portId).isEqualTo(77);
        assertThat(tape.datagrams()).isEqualTo(6);
        assertThat(tape.receivedBytes).isEqualTo(2 + 3 + 2 + 3);
        for (int run = 0; run < 2; run++) {
            try (NetlinkTransport replay = tape.replay()) {
                replay.send(bytes(9, 9));
                assertThat(List.of(replay.receive(), replay.receive())).containsExactly(bytes(1, 2), bytes(2, 3, 4));
                replay.send(bytes(8));
                ByteBuffer last = replay.receive();
                assertThat(List.of(last, replay.receive())).containsExactly(bytes(1, 1), bytes(2, 3, 4));
                assertThat(last.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
                assertThatThrownBy(replay::receive)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("no recorded reply");
            }
        }
    }

    @Test
    void aReplayRefusesARequestThatDiffers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dump.bin");
        try (NetlinkRecording.Recorder r = new NetlinkRecording.Recorder(new Echo(), file)) {
            r.send(bytes(9, 9));
        }

        NetlinkTransport replay = new NetlinkRecording.Tape(file).replay();
        assertThatThrownBy(() -> replay.send(bytes(9, 8)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("differs");
    }
}
