package io.fulcrum.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A transport for fuzzing replies: every request is taken, and the one datagram given is the kernel's whole
 * answer. A client that waits for more ends in {@link Exhausted} (a real socket would block), so a reply that
 * never ends its dump ends the fuzz input, not the run.
 */
public final class OneReply implements NetlinkTransport {
    /** The client asked for a second datagram: the reply was not complete. */
    public static final class Exhausted extends RuntimeException {
        Exhausted() {
            super("the reply ended without an ACK or NLMSG_DONE", null, false, false);
        }
    }

    private final int portId;
    private ByteBuffer datagram;

    public OneReply(int portId, byte[] datagram) {
        this.portId = portId;
        this.datagram = ByteBuffer.wrap(datagram).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void send(ByteBuffer message) {}

    @Override
    public ByteBuffer receive() {
        ByteBuffer next = datagram;
        if (next == null) throw new Exhausted();
        datagram = null;
        return next;
    }

    @Override
    public int portId() {
        return portId;
    }

    @Override
    public void close() {}
}
