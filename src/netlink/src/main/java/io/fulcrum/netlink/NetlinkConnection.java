package io.fulcrum.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Request/response over a {@link NetlinkTransport}: numbers requests, sends them, and collects the
 * messages that answer them. Non-dump requests always carry NLM_F_ACK, so every request ends in a
 * definite ACK or error; a dump ends at NLMSG_DONE. Replies whose sequence number or port id do not
 * match the request are rejected, and kernel errors become typed {@link ErrnoException}s.
 */
public final class NetlinkConnection implements AutoCloseable {
    private final NetlinkTransport transport;
    private int nextSequence;

    public NetlinkConnection(NetlinkTransport transport) {
        this(transport, 1);
    }

    /** {@code firstSequence} fixes the numbering, which golden-byte tests rely on. */
    public NetlinkConnection(NetlinkTransport transport, int firstSequence) {
        this.transport = transport;
        this.nextSequence = firstSequence;
    }

    /**
     * Sends a request of {@code type} and returns the data messages answering it, without the final
     * ACK or NLMSG_DONE. {@code dump} adds NLM_F_DUMP and reads the multipart reply to its end.
     *
     * @param operation names the request in exception messages, e.g. {@code "IPVS_CMD_NEW_SERVICE"}
     */
    public List<NetlinkMessage> request(int type, boolean dump, ByteBuffer payload, String operation) {
        return request(type, 0, dump, payload, operation);
    }

    /**
     * As {@link #request(int, boolean, ByteBuffer, String)} with {@code extraFlags} added to the header,
     * e.g. {@code NLM_F_CREATE | NLM_F_EXCL} for an rtnetlink NEW request.
     */
    public synchronized List<NetlinkMessage> request(
            int type, int extraFlags, boolean dump, ByteBuffer payload, String operation) {
        int sequence = nextSequence++;
        int flags = Netlink.NLM_F_REQUEST | (dump ? Netlink.NLM_F_DUMP : Netlink.NLM_F_ACK) | extraFlags;
        transport.send(NetlinkMessage.encode(type, flags, sequence, 0, payload));

        List<NetlinkMessage> replies = new ArrayList<>();
        boolean interrupted = false;
        while (true) {
            for (NetlinkMessage message : NetlinkMessage.parseAll(transport.receive())) {
                NetlinkHeader header = message.header();
                checkAddressedToUs(header, sequence, operation);
                interrupted |= header.hasFlags(Netlink.NLM_F_DUMP_INTR);
                switch (header.type()) {
                    case Netlink.NLMSG_NOOP -> {}
                    case Netlink.NLMSG_ERROR -> {
                        // Error code 0 is the ACK that ends a non-dump request.
                        checkError(message, operation);
                        if (dump) {
                            throw new UnexpectedReplyException(operation + ": ACK in the middle of a dump");
                        }
                        return List.copyOf(replies);
                    }
                    case Netlink.NLMSG_DONE -> {
                        if (!dump) {
                            throw new UnexpectedReplyException(operation + ": NLMSG_DONE answering a non-dump request");
                        }
                        checkDoneStatus(message, operation);
                        if (interrupted) {
                            throw new DumpInterruptedException(
                                    operation + ": dump interrupted (NLM_F_DUMP_INTR), retry");
                        }
                        return List.copyOf(replies);
                    }
                    case Netlink.NLMSG_OVERRUN -> throw new NetlinkException(operation + ": NLMSG_OVERRUN, data lost");
                    default -> replies.add(message);
                }
            }
        }
    }

    /**
     * One data message of a dump, read in place: {@code datagram} is the little-endian datagram it came in (a
     * view of it; its array, when it has one, may be read directly), and its payload (after struct nlmsghdr) lies
     * between the absolute indexes {@code from} and {@code to}. Only absolute reads, no writes: the buffer is
     * shared by the datagram's messages and valid only during the call.
     */
    @FunctionalInterface
    public interface MessageHandler {
        void message(int type, ByteBuffer datagram, int from, int to);
    }

