package io.fulcrum.wire.api;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Value;
import io.fulcrum.api.v1.AddressFamily;
import io.fulcrum.api.v1.AdminState;
import io.fulcrum.api.v1.AuthType;
import io.fulcrum.api.v1.CheckType;
import io.fulcrum.api.v1.ConfigDocument;
import io.fulcrum.api.v1.ConnectionSync;
import io.fulcrum.api.v1.Director;
import io.fulcrum.api.v1.DnsCheck;
import io.fulcrum.api.v1.DnsType;
import io.fulcrum.api.v1.Forwarding;
import io.fulcrum.api.v1.Garp;
import io.fulcrum.api.v1.HealthCheck;
import io.fulcrum.api.v1.HookWithArguments;
import io.fulcrum.api.v1.HttpCheck;
import io.fulcrum.api.v1.HttpUrl;
import io.fulcrum.api.v1.InitialState;
import io.fulcrum.api.v1.MiscCheck;
import io.fulcrum.api.v1.Persistence;
import io.fulcrum.api.v1.Protocol;
import io.fulcrum.api.v1.QuorumNotify;
import io.fulcrum.api.v1.RealServer;
import io.fulcrum.api.v1.RealServerNotify;
import io.fulcrum.api.v1.Scheduler;
import io.fulcrum.api.v1.SchedulerFlag;
import io.fulcrum.api.v1.SmtpCheck;
import io.fulcrum.api.v1.SorryServer;
import io.fulcrum.api.v1.SyncGroupNotify;
import io.fulcrum.api.v1.TrackInterface;
import io.fulcrum.api.v1.TrackScript;
import io.fulcrum.api.v1.TrackVirtualServer;
import io.fulcrum.api.v1.Tunnel;
import io.fulcrum.api.v1.TunnelChecksum;
import io.fulcrum.api.v1.TunnelType;
import io.fulcrum.api.v1.UdpCheck;
import io.fulcrum.api.v1.VirtualAddress;
import io.fulcrum.api.v1.VirtualServer;
import io.fulcrum.api.v1.VrrpAuthentication;
import io.fulcrum.api.v1.VrrpGroup;
import io.fulcrum.api.v1.VrrpMember;
import io.fulcrum.api.v1.VrrpNotify;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.Enums;
import io.fulcrum.model.Hook;
import io.fulcrum.model.codec.DocumentCodec;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model as fulcrum.v1 messages, directly: each field set from the record, as the REST
 * representation the model encodes to ({@link DocumentCodec#encode}) reads into the message through
 * {@link RestJson} (what is left out stays unset, an empty list or block is no field), without the
 * JSON in between. ResourcesEquivalenceTest proves it equal to that path for every field, default and enum
 * value. (The model's types share the messages' simple names: they are written in full.)
 */
final class ModelMessages {
    private ModelMessages() {}

    static Director director(io.fulcrum.model.Director d) {
        Director.Builder b = Director.newBuilder().setName(d.name());
        b.setManagementAddress(Addresses.format(d.managementAddress()));
        if (d.description() != null) b.setDescription(d.description());
        b.putAllLabels(d.labels());
        for (InetAddress a : d.fullnatAddresses()) b.addFullnatAddresses(Addresses.format(a));
        return b.build();
    }

    /** Never the password (the agent protocol adds it). */
    static VrrpGroup vrrpGroup(io.fulcrum.model.VrrpGroup g) {
        VrrpGroup.Builder b = VrrpGroup.newBuilder().setName(g.name());
        if (g.description() != null) b.setDescription(g.description());
        b.putAllLabels(g.labels());
        b.setVrid(g.vrid()).setInterface(g.iface()).setVersion(g.version());
        b.setAdvertIntervalSeconds(seconds(g.advertInterval()));
        for (io.fulcrum.model.VrrpGroup.VirtualAddress v : g.virtualAddresses()) {
            VirtualAddress.Builder a =
                    VirtualAddress.newBuilder().setAddress(v.address().toString());
            if (v.device() != null) a.setDevice(v.device());
            if (v.label() != null) a.setLabel(v.label());
            b.addVirtualAddresses(a);
        }
        for (io.fulcrum.model.VrrpGroup.Member m : g.members()) {
            VrrpMember.Builder a =
                    VrrpMember.newBuilder().setDirector(m.director()).setPriority(m.priority());
            if (m.initialState() != null) a.setInitialStateValue(INITIAL_STATE.number(m.initialState()));
            if (m.unicastAddress() != null) a.setUnicastAddress(Addresses.format(m.unicastAddress()));
            b.addMembers(a);
        }
        b.setPreempt(g.preempt()).setPreemptDelaySeconds(seconds(g.preemptDelay()));
        if (g.authentication() != null)
            b.setAuthentication(VrrpAuthentication.newBuilder()
                    .setTypeValue(AUTH_TYPE.number(g.authentication().type())));
        b.setUnicast(g.unicast());
        if (g.syncGroup() != null) b.setSyncGroup(g.syncGroup());
        for (io.fulcrum.model.VrrpGroup.TrackInterface t : g.trackInterfaces()) {
            TrackInterface.Builder a = TrackInterface.newBuilder().setInterface(t.iface());
            if (t.weight() != null) a.setWeight(t.weight());
            b.addTrackInterfaces(a);
        }
        for (io.fulcrum.model.VrrpGroup.TrackScript t : g.trackScripts()) {
            b.addTrackScripts(TrackScript.newBuilder()
                    .setName(t.name())
                    .setScript(t.script())
                    .addAllArguments(t.arguments())
                    .setIntervalSeconds(seconds(t.interval()))
                    .setTimeoutSeconds(seconds(t.timeout()))
                    .setWeight(t.weight())
                    .setFall(t.fall())
                    .setRise(t.rise()));
        }
        for (io.fulcrum.model.VrrpGroup.TrackVirtualServer t : g.trackVirtualServers()) {
            TrackVirtualServer.Builder a = TrackVirtualServer.newBuilder().setVirtualServer(t.virtualServer());
            if (t.weight() != null) a.setWeight(t.weight());
            b.addTrackVirtualServers(a);
        }
        io.fulcrum.model.VrrpGroup.Garp garp = g.garp();
        b.setGarp(Garp.newBuilder()
                .setMasterDelaySeconds(seconds(garp.masterDelay()))
                .setMasterRepeat(garp.masterRepeat())
                .setMasterRefreshSeconds(seconds(garp.masterRefresh()))
                .setMasterRefreshRepeat(garp.masterRefreshRepeat()));
        io.fulcrum.model.VrrpGroup.Notify n = g.notifications();
        if (n != null && !n.given().isEmpty()) b.setNotify(notify(n));
        b.setVmac(g.vmac());
        if (g.connectionSync() != null)
            b.setConnectionSync(ConnectionSync.newBuilder()
                    .setInterface(g.connectionSync().iface())
                    .setSyncId(g.connectionSync().syncId()));
        io.fulcrum.model.VrrpGroup.Notify s = g.syncGroupNotify();
        if (s != null && !s.given().isEmpty()) {
            SyncGroupNotify.Builder a = SyncGroupNotify.newBuilder();
            if (s.master() != null) a.setMaster(hook(s.master()));
            if (s.backup() != null) a.setBackup(hook(s.backup()));
            if (s.fault() != null) a.setFault(hook(s.fault()));
            if (s.stop() != null) a.setStop(hook(s.stop()));
            if (s.any() != null) a.setAny(hook(s.any()));
            b.setSyncGroupNotify(a);
        }
        return b.build();
    }

    private static VrrpNotify notify(io.fulcrum.model.VrrpGroup.Notify n) {
        VrrpNotify.Builder a = VrrpNotify.newBuilder();
        if (n.master() != null) a.setMaster(hook(n.master()));
        if (n.backup() != null) a.setBackup(hook(n.backup()));
        if (n.fault() != null) a.setFault(hook(n.fault()));
        if (n.stop() != null) a.setStop(hook(n.stop()));
        if (n.any() != null) a.setAny(hook(n.any()));
        return a.build();
    }

    /** With its real servers or ({@code withRealServers} false) without. */
    static VirtualServer virtualServer(io.fulcrum.model.VirtualServer v, boolean withRealServers) {
        VirtualServer.Builder b = VirtualServer.newBuilder().setName(v.name());
        if (v.description() != null) b.setDescription(v.description());
        b.putAllLabels(v.labels());
        if (v.service() instanceof io.fulcrum.model.VirtualServer.InetService s) {
            b.setAddress(Addresses.format(s.address()))
                    .setPort(s.port())
                    .setProtocolValue(PROTOCOL.number(s.protocol()));
        } else if (v.service() instanceof io.fulcrum.model.VirtualServer.FwmarkService f) {
            b.setFwmark((int) f.fwmark()).setAddressFamilyValue(ADDRESS_FAMILY.number(f.family()));
        }
        if (v.scheduler() != null) b.setSchedulerValue(SCHEDULER.number(v.scheduler()));
        v.schedulerFlags().stream().sorted().forEach(f -> b.addSchedulerFlagsValue(SCHEDULER_FLAG.number(f)));
        if (v.forwarding() != null) b.setForwardingValue(FORWARDING.number(v.forwarding()));
        if (v.tunnel() != null) {
            Tunnel.Builder t = Tunnel.newBuilder();
            if (v.tunnel().type() != null)
                t.setTypeValue(TUNNEL_TYPE.number(v.tunnel().type()));
            if (v.tunnel().port() != null) t.setPort(v.tunnel().port());
            if (v.tunnel().checksum() != null)
                t.setChecksumValue(TUNNEL_CHECKSUM.number(v.tunnel().checksum()));
            b.setTunnel(t);
        }
        if (v.persistence() != null) {
            Persistence.Builder p = Persistence.newBuilder();
            if (v.persistence().timeout() != null)
                p.setTimeoutSeconds((int) v.persistence().timeout().toSeconds());
            if (v.persistence().prefixLength() != null)
                p.setPrefixLength(v.persistence().prefixLength());
            b.setPersistence(p);
        }
        b.setOnePacket(v.onePacket());
        if (v.healthCheck() != null) b.setHealthCheck(healthCheck(v.healthCheck()));
        if (v.sorryServer() != null) {
            io.fulcrum.model.VirtualServer.SorryServer s = v.sorryServer();
            SorryServer.Builder a = SorryServer.newBuilder().setAddress(Addresses.format(s.address()));
            if (s.port() != null) a.setPort(s.port());
            if (s.forwarding() != null) a.setForwardingValue(FORWARDING.number(s.forwarding()));
            b.setSorryServer(a.setInhibit(s.inhibit()));
        }
        b.setQuorum(v.quorum()).setHysteresis(v.hysteresis());
        if (v.notifyQuorumUp() != null || v.notifyQuorumDown() != null) {
            QuorumNotify.Builder q = QuorumNotify.newBuilder();
            if (v.notifyQuorumUp() != null) q.setQuorumUp(hook(v.notifyQuorumUp()));
            if (v.notifyQuorumDown() != null) q.setQuorumDown(hook(v.notifyQuorumDown()));
            b.setNotify(q);
        }
        b.setOmega(v.omega());
        if (v.vrrpGroup() != null) b.setVrrpGroup(v.vrrpGroup());
        b.addAllDirectors(v.directors());
        if (withRealServers) for (io.fulcrum.model.RealServer r : v.realServers()) b.addRealServers(realServer(r));
        return b.build();
    }

    static RealServer realServer(io.fulcrum.model.RealServer r) {
        RealServer.Builder b = RealServer.newBuilder().setName(r.name());
        if (r.description() != null) b.setDescription(r.description());
        b.putAllLabels(r.labels());
        b.setAddress(Addresses.format(r.address()));
        if (r.port() != null) b.setPort(r.port());
        b.setWeight(r.weight()).setUpperThreshold(r.upperThreshold()).setLowerThreshold(r.lowerThreshold());
        if (r.forwarding() != null) b.setForwardingValue(FORWARDING.number(r.forwarding()));
        if (r.healthCheck() != null) b.setHealthCheck(healthCheck(r.healthCheck()));
        b.setInhibitOnFailure(r.inhibitOnFailure());
        if (r.adminState() != null) b.setAdminStateValue(ADMIN_STATE.number(r.adminState()));
        if (r.notifyUp() != null || r.notifyDown() != null) {
            RealServerNotify.Builder n = RealServerNotify.newBuilder();
            if (r.notifyUp() != null) n.setUp(hook(r.notifyUp()));
            if (r.notifyDown() != null) n.setDown(hook(r.notifyDown()));
            b.setNotify(n);
        }
        return b.build();
    }

    static HealthCheck healthCheck(io.fulcrum.model.HealthCheck h) {
        HealthCheck.Builder b = HealthCheck.newBuilder();
        if (h.type() != null) b.setTypeValue(CHECK_TYPE.number(h.type()));
        if (h.interval() != null) b.setIntervalSeconds(seconds(h.interval()));
        if (h.timeout() != null) b.setTimeoutSeconds(seconds(h.timeout()));
        if (h.retries() != null) b.setRetries(h.retries());
        if (h.delayBeforeRetry() != null) b.setDelayBeforeRetrySeconds(seconds(h.delayBeforeRetry()));
        if (h.fall() != null) b.setFall(h.fall());
        if (h.rise() != null) b.setRise(h.rise());
        if (h.port() != null) b.setPort(h.port());
        if (h.connectAddress() != null) b.setConnectAddress(Addresses.format(h.connectAddress()));
        if (h.bindAddress() != null) b.setBindAddress(Addresses.format(h.bindAddress()));
        if (h.alpha() != null) b.setAlpha(h.alpha());
        if (h.http() != null) {
            io.fulcrum.model.HealthCheck.Http x = h.http();
            HttpCheck.Builder a = HttpCheck.newBuilder();
            if (x.urls() != null)
                for (io.fulcrum.model.HealthCheck.Url u : x.urls()) {
                    HttpUrl.Builder url = HttpUrl.newBuilder().setPath(u.path());
                    if (u.statusCodes() != null)
                        for (io.fulcrum.model.HealthCheck.StatusRange r : u.statusCodes())
                            url.addStatusCodes(
                                    r.from() == r.to()
                                            ? Value.newBuilder().setNumberValue(r.from())
                                            : Value.newBuilder().setStringValue(r.toString()));
                    if (u.digest() != null) url.setDigest(u.digest());
                    if (u.bodyContains() != null) url.setBodyContains(u.bodyContains());
                    if (u.bodyRegex() != null) url.setBodyRegex(u.bodyRegex());
                    a.addUrls(url);
                }
            if (x.virtualHost() != null) a.setVirtualHost(x.virtualHost());
            if (x.sni() != null) a.setSni(x.sni());
            if (x.tlsVerify() != null) a.setTlsVerify(x.tlsVerify());
            b.setHttp(a);
        }
        if (h.smtp() != null) {
            SmtpCheck.Builder a = SmtpCheck.newBuilder();
            if (h.smtp().heloName() != null) a.setHeloName(h.smtp().heloName());
            b.setSmtp(a);
        }
        if (h.dns() != null) {
            DnsCheck.Builder a = DnsCheck.newBuilder().setName(h.dns().name());
            if (h.dns().type() != null) a.setTypeValue(DNS_TYPE.number(h.dns().type()));
            if (h.dns().expectedAddresses() != null)
                for (InetAddress x : h.dns().expectedAddresses()) a.addExpectedAddresses(Addresses.format(x));
            b.setDns(a);
        }
        if (h.udp() != null) {
            UdpCheck.Builder a = UdpCheck.newBuilder();
            if (h.udp().send() != null) a.setSend(h.udp().send());
            if (h.udp().expect() != null) a.setExpect(h.udp().expect());
            b.setUdp(a);
        }
        if (h.misc() != null) {
            MiscCheck.Builder a = MiscCheck.newBuilder().setScript(h.misc().script());
            if (h.misc().arguments() != null) a.addAllArguments(h.misc().arguments());
            if (h.misc().dynamic() != null) a.setDynamic(h.misc().dynamic());
            b.setMisc(a);
        }
        return b.build();
    }

    /** The export form: no secrets. */
    static ConfigDocument configDocument(io.fulcrum.model.ConfigDocument d) {
        ConfigDocument.Builder b =
                ConfigDocument.newBuilder().setApiVersion(io.fulcrum.model.ConfigDocument.API_VERSION);
        if (d.revision() != null) b.setRevision(d.revision());
        for (io.fulcrum.model.Director x : d.directors()) b.addDirectors(director(x));
        for (io.fulcrum.model.VrrpGroup x : d.vrrpGroups()) b.addVrrpGroups(vrrpGroup(x));
        for (io.fulcrum.model.VirtualServer x : d.virtualServers()) b.addVirtualServers(virtualServer(x, true));
        return b.build();
    }

    private static HookWithArguments hook(Hook h) {
        return HookWithArguments.newBuilder()
                .setScript(h.script())
                .addAllArguments(h.arguments())
                .build();
    }

    /** A duration as REST writes it (whole milliseconds), as a double. */
    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    // ------------------------------------------------------------------ enums

    private static final Numbers<Enums.Protocol> PROTOCOL =
            new Numbers<>(Enums.Protocol.class, Protocol.getDescriptor());
    private static final Numbers<Enums.AddressFamily> ADDRESS_FAMILY =
            new Numbers<>(Enums.AddressFamily.class, AddressFamily.getDescriptor());
    private static final Numbers<Enums.Scheduler> SCHEDULER =
            new Numbers<>(Enums.Scheduler.class, Scheduler.getDescriptor());
    private static final Numbers<Enums.SchedulerFlag> SCHEDULER_FLAG =
            new Numbers<>(Enums.SchedulerFlag.class, SchedulerFlag.getDescriptor());
    private static final Numbers<Enums.Forwarding> FORWARDING =
            new Numbers<>(Enums.Forwarding.class, Forwarding.getDescriptor());
    private static final Numbers<Enums.TunnelType> TUNNEL_TYPE =
            new Numbers<>(Enums.TunnelType.class, TunnelType.getDescriptor());
    private static final Numbers<Enums.TunnelChecksum> TUNNEL_CHECKSUM =
            new Numbers<>(Enums.TunnelChecksum.class, TunnelChecksum.getDescriptor());
    private static final Numbers<Enums.AdminState> ADMIN_STATE =
            new Numbers<>(Enums.AdminState.class, AdminState.getDescriptor());
    private static final Numbers<Enums.InitialState> INITIAL_STATE =
            new Numbers<>(Enums.InitialState.class, InitialState.getDescriptor());
    private static final Numbers<Enums.AuthType> AUTH_TYPE =
            new Numbers<>(Enums.AuthType.class, AuthType.getDescriptor());
    private static final Numbers<Enums.CheckType> CHECK_TYPE =
            new Numbers<>(Enums.CheckType.class, CheckType.getDescriptor());
    private static final Numbers<Enums.DnsType> DNS_TYPE = new Numbers<>(Enums.DnsType.class, DnsType.getDescriptor());

    /**
     * The number of each model constant's message value: the value whose {@code (fulcrum.v1.rest)}
     * spelling is the constant's REST spelling, found once (a constant without one fails at start).
     */
    private static final class Numbers<E extends Enum<E>> {
        private final int[] byOrdinal;

        Numbers(Class<E> type, EnumDescriptor messageEnum) {
            E[] constants = type.getEnumConstants();
            byOrdinal = new int[constants.length];
            Map<String, Integer> spelled = new TreeMap<>();
            for (EnumValueDescriptor v : messageEnum.getValues())
                if (v.getNumber() != 0) spelled.put(RestJson.rest(v), v.getNumber());
            for (E e : constants) {
                Integer n = spelled.get(DocumentCodec.spelling(e));
                if (n == null) throw new IllegalStateException(messageEnum.getFullName() + " has no value for " + e);
                byOrdinal[e.ordinal()] = n;
            }
        }

        int number(E e) {
            return byOrdinal[e.ordinal()];
        }
    }
}
