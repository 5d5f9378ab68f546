package io.fulcrum.vrrp.machine;

import io.fulcrum.model.Defaults;
import io.fulcrum.model.Enums;
import io.fulcrum.model.Secret;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.vrrp.packet.Vrrp;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One director's view of a VRRP group: the group's fields plus this member's priority, initial state
 * and source address. Immutable; the password stays a {@link Secret} so that printing this never shows it.
 *
 * @param primaryAddress the address adverts are sent from and the tie-break compares (RFC 5798 §6.4.3):
 *                       the member's unicast address, else the interface's first IPv4 address / its IPv6 link-local
 * @param unicastPeers   the other members' unicast addresses; empty for multicast
 * @param connectionSync the IPVS sync daemon to run as master / backup, or null
 * @param warnings       configuration that was adjusted (keepalived's: nopreempt needs initial state BACKUP), and
 *                       settings of the group this runtime does not carry out, so that none is ignored silently
 */
public record InstanceConfig(
        String name,
        String iface,
        int vrid,
        int version,
        int priority,
        Duration advertInterval,
        List<InetAddress> virtualAddresses,
        boolean preempt,
        Duration preemptDelay,
        Enums.InitialState initialState,
        Secret password,
        List<VrrpGroup.TrackInterface> trackInterfaces,
        VrrpGroup.Garp garp,
        String syncGroup,
        VrrpGroup.ConnectionSync connectionSync,
        InetAddress primaryAddress,
        List<InetAddress> unicastPeers,
        List<String> warnings) {

    public InstanceConfig {
        Objects.requireNonNull(name);
        Objects.requireNonNull(iface);
        virtualAddresses = List.copyOf(virtualAddresses);
        trackInterfaces = List.copyOf(trackInterfaces);
        unicastPeers = List.copyOf(unicastPeers);
        warnings = List.copyOf(warnings);
        garp = garp == null ? Defaults.GARP : garp;
        preemptDelay = preemptDelay == null ? Duration.ZERO : preemptDelay;
        if (version != Vrrp.VERSION_2 && version != Vrrp.VERSION_3)
            throw new IllegalArgumentException("version " + version);
        if (priority < 1 || priority > 255)
            throw new IllegalArgumentException("priority " + priority + " out of 1..255");
    }

    /** The instance of {@code group} that {@code director} runs; the director must be a member. */
    public static InstanceConfig of(VrrpGroup group, String director, InetAddress primaryAddress) {
        VrrpGroup.Member me = group.members().stream()
                .filter(m -> m.director().equals(director))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "director '" + director + "' is not a member of group '" + group.name() + "'"));
        List<String> warnings = new ArrayList<>();
        boolean preempt = group.preempt();
        if (!preempt && me.initialState() == Enums.InitialState.MASTER) {
            // keepalived: "nopreempt will not work with initial state MASTER - clearing"
            warnings.add("nopreempt needs initial state BACKUP; preempting as keepalived does");
            preempt = true;
        }
        warnings.addAll(ignoredSettings(group));
        List<InetAddress> peers = group.unicast()
                ? group.members().stream()
                        .filter(m -> !m.director().equals(director))
                        .map(VrrpGroup.Member::unicastAddress)
                        .toList()
                : List.of();
        Secret password =
                group.authentication() != null && group.authentication().type() == Enums.AuthType.PASS
                        ? group.authentication().password()
                        : null;
        InetAddress source = group.unicast() && me.unicastAddress() != null ? me.unicastAddress() : primaryAddress;
        return new InstanceConfig(
                group.name(),
                group.iface(),
                group.vrid(),
                group.version(),
                me.priority(),
                group.advertInterval(),
                group.virtualAddresses().stream()
                        .map(v -> v.address().address())
                        .toList(),
                preempt,
                group.preemptDelay(),
                me.initialState(),
                password,
                group.trackInterfaces(),
                group.garp(),
                group.syncGroup(),
                group.connectionSync(),
                source,
                peers,
                warnings);
    }

    /**
     * The group's settings the runtime does not implement yet, one sentence each. Keep this in step with
     * the runtime: a setting it starts to carry out leaves this list.
     */
    static List<String> ignoredSettings(VrrpGroup group) {
        List<String> ignored = new ArrayList<>();
        // none today: track scripts and notify hooks run (runtime.Tracking), trackVirtualServers are the agent's
        return ignored;
    }

    /** True when this member owns the addresses (priority 255, RFC 3768 §5.3.4). */
    public boolean owner() {
        return priority == Vrrp.PRIORITY_OWNER;
    }

    public boolean unicast() {
        return !unicastPeers.isEmpty();
    }

    /** The advert interval in the packet's unit: seconds (v2) or centiseconds (v3). */
    public int intervalUnits() {
        return version == Vrrp.VERSION_2 ? (int) advertInterval.toSeconds() : (int) (advertInterval.toMillis() / 10);
    }

    /** The 8 octets of v2 Authentication Data (RFC 3768 §5.3.10), or null without a password. */
    public byte[] authData() {
        if (password == null) return null;
        byte[] data = new byte[Vrrp.AUTH_DATA_LENGTH];
        byte[] raw = password.reveal().getBytes(StandardCharsets.UTF_8);
        System.arraycopy(raw, 0, data, 0, Math.min(raw.length, data.length));
        return data;
    }
}