    /**
     * As {@link #request(int, boolean, ByteBuffer, String)} with {@code dump} true, but each data message goes to
     * {@code handler} as it is read, in place: no message objects and no list. A dump of 10,000 IPVS services
     * answers 10,000 destination dumps with 100,000 messages; this is the path that reads them.
     */
    public synchronized void dump(int type, ByteBuffer payload, String operation, MessageHandler handler) {
        int sequence = nextSequence++;
        transport.send(NetlinkMessage.encode(type, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, sequence, 0, payload));
        boolean interrupted = false;
        while (true) {
            ByteBuffer in = transport.receive().duplicate().order(ByteOrder.LITTLE_ENDIAN);
            int end = in.limit();
            int start = in.position();
            while (start < end) {
                int length = NetlinkMessage.checkedLength(in, start, end);
                int messageType = Short.toUnsignedInt(in.getShort(start + 4));
                int flags = Short.toUnsignedInt(in.getShort(start + 6));
                checkAddressedToUs(in.getInt(start + 8), in.getInt(start + 12), sequence, operation);
                interrupted |= (flags & Netlink.NLM_F_DUMP_INTR) != 0;
                switch (messageType) {
                    case Netlink.NLMSG_NOOP -> {}
                    case Netlink.NLMSG_ERROR -> {
                        checkError(message(in, start, length), operation);
                        throw new UnexpectedReplyException(operation + ": ACK in the middle of a dump");
                    }
                    case Netlink.NLMSG_DONE -> {
                        checkDoneStatus(message(in, start, length), operation);
                        if (interrupted) {
                            throw new DumpInterruptedException(
                                    operation + ": dump interrupted (NLM_F_DUMP_INTR), retry");
                        }
                        return;
                    }
                    case Netlink.NLMSG_OVERRUN -> throw new NetlinkException(operation + ": NLMSG_OVERRUN, data lost");
                    default -> handler.message(messageType, in, start + Netlink.NLMSG_HDRLEN, start + length);
                }
                // The last message of a datagram may omit its trailing padding.
                start = Math.min(start + Netlink.align(length), end);
            }
        }
    }

    /** The message at {@code start} as an object, for the rare control messages of the in-place path. */
    private static NetlinkMessage message(ByteBuffer in, int start, int length) {
        return NetlinkMessage.parseAll(in.duplicate().position(start).limit(start + length))
                .get(0);
    }

    /** One request of a batch: a message of {@code type} with {@code payload}; {@code operation} names it in errors. */
    public record Request(int type, ByteBuffer payload, String operation) {}

    /** Requests per sendmsg: one skb the kernel walks message by message (netlink_rcv_skb). */
    static final int BATCH_BYTES = 32 * 1024;

