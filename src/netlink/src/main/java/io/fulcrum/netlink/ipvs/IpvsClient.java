package io.fulcrum.netlink.ipvs;

import static io.fulcrum.netlink.ipvs.Ipvs.*;

import io.fulcrum.netlink.AttributeWriter;
import io.fulcrum.netlink.ErrnoException;
import io.fulcrum.netlink.GenericMessage;
import io.fulcrum.netlink.GenericNetlink;
import io.fulcrum.netlink.NetlinkConnection;
import io.fulcrum.netlink.NetlinkSocket;
import io.fulcrum.netlink.NetlinkTransport;
import io.fulcrum.netlink.UnexpectedReplyException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.function.Consumer;

/**
 * The kernel's IPVS table over generic netlink, the operations of ipvsadm minus flush (Fulcrum
 * reconciles, it never wipes). Kernel refusals arrive as the typed exceptions of
 * {@code io.fulcrum.netlink}: ExistsException on a duplicate add, NotFoundException for an unknown
 * service or destination, InvalidArgumentException for values the kernel rejects.
 *
 * <pre>{@code try (IpvsClient ipvs = IpvsClient.open()) { ipvs.services(); } }</pre>
 */
public final class IpvsClient implements AutoCloseable {
    private final GenericNetlink genl;
    private final int familyId;

    private IpvsClient(GenericNetlink genl, int familyId) {
        this.genl = genl;
        this.familyId = familyId;
    }

