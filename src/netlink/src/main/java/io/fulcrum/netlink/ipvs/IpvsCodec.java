package io.fulcrum.netlink.ipvs;

import static io.fulcrum.netlink.ipvs.Ipvs.*;

import io.fulcrum.netlink.Attribute;
import io.fulcrum.netlink.AttributeIndex;
import io.fulcrum.netlink.AttributeWriter;
import io.fulcrum.netlink.Attributes;
import io.fulcrum.netlink.MalformedMessageException;
import io.fulcrum.netlink.WireAddresses;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * IPVS attributes to and from the value types; pure, no I/O. The encoding follows ipvsadm's libipvs
 * (ipvs_nl_fill_service_attr / ipvs_nl_fill_dest_attr) field for field: addresses as a 16-byte
 * union nf_inet_addr, ports and IPv4 netmask in network order, everything else in host order.
 */
final class IpvsCodec {
    private IpvsCodec() {}

    /** IPVS_CMD_ATTR_SERVICE with only the identifying members (get, delete, destinations, zero). */
    static void serviceKey(AttributeWriter w, IpvsServiceKey key) {
        w.nested(IPVS_CMD_ATTR_SERVICE, s -> keyAttributes(s, key));
    }

    /** IPVS_CMD_ATTR_SERVICE with everything NEW_SERVICE / SET_SERVICE require. */
    static void service(AttributeWriter w, IpvsService service) {
        w.nested(IPVS_CMD_ATTR_SERVICE, s -> {
            keyAttributes(s, service.key());
            s.string(IPVS_SVC_ATTR_SCHED_NAME, service.scheduler());
            // struct ip_vs_flags { u32 flags; u32 mask; }: mask ~0 replaces all flags, as ipvsadm does.
            s.bytes(IPVS_SVC_ATTR_FLAGS, flagsStruct(ServiceFlag.toBits(service.flags())));
            s.u32(IPVS_SVC_ATTR_TIMEOUT, service.timeout());
            if (service.key().family() == AddressFamily.INET) {
                s.be32(IPVS_SVC_ATTR_NETMASK, ipv4Mask(service.netmaskPrefix()));
            } else {
                s.u32(IPVS_SVC_ATTR_NETMASK, service.netmaskPrefix());
            }
        });
    }

    private static void keyAttributes(AttributeWriter s, IpvsServiceKey key) {
        s.u16(IPVS_SVC_ATTR_AF, key.family().number());
        if (key.isFwmark()) {
            s.u32(IPVS_SVC_ATTR_FWMARK, key.fwmark());
        } else {
            s.u16(IPVS_SVC_ATTR_PROTOCOL, key.protocol().number());
            s.bytes(IPVS_SVC_ATTR_ADDR, nfInetAddr(key.address()));
            s.be16(IPVS_SVC_ATTR_PORT, key.port());
        }
    }

    /** IPVS_CMD_ATTR_DEST; {@code full} adds what NEW_DEST / SET_DEST require, else only the identity (DEL_DEST). */
    static void destination(AttributeWriter w, IpvsDestination d, boolean full) {
        w.nested(IPVS_CMD_ATTR_DEST, a -> {
            a.u16(IPVS_DEST_ATTR_ADDR_FAMILY, d.family().number());
            a.bytes(IPVS_DEST_ATTR_ADDR, nfInetAddr(d.address()));
            a.be16(IPVS_DEST_ATTR_PORT, d.port());
            if (!full) {
                return;
            }
            a.u32(IPVS_DEST_ATTR_FWD_METHOD, d.forwarding().value());
            a.u32(IPVS_DEST_ATTR_WEIGHT, d.weight());
            if (d.forwarding() == ForwardingMethod.TUNNEL) {
                a.u8(IPVS_DEST_ATTR_TUN_TYPE, d.tunnelType().value());
                a.be16(IPVS_DEST_ATTR_TUN_PORT, d.tunnelPort());
                a.u16(IPVS_DEST_ATTR_TUN_FLAGS, TunnelFlag.toBits(d.tunnelFlags()));
            }
            a.u32(IPVS_DEST_ATTR_U_THRESH, d.upperThreshold());
            a.u32(IPVS_DEST_ATTR_L_THRESH, d.lowerThreshold());
        });
    }

