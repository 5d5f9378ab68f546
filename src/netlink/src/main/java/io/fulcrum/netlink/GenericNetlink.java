package io.fulcrum.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/** Generic netlink over a {@link NetlinkConnection}: family resolution and command execution. */
public final class GenericNetlink implements AutoCloseable {
    private final NetlinkConnection connection;

    public GenericNetlink(NetlinkConnection connection) {
        this.connection = connection;
    }

    /**
     * Asks nlctrl for a family by name (CTRL_CMD_GETFAMILY with CTRL_ATTR_FAMILY_NAME).
     *
     * @throws NotFoundException when the family is not registered (e.g. ip_vs is not loaded)
     */
    public GenlFamily resolve(String name) {
        if (name.isEmpty() || name.length() >= Genetlink.GENL_NAMSIZ) {
            throw new IllegalArgumentException("generic netlink family names are 1..15 characters: " + name);
        }
        List<GenericMessage> replies = execute(
                Genetlink.GENL_ID_CTRL,
                Genetlink.CTRL_CMD_GETFAMILY,
                Genetlink.CTRL_VERSION,
                false,
                new AttributeWriter().string(Genetlink.CTRL_ATTR_FAMILY_NAME, name),
                "CTRL_CMD_GETFAMILY " + name);
        if (replies.size() != 1 || replies.get(0).command() != Genetlink.CTRL_CMD_NEWFAMILY) {
            throw new UnexpectedReplyException(
                    "CTRL_CMD_GETFAMILY " + name + ": expected one CTRL_CMD_NEWFAMILY reply");
        }
        Attributes attrs = replies.get(0).attributes();
        return new GenlFamily(
                attrs.require(Genetlink.CTRL_ATTR_FAMILY_ID, "CTRL_ATTR_FAMILY_ID")
                        .u16(),
                attrs.require(Genetlink.CTRL_ATTR_FAMILY_NAME, "CTRL_ATTR_FAMILY_NAME")
                        .string(),
                attrs.find(Genetlink.CTRL_ATTR_VERSION).map(Attribute::u32).orElse(0),
                attrs.find(Genetlink.CTRL_ATTR_HDRSIZE).map(Attribute::u32).orElse(0),
                attrs.find(Genetlink.CTRL_ATTR_MAXATTR).map(Attribute::u32).orElse(0));
    }

    /**
     * Sends {@code command} with {@code attributes} to {@code familyId}; returns the reply messages
     * (none for plain commands, one for a get, many for a dump). Replies from another family are rejected.
     */
    public List<GenericMessage> execute(
            int familyId, int command, int version, boolean dump, AttributeWriter attributes, String operation) {
        ByteBuffer payload = payload(command, version, attributes);

        List<GenericMessage> replies = new ArrayList<>();
        for (NetlinkMessage message : connection.request(familyId, dump, payload, operation)) {
            if (message.header().type() != familyId) {
                throw new UnexpectedReplyException(operation + ": reply of type 0x"
                        + Integer.toHexString(message.header().type()) + ", expected family 0x"
                        + Integer.toHexString(familyId));
            }
            replies.add(GenericMessage.parse(message));
        }
        return replies;
    }

    /**
     * One reply of a generic netlink dump, read in place: its command, and its attributes between the absolute
     * indexes {@code from} and {@code to} of the little-endian {@code message} buffer (absolute reads only, no
     * writes; valid during the call). See {@link NetlinkConnection#dump}.
     */
    @FunctionalInterface
    public interface ReplyHandler {
        void reply(int command, ByteBuffer message, int from, int to);
    }

    /**
     * A dump of {@code command} whose replies go to {@code handler} as they are read, without message or attribute
     * objects; replies from another family are rejected as in {@link #execute}.
     */
    public void dump(
            int familyId,
            int command,
            int version,
            AttributeWriter attributes,
            String operation,
            ReplyHandler handler) {
        connection.dump(familyId, payload(command, version, attributes), operation, (type, message, from, to) -> {
            if (type != familyId) {
                throw new UnexpectedReplyException(operation + ": reply of type 0x" + Integer.toHexString(type)
                        + ", expected family 0x" + Integer.toHexString(familyId));
            }
            if (to - from < Genetlink.GENL_HDRLEN) {
                throw new MalformedMessageException("truncated genlmsghdr: " + (to - from) + " bytes");
            }
            handler.reply(Byte.toUnsignedInt(message.get(from)), message, from + Genetlink.GENL_HDRLEN, to);
        });
    }

    /** One command of a batch (see {@link NetlinkConnection#requestAll}). */
    public record Command(int command, AttributeWriter attributes, String operation) {}

    /** Sends {@code commands} to {@code familyId} as one batch; returns the failures by index. */
    public SortedMap<Integer, ErrnoException> executeAll(int familyId, int version, List<Command> commands) {
        List<NetlinkConnection.Request> requests = new ArrayList<>(commands.size());
        for (Command c : commands)
            requests.add(new NetlinkConnection.Request(
                    familyId, payload(c.command(), version, c.attributes()), c.operation()));
        return connection.requestAll(requests);
    }

    private static ByteBuffer payload(int command, int version, AttributeWriter attributes) {
        ByteBuffer body = attributes.toBuffer();
        ByteBuffer payload =
                ByteBuffer.allocate(Genetlink.GENL_HDRLEN + body.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        payload.put((byte) command)
                .put((byte) version)
                .putShort((short) 0)
                .put(body)
                .flip();
        return payload;
    }

    @Override
    public void close() {
        connection.close();
    }
}