    /** A client on a new NETLINK_GENERIC socket; needs CAP_NET_ADMIN for changes. */
    public static IpvsClient open() {
        NetlinkSocket socket = NetlinkSocket.openGeneric();
        try {
            return connect(socket);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * A client on {@code transport}, resolving the "IPVS" family first.
     *
     * @throws io.fulcrum.netlink.NotFoundException when ip_vs is not loaded
     */
    public static IpvsClient connect(NetlinkTransport transport) {
        GenericNetlink genl = new GenericNetlink(new NetlinkConnection(transport));
        return new IpvsClient(genl, genl.resolve(IPVS_GENL_NAME).id());
    }

    /** A client for an already known family id (skips resolution). */
    public static IpvsClient withFamily(NetlinkTransport transport, int familyId) {
        return new IpvsClient(new GenericNetlink(new NetlinkConnection(transport)), familyId);
    }

    public int familyId() {
        return familyId;
    }

    public IpvsInfo info() {
        return IpvsCodec.parseInfo(single(IPVS_CMD_GET_INFO, IPVS_CMD_SET_INFO, w -> {}, "IPVS_CMD_GET_INFO")
                .attributes());
    }

    // ---- services ----

    public List<IpvsServiceEntry> services() {
        List<IpvsServiceEntry> services = new ArrayList<>();
        for (GenericMessage m : dump(IPVS_CMD_GET_SERVICE, IPVS_CMD_NEW_SERVICE, w -> {}, "IPVS_CMD_GET_SERVICE")) {
            services.add(IpvsCodec.parseService(m.attributes()));
        }
        return services;
    }

    /**
     * The services without their counters, for reconciling: each reply read in place, IPVS_SVC_ATTR_STATS and
     * _STATS64 skipped unparsed. {@link #services()} reads the same dump with the counters.
     */
    public List<IpvsService> serviceSettings() {
        List<IpvsService> services = new ArrayList<>();
        IpvsCodec.Scratch scratch = new IpvsCodec.Scratch();
        dump(
                IPVS_CMD_GET_SERVICE,
                IPVS_CMD_NEW_SERVICE,
                w -> {},
                "IPVS_CMD_GET_SERVICE",
                (message, from, to) -> services.add(IpvsCodec.parseServiceSettings(message, from, to, scratch)));
        return services;
    }

    /** @throws io.fulcrum.netlink.NotFoundException when there is no such service (ESRCH) */
    public IpvsServiceEntry service(IpvsServiceKey key) {
        GenericMessage reply = single(
                IPVS_CMD_GET_SERVICE,
                IPVS_CMD_NEW_SERVICE,
                w -> IpvsCodec.serviceKey(w, key),
                "IPVS_CMD_GET_SERVICE " + key);
        return IpvsCodec.parseService(reply.attributes());
    }

    public void addService(IpvsService service) {
        batch().addService(service).sendOrThrow();
    }

    /** Changes scheduler, flags, timeout and netmask of an existing service. */
    public void updateService(IpvsService service) {
        batch().updateService(service).sendOrThrow();
    }

    public void deleteService(IpvsServiceKey key) {
        batch().deleteService(key).sendOrThrow();
    }

    // ---- destinations ----

    public List<IpvsDestinationEntry> destinations(IpvsServiceKey key) {
        List<IpvsDestinationEntry> destinations = new ArrayList<>();
        for (GenericMessage m : dump(
                IPVS_CMD_GET_DEST, IPVS_CMD_NEW_DEST, w -> IpvsCodec.serviceKey(w, key), "IPVS_CMD_GET_DEST " + key)) {
            destinations.add(IpvsCodec.parseDestination(m.attributes(), key.family()));
        }
        return destinations;
    }

    /**
     * The destinations of {@code key} without their counters, for reconciling: each reply read in place, the
     * statistics (216 of a 356-byte reply) skipped unparsed. {@link #destinations} reads the same dump with them.
     */
    public List<IpvsDestinationState> destinationStates(IpvsServiceKey key) {
        List<IpvsDestinationState> destinations = new ArrayList<>();
        IpvsCodec.Scratch scratch = new IpvsCodec.Scratch();
        dump(
                IPVS_CMD_GET_DEST,
                IPVS_CMD_NEW_DEST,
                w -> IpvsCodec.serviceKey(w, key),
                "IPVS_CMD_GET_DEST " + key,
                (message, from, to) ->
                        destinations.add(IpvsCodec.parseDestinationState(message, from, to, key.family(), scratch)));
        return destinations;
    }

    public void addDestination(IpvsServiceKey key, IpvsDestination destination) {
        batch().addDestination(key, destination).sendOrThrow();
    }

    public void updateDestination(IpvsServiceKey key, IpvsDestination destination) {
        batch().updateDestination(key, destination).sendOrThrow();
    }

    /** Removes the destination with {@code destination}'s address and port; its other fields are ignored. */
    public void deleteDestination(IpvsServiceKey key, IpvsDestination destination) {
        batch().deleteDestination(key, destination).sendOrThrow();
    }

    // ---- batches ----

    /** A batch of changes, sent together: see {@link Batch}. */
    public Batch batch() {
        return new Batch();
    }

    /**
     * Changes queued and sent together ({@link io.fulcrum.netlink.NetlinkConnection#requestAll}):
     * many requests per sendmsg, one ACK at the end. The kernel applies them in order, each on its
     * own; a failed one does not stop the others, and {@link #send()} reports every failure by its
     * place in the batch.
     */
    public final class Batch {
        private final List<GenericNetlink.Command> commands = new ArrayList<>();

        public Batch addService(IpvsService service) {
            return add(
                    IPVS_CMD_NEW_SERVICE, w -> IpvsCodec.service(w, service), "IPVS_CMD_NEW_SERVICE " + service.key());
        }

        public Batch updateService(IpvsService service) {
            return add(
                    IPVS_CMD_SET_SERVICE, w -> IpvsCodec.service(w, service), "IPVS_CMD_SET_SERVICE " + service.key());
        }

        public Batch deleteService(IpvsServiceKey key) {
            return add(IPVS_CMD_DEL_SERVICE, w -> IpvsCodec.serviceKey(w, key), "IPVS_CMD_DEL_SERVICE " + key);
        }

        public Batch addDestination(IpvsServiceKey key, IpvsDestination destination) {
            return add(
                    IPVS_CMD_NEW_DEST,
                    w -> {
                        IpvsCodec.serviceKey(w, key);
                        IpvsCodec.destination(w, destination, true);
                    },
                    "IPVS_CMD_NEW_DEST " + key);
        }

        public Batch updateDestination(IpvsServiceKey key, IpvsDestination destination) {
            return add(
                    IPVS_CMD_SET_DEST,
                    w -> {
                        IpvsCodec.serviceKey(w, key);
                        IpvsCodec.destination(w, destination, true);
                    },
                    "IPVS_CMD_SET_DEST " + key);
        }

        public Batch deleteDestination(IpvsServiceKey key, IpvsDestination destination) {
            return add(
                    IPVS_CMD_DEL_DEST,
                    w -> {
                        IpvsCodec.serviceKey(w, key);
                        IpvsCodec.destination(w, destination, false);
                    },
                    "IPVS_CMD_DEL_DEST " + key);
        }

        public int size() {
            return commands.size();
        }

        /** Sends the batch; the failures by their index in the batch (empty when everything succeeded). */
        public SortedMap<Integer, ErrnoException> send() {
            return genl.executeAll(familyId, IPVS_GENL_VERSION, commands);
        }

        /** Sends the batch and throws its first failure, if any. */
        public void sendOrThrow() {
            var failures = send();
            if (!failures.isEmpty()) throw failures.get(failures.firstKey());
        }

        private Batch add(int cmd, Consumer<AttributeWriter> body, String operation) {
            AttributeWriter attributes = new AttributeWriter();
            body.accept(attributes);
            commands.add(new GenericNetlink.Command(cmd, attributes, operation));
            return this;
        }
    }

    // ---- timeouts, sync daemons, counters ----

    public IpvsConfig timeouts() {
        return IpvsCodec.parseConfig(single(IPVS_CMD_GET_CONFIG, IPVS_CMD_SET_CONFIG, w -> {}, "IPVS_CMD_GET_CONFIG")
                .attributes());
    }

    public void setTimeouts(IpvsConfig config) {
        command(IPVS_CMD_SET_CONFIG, w -> IpvsCodec.config(w, config), "IPVS_CMD_SET_CONFIG");
    }

    public void startSyncDaemon(SyncDaemon daemon) {
        command(IPVS_CMD_NEW_DAEMON, w -> IpvsCodec.startDaemon(w, daemon), "IPVS_CMD_NEW_DAEMON");
    }

    public void stopSyncDaemon(SyncDaemon.State state) {
        command(IPVS_CMD_DEL_DAEMON, w -> IpvsCodec.stopDaemon(w, state), "IPVS_CMD_DEL_DAEMON");
    }

    public List<SyncDaemon> syncDaemons() {
        List<SyncDaemon> daemons = new ArrayList<>();
        for (GenericMessage m : dump(IPVS_CMD_GET_DAEMON, IPVS_CMD_NEW_DAEMON, w -> {}, "IPVS_CMD_GET_DAEMON")) {
            daemons.add(IpvsCodec.parseDaemon(m.attributes()));
        }
        return daemons;
    }

    /** Zeroes the counters of every service and destination. */
    public void zeroCounters() {
        command(IPVS_CMD_ZERO, w -> {}, "IPVS_CMD_ZERO");
    }

    /** Zeroes the counters of one service and its destinations. */
    public void zeroCounters(IpvsServiceKey key) {
        command(IPVS_CMD_ZERO, w -> IpvsCodec.serviceKey(w, key), "IPVS_CMD_ZERO " + key);
    }

    @Override
    public void close() {
        genl.close();
    }

    // ---- plumbing ----

    private void command(int cmd, Consumer<AttributeWriter> body, String operation) {
        List<GenericMessage> replies = execute(cmd, false, body, operation);
        if (!replies.isEmpty()) {
            throw new UnexpectedReplyException(
                    operation + ": expected only an ACK, got " + replies.size() + " messages");
        }
    }

    private GenericMessage single(int cmd, int replyCmd, Consumer<AttributeWriter> body, String operation) {
        List<GenericMessage> replies = execute(cmd, false, body, operation);
        if (replies.size() != 1) {
            throw new UnexpectedReplyException(operation + ": expected one reply, got " + replies.size());
        }
        return expectCommand(replies.get(0), replyCmd, operation);
    }

    private List<GenericMessage> dump(int cmd, int replyCmd, Consumer<AttributeWriter> body, String operation) {
        List<GenericMessage> replies = execute(cmd, true, body, operation);
        replies.forEach(m -> expectCommand(m, replyCmd, operation));
        return replies;
    }

    /** A reply's attributes, in place: between the absolute indexes {@code from} and {@code to} of {@code message}. */
    @FunctionalInterface
    private interface ReplyParser {
        void parse(ByteBuffer message, int from, int to);
    }

    /** A dump whose replies are parsed as they are read, in place (see {@link GenericNetlink#dump}). */
    private void dump(int cmd, int replyCmd, Consumer<AttributeWriter> body, String operation, ReplyParser parser) {
        AttributeWriter attributes = new AttributeWriter();
        body.accept(attributes);
        genl.dump(familyId, cmd, IPVS_GENL_VERSION, attributes, operation, (command, message, from, to) -> {
            if (command != replyCmd) {
                throw new UnexpectedReplyException(operation + ": reply command " + command + ", expected " + replyCmd);
            }
            parser.parse(message, from, to);
        });
    }

    private List<GenericMessage> execute(int cmd, boolean dump, Consumer<AttributeWriter> body, String operation) {
        AttributeWriter attributes = new AttributeWriter();
        body.accept(attributes);
        return genl.execute(familyId, cmd, IPVS_GENL_VERSION, dump, attributes, operation);
    }

    private static GenericMessage expectCommand(GenericMessage message, int cmd, String operation) {
        if (message.command() != cmd) {
            throw new UnexpectedReplyException(
                    operation + ": reply command " + message.command() + ", expected " + cmd);
        }
        return message;
    }
}
