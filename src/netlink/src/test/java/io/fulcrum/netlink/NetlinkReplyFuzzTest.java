package io.fulcrum.netlink;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Netlink framing and attributes from the kernel, fuzzed (Jazzer): whatever a reply holds, reading it ends in
 * its values or a {@link NetlinkException} (malformed, unexpected, a kernel error), never another exception, an
 * allocation the reply's size does not justify or a loop that does not end. In a normal test run each method
 * runs its committed inputs (NetlinkReplyFuzzTestInputs/METHOD/); JAZZER_FUZZ=1 fuzzes (bin/fulcrum bench fuzz).
 */
class NetlinkReplyFuzzTest {
    static final int PID = 100;
    /** Deep enough for every schema this module reads (IPVS: message, service, stats). */
    private static final int NESTING = 4;

    /**
     * A region of attributes read both ways (the list and the in-place index): every value by the getters of its
     * width, and refused at another width.
     */
    @FuzzTest(maxDuration = "10m")
    void attributesAreReadOrMalformed(byte[] region) {
        ByteBuffer in = ByteBuffer.wrap(region).order(ByteOrder.LITTLE_ENDIAN);
        try {
            readAll(Attributes.parse(in), NESTING);
        } catch (NetlinkException refused) {
            // malformed: the typed refusal
        }
        try {
            AttributeIndex index = new AttributeIndex(16).parse(in, 0, region.length);
            AttributeIndex nested = new AttributeIndex(16);
            for (int type = 0; type <= 16; type++) {
                if (!index.has(type)) continue;
                readAll(index, type);
                try {
                    index.nested(type, "fuzzed", nested);
                    for (int t = 0; t <= 16; t++) if (nested.has(t)) readAll(nested, t);
                } catch (MalformedMessageException refused) {
                    // not nested attributes
                }
            }
        } catch (NetlinkException refused) {
            // malformed
        }
    }

    /** A datagram answering a request, a dump (as messages and in place) and a batch of two requests. */
    @FuzzTest(maxDuration = "10m")
    void aReplyDatagramIsReadOrRefused(byte[] datagram) {
        ByteBuffer empty = ByteBuffer.allocate(0);
        attempt(() -> new NetlinkConnection(new OneReply(PID, datagram)).request(0x10, false, empty, "fuzz request"));
        attempt(() -> new NetlinkConnection(new OneReply(PID, datagram)).request(0x10, true, empty, "fuzz dump"));
        attempt(() -> new NetlinkConnection(new OneReply(PID, datagram))
                .dump(0x10, empty, "fuzz dump in place", (type, message, from, to) -> {
                    if (from < 0 || from > to || to > message.limit())
                        throw new AssertionError("a message outside its datagram: " + from + ".." + to);
                }));
        attempt(() -> new NetlinkConnection(new OneReply(PID, datagram))
                .requestAll(List.of(
                        new NetlinkConnection.Request(0x10, empty, "fuzz batch 1"),
                        new NetlinkConnection.Request(0x10, empty, "fuzz batch 2"))));
        attempt(() -> new GenericNetlink(new NetlinkConnection(new OneReply(PID, datagram))).resolve("IPVS"));
    }

    /** Runs one read of a reply: it may end in its result, a typed refusal or a reply that never ended. */
    static void attempt(Runnable read) {
        try {
            read.run();
        } catch (NetlinkException | OneReply.Exhausted refused) {
            // the typed refusals
        }
    }

    private static void readAll(Attributes attributes, int depth) {
        for (Attribute a : attributes.list()) {
            a.bytes();
            a.string();
            a.toString();
            // the getters of the value's width, then one of another width, which must be refused
            switch (a.length()) {
                case 1 -> a.u8();
                case 2 -> {
                    a.u16();
                    a.be16();
                }
                case 4 -> {
                    a.u32AsLong();
                    a.be32();
                }
                case 8 -> a.u64();
                default -> {}
            }
            wrongWidth(() -> a.length() == 8 ? a.u32() : a.u64());
            if (depth > 0) {
                try {
                    readAll(a.nested(), depth - 1);
                } catch (MalformedMessageException refused) {
                    // not nested attributes
                }
            }
        }
        attributes.find(1);
        attributes.has(2);
    }

    private static void readAll(AttributeIndex index, int type) {
        String name = "fuzzed";
        index.string(type, name);
        switch (index.length(type)) {
            case 1 -> index.u8(type, name);
            case 2 -> {
                index.u16(type, name);
                index.be16(type, name);
            }
            case 4 -> {
                index.u32(type, name);
                index.be32(type, name);
            }
            case 8 -> index.u64(type, name);
            default -> {}
        }
        wrongWidth(() -> index.length(type) == 8 ? index.u32(type, name) : index.u64(type, name));
    }

    /** A getter of a width that is not the value's: refused as malformed, never misread. */
    private static void wrongWidth(LongSupplier read) {
        try {
            read.getAsLong();
        } catch (MalformedMessageException expected) {
            return;
        }
        throw new AssertionError("a value was read at a width that is not its own");
    }
}
