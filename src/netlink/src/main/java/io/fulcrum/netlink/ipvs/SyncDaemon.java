package io.fulcrum.netlink.ipvs;

import io.fulcrum.netlink.MalformedMessageException;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A connection-synchronisation daemon (IPVS_DAEMON_ATTR_*). Zero / null optional fields mean "kernel
 * default" and are not sent: sync payload size, multicast group, port and TTL.
 */
public record SyncDaemon(
        State state,
        String interfaceName,
        int syncId,
        int syncMaxLen,
        InetAddress mcastGroup,
        int mcastPort,
        int mcastTtl) {

    /** IP_VS_STATE_MASTER / IP_VS_STATE_BACKUP. */
    public enum State {
        MASTER(0x0001),
        BACKUP(0x0002);

        private final int value;

        State(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }

        static State fromValue(int value) {
            for (State s : values()) {
                if (s.value == value) {
                    return s;
                }
            }
            throw new MalformedMessageException("unknown sync daemon state " + value);
        }
    }

    public SyncDaemon {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(interfaceName, "interfaceName");
        if (interfaceName.isEmpty() || interfaceName.length() >= Ipvs.IP_VS_IFNAME_MAXLEN) {
            throw new IllegalArgumentException("interface name must be 1..15 characters: " + interfaceName);
        }
        if (syncId < 0
                || syncId > 0xff
                || syncMaxLen < 0
                || syncMaxLen > 0xffff
                || mcastPort < 0
                || mcastPort > 0xffff
                || mcastTtl < 0
                || mcastTtl > 0xff) {
            throw new IllegalArgumentException("sync daemon field out of range");
        }
    }

    public static SyncDaemon of(State state, String interfaceName, int syncId) {
        return new SyncDaemon(state, interfaceName, syncId, 0, null, 0, 0);
    }
}
