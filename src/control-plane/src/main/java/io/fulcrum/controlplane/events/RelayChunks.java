package io.fulcrum.controlplane.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The relay's notification payloads: an event's JSON cut into pieces that each fit one PostgreSQL
 * {@code NOTIFY} (whose payload must be shorter than 8,000 bytes, PostgreSQL's NOTIFY documentation),
 * each piece {@code <replica>:<message>:<index>:<count>:<text>}, and put together again on receipt.
 * Pure; an {@link Assembler} holds the pieces received so far.
 */
public final class RelayChunks {
    /** The most bytes one payload takes, below PostgreSQL's 8,000 with room to spare. */
    public static final int PAYLOAD_BYTES = 7_900;
    /** The most pieces of one event (about 1 MB); a bigger event is not relayed. */
    public static final int MAX_PIECES = 128;

    private RelayChunks() {}

    /** One received piece. */
    public record Piece(String replica, long message, int index, int count, String text) {}

    /**
     * The payloads of message {@code message} of {@code replica} (letters and digits), whose text is
     * {@code json}; each at most {@code payloadBytes} in UTF-8. Empty when that takes more than
     * {@link #MAX_PIECES}.
     */
    public static List<String> split(String replica, long message, String json, int payloadBytes) {
        List<String> texts = new ArrayList<>();
        // the header's longest form, with MAX_PIECES for both index and count
        int room =
                payloadBytes - header(replica, message, MAX_PIECES, MAX_PIECES).length();
        if (room < 4) throw new IllegalArgumentException("payloads of " + payloadBytes + " bytes are too small");
        int start = 0, bytes = 0;
        for (int i = 0; i < json.length(); ) {
            int cp = json.codePointAt(i);
            int n = utf8Bytes(cp);
            if (bytes + n > room) {
                texts.add(json.substring(start, i));
                if (texts.size() >= MAX_PIECES) return List.of();
                start = i;
                bytes = 0;
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        texts.add(json.substring(start));
        List<String> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) out.add(header(replica, message, i, texts.size()) + texts.get(i));
        return out;
    }

    /** A payload as received; IllegalArgumentException when it is not one. */
    public static Piece parse(String payload) {
        String[] f = payload.split(":", 5);
        if (f.length != 5) throw new IllegalArgumentException("not a relayed event");
        try {
            Piece p = new Piece(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4]);
            if (p.index < 0 || p.count < 1 || p.index >= p.count)
                throw new IllegalArgumentException("piece " + p.index + " of " + p.count);
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a relayed event: " + e.getMessage());
        }
    }

    private static String header(String replica, long message, int index, int count) {
        return replica + ":" + message + ":" + index + ":" + count + ":";
    }

    private static int utf8Bytes(int cp) {
        if (cp < 0x80) return 1;
        if (cp < 0x800) return 2;
        if (cp < 0x10000) return 3;
        return 4;
    }

    static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Puts pieces together. A replica sends the pieces of one event in one transaction, so they arrive
     * together and in order; per replica only the message being received is held, and a piece out of
     * order (one was lost while the listener reconnected) drops that message.
     */
    public static final class Assembler {
        /** More replicas than this in the map (restarted ones leave theirs) empties it. */
        static final int MAX_REPLICAS = 64;

        private final Map<String, Partial> partial = new HashMap<>();

        private static final class Partial {
            final long message;
            final int count;
            final StringBuilder text = new StringBuilder();
            int next;

            Partial(long message, int count) {
                this.message = message;
                this.count = count;
            }
        }

        /** The whole text once {@code p} completes its message, or null. */
        public synchronized String accept(Piece p) {
            if (p.count() == 1) {
                partial.remove(p.replica());
                return p.text();
            }
            Partial m = partial.get(p.replica());
            if (p.index() == 0) {
                if (partial.size() >= MAX_REPLICAS) partial.clear();
                m = new Partial(p.message(), p.count());
                partial.put(p.replica(), m);
            } else if (m == null || m.message != p.message() || m.count != p.count() || m.next != p.index()) {
                partial.remove(p.replica());
                return null;
            }
            m.text.append(p.text());
            m.next++;
            if (m.next < m.count) return null;
            partial.remove(p.replica());
            return m.text.toString();
        }

        /** Messages partly received (for tests). */
        synchronized int pending() {
            return partial.size();
        }
    }
}
