package io.fulcrum.agent.bench;

import io.fulcrum.netlink.NetlinkTransport;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A netlink conversation on file: every datagram a client sent and every one the kernel answered, in
 * order, so that the Java side of a dump can be timed again without the kernel (on the host, where the
 * kernel has no IPVS, or in the lab to compare). File: "FNLR", version 1, the port id; then per datagram
 * 'S' (sent) or 'R' (received), its length and its bytes (big-endian ints).
 */
final class NetlinkRecording {
    private static final int MAGIC = 0x464e4c52; // "FNLR"

    private NetlinkRecording() {}

    /** Writes the conversation of the wrapped transport to a file as it happens; not timed, not for timing. */
    static final class Recorder implements NetlinkTransport {
        private final NetlinkTransport inner;
        private final DataOutputStream out;

        Recorder(NetlinkTransport inner, Path file) throws IOException {
            this.inner = inner;
            this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20));
            out.writeInt(MAGIC);
            out.writeInt(1);
            out.writeInt(inner.portId());
        }

        @Override
        public void send(ByteBuffer message) {
            write('S', message);
            inner.send(message);
        }

        @Override
        public ByteBuffer receive() {
            ByteBuffer datagram = inner.receive();
            write('R', datagram);
            return datagram;
        }

        private void write(char kind, ByteBuffer datagram) {
            ByteBuffer b = datagram.duplicate();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            try {
                out.writeByte(kind);
                out.writeInt(bytes.length);
                out.write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public int portId() {
            return inner.portId();
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                inner.close();
            }
        }
    }

    /** A recording, mapped (off the heap) and indexed: {@link #replay()} plays it back as often as needed. */
    static final class Tape {
        final int portId;
        private final MappedByteBuffer data;
        private final boolean[] sent;
        private final int[] offset;
        private final int[] length;
        final long receivedBytes;

        Tape(Path file) throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                data = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            }
            data.load();
            if (data.getInt(0) != MAGIC || data.getInt(4) != 1)
                throw new IOException(file + ": not a netlink recording");
            portId = data.getInt(8);
            int count = 0;
            for (int p = 12; p < data.limit(); p += 5 + data.getInt(p + 1)) count++;
            sent = new boolean[count];
            offset = new int[count];
            length = new int[count];
            long received = 0;
            int i = 0;
            for (int p = 12; p < data.limit(); p += 5 + length[i - 1]) {
                byte kind = data.get(p);
                if (kind != 'S' && kind != 'R') throw new IOException(file + ": bad record at byte " + p);
                sent[i] = kind == 'S';
                offset[i] = p + 5;
                length[i] = data.getInt(p + 1);
                if (!sent[i]) received += length[i];
                i++;
            }
            receivedBytes = received;
        }

        int datagrams() {
            return sent.length;
        }

        /** A transport that expects the recorded requests, byte for byte, and answers with the recorded replies. */
        NetlinkTransport replay() {
            return new Replay();
        }

        private final class Replay implements NetlinkTransport {
            private int next;

            @Override
            public void send(ByteBuffer message) {
                if (next >= sent.length || !sent[next])
                    throw new IllegalStateException("replay: unexpected request at datagram " + next);
                ByteBuffer expected = data.slice(offset[next], length[next]);
                if (!expected.equals(message.duplicate()))
                    throw new IllegalStateException("replay: request " + next + " differs from the recording");
                next++;
            }

            /** As NetlinkSocket's receive: a new heap buffer per datagram, copied out of memory the JVM does not manage. */
            @Override
            public ByteBuffer receive() {
                if (next >= sent.length || sent[next])
                    throw new IllegalStateException("replay: no recorded reply at datagram " + next);
                byte[] bytes = new byte[length[next]];
                data.get(offset[next], bytes);
                next++;
                return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            }

            @Override
            public int portId() {
                return portId;
            }

            @Override
            public void close() {
                if (next != sent.length)
                    throw new IllegalStateException(
                            "replay: closed after " + next + " of " + sent.length + " datagrams");
            }
        }
    }
}