    static void startDaemon(AttributeWriter w, SyncDaemon d) {
        w.nested(IPVS_CMD_ATTR_DAEMON, a -> {
            a.u32(IPVS_DAEMON_ATTR_STATE, d.state().value());
            a.string(IPVS_DAEMON_ATTR_MCAST_IFN, d.interfaceName());
            a.u32(IPVS_DAEMON_ATTR_SYNC_ID, d.syncId());
            if (d.syncMaxLen() != 0) {
                a.u16(IPVS_DAEMON_ATTR_SYNC_MAXLEN, d.syncMaxLen());
            }
            if (d.mcastPort() != 0) {
                a.be16(IPVS_DAEMON_ATTR_MCAST_PORT, d.mcastPort());
            }
            if (d.mcastTtl() != 0) {
                a.u8(IPVS_DAEMON_ATTR_MCAST_TTL, d.mcastTtl());
            }
            if (d.mcastGroup() != null) {
                boolean v4 = AddressFamily.of(d.mcastGroup()) == AddressFamily.INET;
                a.bytes(
                        v4 ? IPVS_DAEMON_ATTR_MCAST_GROUP : IPVS_DAEMON_ATTR_MCAST_GROUP6,
                        d.mcastGroup().getAddress());
            }
        });
    }

    static void stopDaemon(AttributeWriter w, SyncDaemon.State state) {
        w.nested(IPVS_CMD_ATTR_DAEMON, a -> a.u32(IPVS_DAEMON_ATTR_STATE, state.value()));
    }

    static void config(AttributeWriter w, IpvsConfig c) {
        w.u32(IPVS_CMD_ATTR_TIMEOUT_TCP, (int) c.tcp().getSeconds());
        w.u32(IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, (int) c.tcpFin().getSeconds());
        w.u32(IPVS_CMD_ATTR_TIMEOUT_UDP, (int) c.udp().getSeconds());
    }

    // ---- decoding -------------------------------------------------------------------------

    static IpvsServiceEntry parseService(Attributes message) {
        Attributes s =
                message.require(IPVS_CMD_ATTR_SERVICE, "IPVS_CMD_ATTR_SERVICE").nested();
        AddressFamily family = AddressFamily.fromNumber(
                s.require(IPVS_SVC_ATTR_AF, "IPVS_SVC_ATTR_AF").u16());
        int fwmark = s.find(IPVS_SVC_ATTR_FWMARK).map(Attribute::u32).orElse(0);
        IpvsServiceKey key = fwmark != 0
                ? IpvsServiceKey.fwmark(family, fwmark)
                : new IpvsServiceKey(
                        family,
                        IpProtocol.fromNumber(s.require(IPVS_SVC_ATTR_PROTOCOL, "IPVS_SVC_ATTR_PROTOCOL")
                                .u16()),
                        address(s.require(IPVS_SVC_ATTR_ADDR, "IPVS_SVC_ATTR_ADDR"), family),
                        s.require(IPVS_SVC_ATTR_PORT, "IPVS_SVC_ATTR_PORT").be16(),
                        0);
        Attribute flags = s.require(IPVS_SVC_ATTR_FLAGS, "IPVS_SVC_ATTR_FLAGS");
        if (flags.length() != 8) {
            throw new MalformedMessageException(
                    "IPVS_SVC_ATTR_FLAGS: struct ip_vs_flags is 8 bytes, got " + flags.length());
        }
        int flagBits =
                ByteBuffer.wrap(flags.bytes()).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        Attribute netmask = s.require(IPVS_SVC_ATTR_NETMASK, "IPVS_SVC_ATTR_NETMASK");
        int prefix = family == AddressFamily.INET ? ipv4Prefix(netmask.be32()) : netmask.u32();
        IpvsService service;
        try {
            service = new IpvsService(
                    key,
                    s.require(IPVS_SVC_ATTR_SCHED_NAME, "IPVS_SVC_ATTR_SCHED_NAME")
                            .string(),
                    ServiceFlag.fromBits(flagBits),
                    s.require(IPVS_SVC_ATTR_TIMEOUT, "IPVS_SVC_ATTR_TIMEOUT").u32(),
                    prefix);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("IPVS service: " + e.getMessage());
        }
        return new IpvsServiceEntry(service, stats(s, IPVS_SVC_ATTR_STATS64, IPVS_SVC_ATTR_STATS));
    }

