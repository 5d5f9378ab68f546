package io.fulcrum.netlink;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Datagram I/O with the kernel, and nothing else: the codec and clients above it never touch a
 * socket, so tests drive them with a scripted fake. Not required to be thread-safe.
 */
public interface NetlinkTransport extends AutoCloseable {

    /** Sends one datagram: the bytes from position to limit of {@code message}. */
    void send(ByteBuffer message);

    /** Blocks for the next datagram; it may hold several messages. */
    ByteBuffer receive();

    /**
     * Waits at most {@code timeout} for a datagram: true when {@link #receive} would not block. The
     * default, for scripted transports whose next datagram is always at hand, answers true at once.
     */
    default boolean awaitReadable(Duration timeout) {
        return true;
    }

    /** The port id ({@code nl_pid}) the kernel assigned; replies must be addressed to it. */
    int portId();

    @Override
    void close();
}
