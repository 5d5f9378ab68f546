package io.fulcrum.model;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A VRRP virtual router (keepalived's vrrp_instance) and the directors that take part in it. */
public record VrrpGroup(
        String name,
        String description,
        Map<String, String> labels,
        int vrid,
        String iface,
        int version,
        Duration advertInterval,
        List<VirtualAddress> virtualAddresses,
        List<Member> members,
        boolean preempt,
        Duration preemptDelay,
        Authentication authentication,
        boolean unicast,
        String syncGroup,
        List<TrackInterface> trackInterfaces,
        List<TrackScript> trackScripts,
        Garp garp,
        Notify notifications,
        boolean vmac,
        ConnectionSync connectionSync,
        List<TrackVirtualServer> trackVirtualServers,
        Notify syncGroupNotify) {

    public VrrpGroup {
        labels = Map.copyOf(labels);
        virtualAddresses = List.copyOf(virtualAddresses);
        members = List.copyOf(members);
        trackInterfaces = List.copyOf(trackInterfaces);
        trackScripts = List.copyOf(trackScripts);
        trackVirtualServers = trackVirtualServers == null ? List.of() : List.copyOf(trackVirtualServers);
    }

    /** A group that tracks no virtual server. */
    public VrrpGroup(
            String name,
            String description,
            Map<String, String> labels,
            int vrid,
            String iface,
            int version,
            Duration advertInterval,
            List<VirtualAddress> virtualAddresses,
            List<Member> members,
            boolean preempt,
            Duration preemptDelay,
            Authentication authentication,
            boolean unicast,
            String syncGroup,
            List<TrackInterface> trackInterfaces,
            List<TrackScript> trackScripts,
            Garp garp,
            Notify notifications,
            boolean vmac,
            ConnectionSync connectionSync) {
        this(
                name,
                description,
                labels,
                vrid,
                iface,
                version,
                advertInterval,
                virtualAddresses,
                members,
                preempt,
                preemptDelay,
                authentication,
                unicast,
                syncGroup,
                trackInterfaces,
                trackScripts,
                garp,
                notifications,
                vmac,
                connectionSync,
                List.of(),
                null);
    }

    /** A group whose sync group (if any) has no hooks given here. */
    public VrrpGroup(
            String name,
            String description,
            Map<String, String> labels,
            int vrid,
            String iface,
            int version,
            Duration advertInterval,
            List<VirtualAddress> virtualAddresses,
            List<Member> members,
            boolean preempt,
            Duration preemptDelay,
            Authentication authentication,
            boolean unicast,
            String syncGroup,
            List<TrackInterface> trackInterfaces,
            List<TrackScript> trackScripts,
            Garp garp,
            Notify notifications,
            boolean vmac,
            ConnectionSync connectionSync,
            List<TrackVirtualServer> trackVirtualServers) {
        this(
                name,
                description,
                labels,
                vrid,
                iface,
                version,
                advertInterval,
                virtualAddresses,
                members,
                preempt,
                preemptDelay,
                authentication,
                unicast,
                syncGroup,
                trackInterfaces,
                trackScripts,
                garp,
                notifications,
                vmac,
                connectionSync,
                trackVirtualServers,
                null);
    }

    /** True when {@code director} takes part in this group. */
    public boolean hasMember(String director) {
        return members.stream().anyMatch(m -> m.director().equals(director));
    }

    /** The family of the virtual addresses (validated to be one). */
    public Enums.AddressFamily family() {
        return virtualAddresses.get(0).address().family();
    }

    public record VirtualAddress(IpPrefix address, String device, String label) {}

    public record Member(String director, int priority, Enums.InitialState initialState, InetAddress unicastAddress) {}

    /** password is null when the type is NONE, or when a replace keeps the stored one. */
    public record Authentication(Enums.AuthType type, Secret password) {}

    /** weight null: the interface going down puts the group in FAULT. */
    public record TrackInterface(String iface, Integer weight) {}

    public record TrackScript(
            String name,
            String script,
            List<String> arguments,
            Duration interval,
            Duration timeout,
            int weight,
            int fall,
            int rise) {
        public TrackScript {
            arguments = arguments == null ? List.of() : List.copyOf(arguments);
        }
    }

    /**
     * A virtual server whose health this group tracks: when none of its real servers is healthy (none
     * up and in rotation; a sorry server does not count), the priority drops by |weight|, or, without
     * a weight, the group goes to FAULT.
     */
    public record TrackVirtualServer(String virtualServer, Integer weight) {}

    public record Garp(Duration masterDelay, int masterRepeat, Duration masterRefresh, int masterRefreshRepeat) {}

    /**
     * Notify hooks (keepalived's notify_master, notify_backup, notify_fault, notify_stop, and the generic
     * notify as {@code any}), of a group or, as {@link #syncGroupNotify}, of its sync group. Each runs with
     * its own arguments; for a group's hooks and for {@code any} the agent adds keepalived's four after them
     * ("INSTANCE" or "GROUP", the name, the new state, the priority).
     */
    public record Notify(Hook master, Hook backup, Hook fault, Hook stop, Hook any) {
        /** Hooks per state, none for every transition. */
        public Notify(Hook master, Hook backup, Hook fault, Hook stop) {
            this(master, backup, fault, stop, null);
        }

        /** Every hook given, in the order master, backup, fault, stop, any, with its field's name. */
        public List<Map.Entry<String, Hook>> given() {
            List<Map.Entry<String, Hook>> out = new ArrayList<>();
            if (master != null) out.add(Map.entry("master", master));
            if (backup != null) out.add(Map.entry("backup", backup));
            if (fault != null) out.add(Map.entry("fault", fault));
            if (stop != null) out.add(Map.entry("stop", stop));
            if (any != null) out.add(Map.entry("any", any));
            return out;
        }
    }

    public record ConnectionSync(String iface, int syncId) {}

    /** The same group with another authentication (used to keep a stored password on replace). */
    public VrrpGroup withAuthentication(Authentication a) {
        return new VrrpGroup(
                name,
                description,
                labels,
                vrid,
                iface,
                version,
                advertInterval,
                virtualAddresses,
                members,
                preempt,
                preemptDelay,
                a,
                unicast,
                syncGroup,
                trackInterfaces,
                trackScripts,
                garp,
                notifications,
                vmac,
                connectionSync,
                trackVirtualServers,
                syncGroupNotify);
    }
}