    /** {@code serviceFamily} stands in for IPVS_DEST_ATTR_ADDR_FAMILY on kernels before 3.18. */
    static IpvsDestinationEntry parseDestination(Attributes message, AddressFamily serviceFamily) {
        Attributes d = message.require(IPVS_CMD_ATTR_DEST, "IPVS_CMD_ATTR_DEST").nested();
        AddressFamily family = d.find(IPVS_DEST_ATTR_ADDR_FAMILY)
                .map(a -> AddressFamily.fromNumber(a.u16()))
                .orElse(serviceFamily);
        IpvsDestination destination;
        try {
            destination = new IpvsDestination(
                    address(d.require(IPVS_DEST_ATTR_ADDR, "IPVS_DEST_ATTR_ADDR"), family),
                    d.require(IPVS_DEST_ATTR_PORT, "IPVS_DEST_ATTR_PORT").be16(),
                    ForwardingMethod.fromValue(d.require(IPVS_DEST_ATTR_FWD_METHOD, "IPVS_DEST_ATTR_FWD_METHOD")
                            .u32()),
                    d.require(IPVS_DEST_ATTR_WEIGHT, "IPVS_DEST_ATTR_WEIGHT").u32(),
                    d.require(IPVS_DEST_ATTR_U_THRESH, "IPVS_DEST_ATTR_U_THRESH")
                            .u32(),
                    d.require(IPVS_DEST_ATTR_L_THRESH, "IPVS_DEST_ATTR_L_THRESH")
                            .u32(),
                    TunnelType.fromValue(
                            d.find(IPVS_DEST_ATTR_TUN_TYPE).map(Attribute::u8).orElse(0)),
                    d.find(IPVS_DEST_ATTR_TUN_PORT).map(Attribute::be16).orElse(0),
                    TunnelFlag.fromBits(
                            d.find(IPVS_DEST_ATTR_TUN_FLAGS).map(Attribute::u16).orElse(0)));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("IPVS destination: " + e.getMessage());
        }
        return new IpvsDestinationEntry(
                destination,
                d.require(IPVS_DEST_ATTR_ACTIVE_CONNS, "IPVS_DEST_ATTR_ACTIVE_CONNS")
                        .u32(),
                d.require(IPVS_DEST_ATTR_INACT_CONNS, "IPVS_DEST_ATTR_INACT_CONNS")
                        .u32(),
                d.require(IPVS_DEST_ATTR_PERSIST_CONNS, "IPVS_DEST_ATTR_PERSIST_CONNS")
                        .u32(),
                stats(d, IPVS_DEST_ATTR_STATS64, IPVS_DEST_ATTR_STATS));
    }

    // ---- the reconcile's lean parse: in place, counters skipped ------------------------------------

    /**
     * Scratch space of one dump's lean parse, reused for every reply: the attribute indexes, and the last address
     * and scheduler name read (a table repeats its schedulers, and a service's address in each of its replies).
     * Not thread-safe: one per dump.
     */
    static final class Scratch {
        final AttributeIndex message = new AttributeIndex(IPVS_CMD_ATTR_DEST);
        final AttributeIndex nested = new AttributeIndex(IPVS_DEST_ATTR_TUN_FLAGS);
        private final byte[] nameBytes = new byte[IP_VS_SCHEDNAME_MAXLEN];
        private int nameLength = -1;
        private String name;

        /** The NUL-terminated string value at {@code type}; the same String as last time when the bytes are the same. */
        String string(AttributeIndex a, int type, String attributeName) {
            int from = a.offset(type, attributeName);
            int to = from + a.length(type);
            ByteBuffer m = a.buffer();
            int end = from;
            while (end < to && m.get(end) != 0) end++;
            int n = end - from;
            if (n <= nameBytes.length && n == nameLength) {
                boolean same = true;
                for (int i = 0; i < n && same; i++) same = m.get(from + i) == nameBytes[i];
                if (same) return name;
            }
            byte[] raw = new byte[n];
            m.get(from, raw);
            if (n <= nameBytes.length) {
                System.arraycopy(raw, 0, nameBytes, 0, n);
                nameLength = n;
                name = new String(raw, StandardCharsets.UTF_8);
                return name;
            }
            return new String(raw, StandardCharsets.UTF_8);
        }
    }

