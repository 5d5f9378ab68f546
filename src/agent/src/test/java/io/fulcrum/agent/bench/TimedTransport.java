package io.fulcrum.agent.bench;

import io.fulcrum.netlink.NetlinkTransport;
import java.nio.ByteBuffer;

/**
 * Times the native I/O of a netlink client: the wall time spent in the wrapped transport's send and
 * receive (the system calls, the kernel's work for them and the copy out of native memory), so a
 * benchmark can tell the kernel's share of a dump from the Java side's.
 */
final class TimedTransport implements NetlinkTransport {
    private final NetlinkTransport inner;
    long nanos;
    int sends;
    int receives;

    TimedTransport(NetlinkTransport inner) {
        this.inner = inner;
    }

    void reset() {
        nanos = 0;
        sends = 0;
        receives = 0;
    }

    @Override
    public void send(ByteBuffer message) {
        long t0 = System.nanoTime();
        try {
            inner.send(message);
        } finally {
            nanos += System.nanoTime() - t0;
            sends++;
        }
    }

    @Override
    public ByteBuffer receive() {
        long t0 = System.nanoTime();
        try {
            return inner.receive();
        } finally {
            nanos += System.nanoTime() - t0;
            receives++;
        }
    }

    @Override
    public int portId() {
        return inner.portId();
    }

    @Override
    public void close() {
        inner.close();
    }
}
