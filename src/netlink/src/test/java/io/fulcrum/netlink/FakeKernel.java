package io.fulcrum.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A scripted kernel: each expected request (exact bytes, as hex) is answered with canned datagrams.
 * A request that differs from the script, or a receive with nothing scripted, fails the test.
 */
public final class FakeKernel implements NetlinkTransport {
    private final int portId;
    private final Deque<Exchange> script = new ArrayDeque<>();
    private final Deque<ByteBuffer> pending = new ArrayDeque<>();

    public FakeKernel(int portId) {
        this.portId = portId;
    }

    /** Scripts the next request the client must send, byte for byte. */
    public Exchange expect(String requestHex) {
        Exchange exchange = new Exchange(Hex.of(Hex.buffer(requestHex)));
        script.add(exchange);
        return exchange;
    }

    /** Whether every scripted request was sent and every reply consumed. */
    public boolean finished() {
        return script.isEmpty() && pending.isEmpty();
    }

    @Override
    public void send(ByteBuffer message) {
        Exchange next = script.poll();
        String actual = Hex.of(message);
        if (next == null) {
            throw new AssertionError("unscripted request: " + actual);
        }
        if (!next.request.equals(actual)) {
            throw new AssertionError("request bytes differ\nexpected: " + next.request + "\nactual:   " + actual);
        }
        pending.addAll(next.replies);
    }

    @Override
    public ByteBuffer receive() {
        ByteBuffer next = pending.poll();
        if (next == null) {
            throw new AssertionError("client waits for a reply the script does not have");
        }
        return next;
    }

    @Override
    public int portId() {
        return portId;
    }

    @Override
    public void close() {}

    public static final class Exchange {
        private final String request;
        private final Deque<ByteBuffer> replies = new ArrayDeque<>();

        private Exchange(String request) {
            this.request = request;
        }

        /** Each argument is one datagram (it may hold several messages). */
        public Exchange reply(String... datagramsHex) {
            for (String hex : datagramsHex) {
                replies.add(Hex.buffer(hex));
            }
            return this;
        }
    }

    // Canned control messages, built from struct nlmsghdr / struct nlmsgerr.

    /** NLMSG_ERROR with error 0, capped (the echoed request is just a header). */
    public static String ack(int seq, int pid) {
        return error(seq, pid, 0);
    }

    /** NLMSG_ERROR carrying {@code -errno}, capped. */
    public static String error(int seq, int pid, int errno) {
        ByteBuffer b = ByteBuffer.allocate(36).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(36)
                .putShort((short) Netlink.NLMSG_ERROR)
                .putShort((short) Netlink.NLM_F_CAPPED)
                .putInt(seq)
                .putInt(pid);
        b.putInt(-errno)
                .putInt(16)
                .putShort((short) 0)
                .putShort((short) 0)
                .putInt(seq)
                .putInt(0);
        return Hex.of(b.flip());
    }

    /** NLMSG_DONE ending a multipart dump, with status 0. */
    public static String done(int seq, int pid) {
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(20)
                .putShort((short) Netlink.NLMSG_DONE)
                .putShort((short) Netlink.NLM_F_MULTI)
                .putInt(seq)
                .putInt(pid)
                .putInt(0);
        return Hex.of(b.flip());
    }
}