    /**
     * A service dump reply read as {@link #parseService} reads it, in place and without the counters (IPVS_SVC_ATTR_STATS
     * and _STATS64 are skipped unparsed): the same service, the same errors for a malformed one.
     */
    static IpvsService parseServiceSettings(ByteBuffer message, int from, int to, Scratch scratch) {
        AttributeIndex s = scratch.message
                .parse(message, from, to)
                .nested(IPVS_CMD_ATTR_SERVICE, "IPVS_CMD_ATTR_SERVICE", scratch.nested);
        AddressFamily family = AddressFamily.fromNumber(s.u16(IPVS_SVC_ATTR_AF, "IPVS_SVC_ATTR_AF"));
        int fwmark = s.u32(IPVS_SVC_ATTR_FWMARK, 0);
        IpvsServiceKey key = fwmark != 0
                ? IpvsServiceKey.fwmark(family, fwmark)
                : new IpvsServiceKey(
                        family,
                        IpProtocol.fromNumber(s.u16(IPVS_SVC_ATTR_PROTOCOL, "IPVS_SVC_ATTR_PROTOCOL")),
                        address(s, IPVS_SVC_ATTR_ADDR, "IPVS_SVC_ATTR_ADDR", family),
                        s.be16(IPVS_SVC_ATTR_PORT, "IPVS_SVC_ATTR_PORT"),
                        0);
        int flagsLength = s.length(IPVS_SVC_ATTR_FLAGS);
        if (flagsLength < 0) {
            throw new MalformedMessageException("missing attribute IPVS_SVC_ATTR_FLAGS");
        }
        if (flagsLength != 8) {
            throw new MalformedMessageException(
                    "IPVS_SVC_ATTR_FLAGS: struct ip_vs_flags is 8 bytes, got " + flagsLength);
        }
        int flagBits = s.buffer().getInt(s.offset(IPVS_SVC_ATTR_FLAGS, "IPVS_SVC_ATTR_FLAGS"));
        int prefix = family == AddressFamily.INET
                ? ipv4Prefix(s.be32(IPVS_SVC_ATTR_NETMASK, "IPVS_SVC_ATTR_NETMASK"))
                : s.u32(IPVS_SVC_ATTR_NETMASK, "IPVS_SVC_ATTR_NETMASK");
        try {
            return new IpvsService(
                    key,
                    scratch.string(s, IPVS_SVC_ATTR_SCHED_NAME, "IPVS_SVC_ATTR_SCHED_NAME"),
                    ServiceFlag.fromBits(flagBits),
                    s.u32(IPVS_SVC_ATTR_TIMEOUT, "IPVS_SVC_ATTR_TIMEOUT"),
                    prefix);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("IPVS service: " + e.getMessage());
        }
    }