    /**
     * Sends many non-dump requests without waiting for each one: several per sendmsg, and only the
     * last asks for an ACK. The kernel answers a failed request with its error even without
     * NLM_F_ACK, and handles the requests in order, so once the last one's ACK (or error) is read,
     * every failure is known. A failure does not stop the requests after it (each is atomic).
     *
     * @return the failures, by index in {@code requests}; empty when all succeeded
     */
    public synchronized SortedMap<Integer, ErrnoException> requestAll(List<Request> requests) {
        SortedMap<Integer, ErrnoException> failures = new TreeMap<>();
        if (requests.isEmpty()) return failures;
        int first = nextSequence;
        nextSequence += requests.size();
        int last = first + requests.size() - 1;
        List<ByteBuffer> chunk = new ArrayList<>();
        int chunkBytes = 0;
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            int flags = Netlink.NLM_F_REQUEST | (i == requests.size() - 1 ? Netlink.NLM_F_ACK : 0);
            ByteBuffer m = NetlinkMessage.encode(r.type(), flags, first + i, 0, r.payload());
            if (chunkBytes + m.remaining() > BATCH_BYTES && !chunk.isEmpty()) {
                transport.send(concat(chunk, chunkBytes));
                chunk.clear();
                chunkBytes = 0;
            }
            chunk.add(m);
            chunkBytes += m.remaining();
        }
        transport.send(concat(chunk, chunkBytes));
        while (true) {
            for (NetlinkMessage message : NetlinkMessage.parseAll(transport.receive())) {
                NetlinkHeader header = message.header();
                int index = header.sequence() - first;
                if (index < 0 || index >= requests.size()) {
                    throw new UnexpectedReplyException("batch: reply has sequence number "
                            + Integer.toUnsignedLong(header.sequence()) + ", the batch has "
                            + Integer.toUnsignedLong(first) + ".." + Integer.toUnsignedLong(last));
                }
                checkAddressedToUs(
                        header, header.sequence(), requests.get(index).operation());
                if (header.type() == Netlink.NLMSG_NOOP) continue;
                if (header.type() != Netlink.NLMSG_ERROR) {
                    throw new UnexpectedReplyException(
                            requests.get(index).operation() + ": unexpected reply of type " + header.type());
                }
                try {
                    checkError(message, requests.get(index).operation());
                } catch (ErrnoException e) {
                    failures.put(index, e);
                }
                if (header.sequence() == last) return failures;
            }
        }
    }

    private static ByteBuffer concat(List<ByteBuffer> messages, int bytes) {
        ByteBuffer out = ByteBuffer.allocate(bytes).order(ByteOrder.nativeOrder());
        for (ByteBuffer m : messages) out.put(m.duplicate());
        return out.flip();
    }

    @Override
    public void close() {
        transport.close();
    }

    private void checkAddressedToUs(NetlinkHeader header, int sequence, String operation) {
        checkAddressedToUs(header.sequence(), header.portId(), sequence, operation);
    }

    private void checkAddressedToUs(int replySequence, int replyPortId, int sequence, String operation) {
        if (replySequence != sequence) {
            throw new UnexpectedReplyException(operation + ": reply has sequence number "
                    + Integer.toUnsignedLong(replySequence) + ", request had " + Integer.toUnsignedLong(sequence));
        }
        if (replyPortId != transport.portId()) {
            throw new UnexpectedReplyException(operation + ": reply addressed to port id "
                    + Integer.toUnsignedLong(replyPortId) + ", ours is " + Integer.toUnsignedLong(transport.portId()));
        }
    }

    /**
     * {@code struct nlmsgerr}: negative errno (0 for an ACK) and the request's header, then, when
     * NLM_F_ACK_TLVS is set, extended-ack attributes after the echoed request (just its header when
     * NLM_F_CAPPED is set).
     */
    private static void checkError(NetlinkMessage message, String operation) {
        ByteBuffer payload = message.payload();
        if (payload.remaining() < Netlink.NLMSGERR_LEN) {
            throw new MalformedMessageException(operation + ": NLMSG_ERROR payload of " + payload.remaining()
                    + " bytes, struct nlmsgerr needs " + Netlink.NLMSGERR_LEN);
        }
        int error = payload.getInt(0);
        if (error > 0) {
            throw new MalformedMessageException(operation + ": NLMSG_ERROR with positive error " + error);
        }
        if (error == 0) {
            return;
        }
        throw ErrnoException.of(-error, operation, extendedAckMessage(message));
    }

    private static String extendedAckMessage(NetlinkMessage message) {
        NetlinkHeader header = message.header();
        if (!header.hasFlags(Netlink.NLM_F_ACK_TLVS)) {
            return null;
        }
        ByteBuffer payload = message.payload();
        long echoed = header.hasFlags(Netlink.NLM_F_CAPPED)
                ? Netlink.NLMSG_HDRLEN
                : Integer.toUnsignedLong(payload.getInt(4));
        long offset = 4 + (long) Netlink.align((int) Math.min(echoed, Integer.MAX_VALUE - 8));
        if (echoed < Netlink.NLMSG_HDRLEN || offset > payload.limit()) {
            throw new MalformedMessageException("extended ACK: echoed request of " + echoed + " bytes does not fit");
        }
        Attributes tlvs = Attributes.parse(payload.position((int) offset));
        return tlvs.find(Netlink.NLMSGERR_ATTR_MSG).map(Attribute::string).orElse(null);
    }

    /** NLMSG_DONE carries the dump's final status as an int; a negative one is a failed dump. */
    private static void checkDoneStatus(NetlinkMessage message, String operation) {
        ByteBuffer payload = message.payload().order(ByteOrder.LITTLE_ENDIAN);
        if (payload.remaining() >= 4 && payload.getInt(0) < 0) {
            throw ErrnoException.of(-payload.getInt(0), operation, "dump failed");
        }
    }
}