    /**
     * A destination dump reply read as {@link #parseDestination} reads it, in place and without the counters
     * (IPVS_DEST_ATTR_STATS and _STATS64, 216 of a 356-byte reply, are skipped unparsed).
     */
    static IpvsDestinationState parseDestinationState(
            ByteBuffer message, int from, int to, AddressFamily serviceFamily, Scratch scratch) {
        AttributeIndex d = scratch.message
                .parse(message, from, to)
                .nested(IPVS_CMD_ATTR_DEST, "IPVS_CMD_ATTR_DEST", scratch.nested);
        AddressFamily family = d.has(IPVS_DEST_ATTR_ADDR_FAMILY)
                ? AddressFamily.fromNumber(d.u16(IPVS_DEST_ATTR_ADDR_FAMILY, "IPVS_DEST_ATTR_ADDR_FAMILY"))
                : serviceFamily;
        IpvsDestination destination;
        try {
            destination = new IpvsDestination(
                    address(d, IPVS_DEST_ATTR_ADDR, "IPVS_DEST_ATTR_ADDR", family),
                    d.be16(IPVS_DEST_ATTR_PORT, "IPVS_DEST_ATTR_PORT"),
                    ForwardingMethod.fromValue(d.u32(IPVS_DEST_ATTR_FWD_METHOD, "IPVS_DEST_ATTR_FWD_METHOD")),
                    d.u32(IPVS_DEST_ATTR_WEIGHT, "IPVS_DEST_ATTR_WEIGHT"),
                    d.u32(IPVS_DEST_ATTR_U_THRESH, "IPVS_DEST_ATTR_U_THRESH"),
                    d.u32(IPVS_DEST_ATTR_L_THRESH, "IPVS_DEST_ATTR_L_THRESH"),
                    TunnelType.fromValue(d.u8(IPVS_DEST_ATTR_TUN_TYPE, 0)),
                    d.be16(IPVS_DEST_ATTR_TUN_PORT, 0),
                    TunnelFlag.fromBits(d.u16(IPVS_DEST_ATTR_TUN_FLAGS, 0)));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("IPVS destination: " + e.getMessage());
        }
        return new IpvsDestinationState(
                destination,
                d.u32(IPVS_DEST_ATTR_ACTIVE_CONNS, "IPVS_DEST_ATTR_ACTIVE_CONNS"),
                d.u32(IPVS_DEST_ATTR_INACT_CONNS, "IPVS_DEST_ATTR_INACT_CONNS"),
                d.u32(IPVS_DEST_ATTR_PERSIST_CONNS, "IPVS_DEST_ATTR_PERSIST_CONNS"));
    }

    /** As {@link #address(Attribute, AddressFamily)}, read in place. */
    private static InetAddress address(AttributeIndex a, int type, String name, AddressFamily family) {
        int at = a.offset(type, name);
        int length = a.length(type);
        if (length != NF_INET_ADDR_LEN && length != family.addressLength()) {
            throw new MalformedMessageException("address attribute " + type + ": " + length + " bytes for " + family);
        }
        byte[] raw = new byte[family.addressLength()];
        a.buffer().get(at, raw);
        return WireAddresses.of(raw);
    }

    static SyncDaemon parseDaemon(Attributes message) {
        Attributes d =
                message.require(IPVS_CMD_ATTR_DAEMON, "IPVS_CMD_ATTR_DAEMON").nested();
        InetAddress group = d.find(IPVS_DAEMON_ATTR_MCAST_GROUP)
                .map(a -> address(a, AddressFamily.INET))
                .or(() -> d.find(IPVS_DAEMON_ATTR_MCAST_GROUP6).map(a -> address(a, AddressFamily.INET6)))
                .orElse(null);
        try {
            return new SyncDaemon(
                    SyncDaemon.State.fromValue(d.require(IPVS_DAEMON_ATTR_STATE, "IPVS_DAEMON_ATTR_STATE")
                            .u32()),
                    d.require(IPVS_DAEMON_ATTR_MCAST_IFN, "IPVS_DAEMON_ATTR_MCAST_IFN")
                            .string(),
                    d.require(IPVS_DAEMON_ATTR_SYNC_ID, "IPVS_DAEMON_ATTR_SYNC_ID")
                            .u32(),
                    d.find(IPVS_DAEMON_ATTR_SYNC_MAXLEN).map(Attribute::u16).orElse(0),
                    group,
                    d.find(IPVS_DAEMON_ATTR_MCAST_PORT).map(Attribute::be16).orElse(0),
                    d.find(IPVS_DAEMON_ATTR_MCAST_TTL).map(Attribute::u8).orElse(0));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("IPVS sync daemon: " + e.getMessage());
        }
    }

    static IpvsInfo parseInfo(Attributes message) {
        return new IpvsInfo(
                message.require(IPVS_INFO_ATTR_VERSION, "IPVS_INFO_ATTR_VERSION")
                        .u32(),
                message.require(IPVS_INFO_ATTR_CONN_TAB_SIZE, "IPVS_INFO_ATTR_CONN_TAB_SIZE")
                        .u32());
    }

    /** The TCP timeouts are absent when the kernel lacks CONFIG_IP_VS_PROTO_TCP; read as zero then. */
    static IpvsConfig parseConfig(Attributes message) {
        return IpvsConfig.ofSeconds(
                seconds(message, IPVS_CMD_ATTR_TIMEOUT_TCP),
                seconds(message, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN),
                seconds(message, IPVS_CMD_ATTR_TIMEOUT_UDP));
    }

    private static long seconds(Attributes message, int type) {
        return message.find(type).map(Attribute::u32AsLong).orElse(0L);
    }

    /** Prefers the 64-bit block (kernels from 4.1); falls back to the 32-bit one. */
    private static IpvsStats stats(Attributes parent, int stats64Type, int stats32Type) {
        Optional<Attribute> wide = parent.find(stats64Type);
        if (wide.isPresent()) {
            Attributes s = wide.get().nested();
            return new IpvsStats(
                    u64(s, IPVS_STATS_ATTR_CONNS),
                    u64(s, IPVS_STATS_ATTR_INPKTS),
                    u64(s, IPVS_STATS_ATTR_OUTPKTS),
                    u64(s, IPVS_STATS_ATTR_INBYTES),
                    u64(s, IPVS_STATS_ATTR_OUTBYTES),
                    u64(s, IPVS_STATS_ATTR_CPS),
                    u64(s, IPVS_STATS_ATTR_INPPS),
                    u64(s, IPVS_STATS_ATTR_OUTPPS),
                    u64(s, IPVS_STATS_ATTR_INBPS),
                    u64(s, IPVS_STATS_ATTR_OUTBPS));
        }
        Attributes s = parent.require(stats32Type, "IPVS stats").nested();
        return new IpvsStats(
                u32(s, IPVS_STATS_ATTR_CONNS),
                u32(s, IPVS_STATS_ATTR_INPKTS),
                u32(s, IPVS_STATS_ATTR_OUTPKTS),
                u64(s, IPVS_STATS_ATTR_INBYTES),
                u64(s, IPVS_STATS_ATTR_OUTBYTES),
                u32(s, IPVS_STATS_ATTR_CPS),
                u32(s, IPVS_STATS_ATTR_INPPS),
                u32(s, IPVS_STATS_ATTR_OUTPPS),
                u32(s, IPVS_STATS_ATTR_INBPS),
                u32(s, IPVS_STATS_ATTR_OUTBPS));
    }

    /** "IPVS_STATS_ATTR n" for the missing-attribute error, made once: a dump reads ten per destination. */
    private static final String[] STATS_NAMES = IntStream.rangeClosed(0, IPVS_STATS_ATTR_OUTBPS)
            .mapToObj(t -> "IPVS_STATS_ATTR " + t)
            .toArray(String[]::new);

    private static long u64(Attributes s, int type) {
        return s.require(type, STATS_NAMES[type]).u64();
    }

    private static long u32(Attributes s, int type) {
        return s.require(type, STATS_NAMES[type]).u32AsLong();
    }

    // ---- addresses and masks ----------------------------------------------------------------

    /** union nf_inet_addr: the address in the first bytes, zero-filled to 16. */
    static byte[] nfInetAddr(InetAddress address) {
        return Arrays.copyOf(address.getAddress(), NF_INET_ADDR_LEN);
    }

    /** Accepts the kernel's 16-byte union or exactly the family's length. */
    private static InetAddress address(Attribute a, AddressFamily family) {
        if (a.length() != NF_INET_ADDR_LEN && a.length() != family.addressLength()) {
            throw new MalformedMessageException(
                    "address attribute " + a.type() + ": " + a.length() + " bytes for " + family);
        }
        return WireAddresses.of(Arrays.copyOf(a.bytes(), family.addressLength()));
    }

    static int ipv4Mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    static int ipv4Prefix(int mask) {
        int prefix = Integer.bitCount(mask);
        if (ipv4Mask(prefix) != mask) {
            throw new MalformedMessageException("non-contiguous IPv4 netmask 0x" + Integer.toHexString(mask));
        }
        return prefix;
    }

    private static byte[] flagsStruct(int flags) {
        return ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(flags)
                .putInt(-1)
                .array();
    }
}
