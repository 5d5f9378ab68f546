package io.fulcrum.wire.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.ListValue;
import com.google.protobuf.Value;
import io.fulcrum.api.v1.AddressFamily;
import io.fulcrum.api.v1.AdminState;
import io.fulcrum.api.v1.AuthType;
import io.fulcrum.api.v1.CheckType;
import io.fulcrum.api.v1.ConfigDocument;
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
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A resource message's REST representation built from its fields directly: the tree {@link
 * RestJson#print} gives (the protobuf JSON mapping with its rewrites), without printing JSON text and
 * reading it back. What REST then reads from it, and every error it names, is REST's own ({@link
 * io.fulcrum.model.codec.DocumentCodec}). ResourcesEquivalenceTest proves the trees equal for every field, every
 * enum value, numbers no value has and out-of-range values.
 */
final class RestTrees {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private RestTrees() {}

    /** What a message that cannot be printed gives (a Value no JSON has), as {@link RestJson#print} says it. */
    private static final class Unprintable extends RuntimeException {
        Unprintable(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code tree}, or the failure {@link RestJson#print} reports for a message it cannot print. */
    private interface Tree {
        ObjectNode build();
    }

    private static ObjectNode print(String type, Tree t) {
        try {
            return t.build();
        } catch (Unprintable e) {
            throw new IllegalStateException("cannot print " + type, e);
        }
    }

    static ObjectNode director(Director m) {
        return print(Director.getDescriptor().getFullName(), () -> directorTree(m));
    }

    static ObjectNode vrrpGroup(VrrpGroup m) {
        return print(VrrpGroup.getDescriptor().getFullName(), () -> vrrpGroupTree(m));
    }

    static ObjectNode virtualServer(VirtualServer m) {
        return print(VirtualServer.getDescriptor().getFullName(), () -> virtualServerTree(m));
    }

    static ObjectNode realServer(RealServer m) {
        return print(RealServer.getDescriptor().getFullName(), () -> realServerTree(m));
    }

    static ObjectNode configDocument(ConfigDocument m) {
        return print(ConfigDocument.getDescriptor().getFullName(), () -> {
            ObjectNode o = F.objectNode();
            string(o, "apiVersion", m.getApiVersion());
            if (m.hasRevision()) o.set("revision", number(new BigDecimal(m.getRevision())));
            if (m.getDirectorsCount() > 0) {
                ArrayNode a = o.putArray("directors");
                for (Director d : m.getDirectorsList()) a.add(directorTree(d));
            }
            if (m.getVrrpGroupsCount() > 0) {
                ArrayNode a = o.putArray("vrrpGroups");
                for (VrrpGroup g : m.getVrrpGroupsList()) a.add(vrrpGroupTree(g));
            }
            if (m.getVirtualServersCount() > 0) {
                ArrayNode a = o.putArray("virtualServers");
                for (VirtualServer v : m.getVirtualServersList()) a.add(virtualServerTree(v));
            }
            return o;
        });
    }

    private static ObjectNode directorTree(Director m) {
        ObjectNode o = F.objectNode();
        string(o, "name", m.getName());
        string(o, "managementAddress", m.getManagementAddress());
        if (m.hasDescription()) o.put("description", m.getDescription());
        labels(o, m.getLabelsMap());
        if (m.hasStatus()) o.set("status", RestJson.print(m.getStatus()));
        if (m.hasMetadata()) o.set("metadata", RestJson.print(m.getMetadata()));
        strings(o, "fullnatAddresses", m.getFullnatAddressesList());
        return o;
    }

    private static ObjectNode vrrpGroupTree(VrrpGroup m) {
        ObjectNode o = F.objectNode();
        string(o, "name", m.getName());
        if (m.hasDescription()) o.put("description", m.getDescription());
        labels(o, m.getLabelsMap());
        if (m.hasVrid()) o.set("vrid", unsigned(m.getVrid()));
        string(o, "interface", m.getInterface());
        if (m.hasVersion()) o.set("version", unsigned(m.getVersion()));
        if (m.hasAdvertIntervalSeconds()) o.set("advertIntervalSeconds", real(m.getAdvertIntervalSeconds()));
        if (m.getVirtualAddressesCount() > 0) {
            ArrayNode a = o.putArray("virtualAddresses");
            for (VirtualAddress v : m.getVirtualAddressesList()) {
                ObjectNode x = a.addObject();
                string(x, "address", v.getAddress());
                if (v.hasDevice()) x.put("device", v.getDevice());
                if (v.hasLabel()) x.put("label", v.getLabel());
            }
        }
        if (m.getMembersCount() > 0) {
            ArrayNode a = o.putArray("members");
            for (VrrpMember v : m.getMembersList()) {
                ObjectNode x = a.addObject();
                string(x, "director", v.getDirector());
                if (v.hasPriority()) x.set("priority", unsigned(v.getPriority()));
                enumValue(x, "initialState", INITIAL_STATE, v.getInitialStateValue());
                if (v.hasUnicastAddress()) x.put("unicastAddress", v.getUnicastAddress());
            }
        }
        if (m.hasPreempt()) o.put("preempt", m.getPreempt());
        if (m.hasPreemptDelaySeconds()) o.set("preemptDelaySeconds", real(m.getPreemptDelaySeconds()));
        if (m.hasAuthentication()) {
            VrrpAuthentication v = m.getAuthentication();
            ObjectNode x = o.putObject("authentication");
            enumValue(x, "type", AUTH_TYPE, v.getTypeValue());
            if (v.hasPassword()) x.put("password", v.getPassword());
            if (v.hasPasswordSet()) x.put("passwordSet", v.getPasswordSet());
        }
        if (m.hasUnicast()) o.put("unicast", m.getUnicast());
        if (m.hasSyncGroup()) o.put("syncGroup", m.getSyncGroup());
        if (m.getTrackInterfacesCount() > 0) {
            ArrayNode a = o.putArray("trackInterfaces");
            for (TrackInterface v : m.getTrackInterfacesList()) {
                ObjectNode x = a.addObject();
                string(x, "interface", v.getInterface());
                if (v.hasWeight()) x.put("weight", v.getWeight());
            }
        }
        if (m.getTrackScriptsCount() > 0) {
            ArrayNode a = o.putArray("trackScripts");
            for (TrackScript v : m.getTrackScriptsList()) {
                ObjectNode x = a.addObject();
                string(x, "name", v.getName());
                string(x, "script", v.getScript());
                strings(x, "arguments", v.getArgumentsList());
                if (v.hasIntervalSeconds()) x.set("intervalSeconds", real(v.getIntervalSeconds()));
                if (v.hasTimeoutSeconds()) x.set("timeoutSeconds", real(v.getTimeoutSeconds()));
                if (v.hasWeight()) x.put("weight", v.getWeight());
                if (v.hasFall()) x.set("fall", unsigned(v.getFall()));
                if (v.hasRise()) x.set("rise", unsigned(v.getRise()));
            }
        }
        if (m.getTrackVirtualServersCount() > 0) {
            ArrayNode a = o.putArray("trackVirtualServers");
            for (TrackVirtualServer v : m.getTrackVirtualServersList()) {
                ObjectNode x = a.addObject();
                string(x, "virtualServer", v.getVirtualServer());
                if (v.hasWeight()) x.put("weight", v.getWeight());
            }
        }
        if (m.hasGarp()) {
            Garp v = m.getGarp();
            ObjectNode x = o.putObject("garp");
            if (v.hasMasterDelaySeconds()) x.set("masterDelaySeconds", real(v.getMasterDelaySeconds()));
            if (v.hasMasterRepeat()) x.set("masterRepeat", unsigned(v.getMasterRepeat()));
            if (v.hasMasterRefreshSeconds()) x.set("masterRefreshSeconds", real(v.getMasterRefreshSeconds()));
            if (v.hasMasterRefreshRepeat()) x.set("masterRefreshRepeat", unsigned(v.getMasterRefreshRepeat()));
        }
        if (m.hasNotify()) {
            VrrpNotify v = m.getNotify();
            ObjectNode x = o.putObject("notify");
            if (v.hasMaster()) x.set("master", hook(v.getMaster()));
            if (v.hasBackup()) x.set("backup", hook(v.getBackup()));
            if (v.hasFault()) x.set("fault", hook(v.getFault()));
            if (v.hasStop()) x.set("stop", hook(v.getStop()));
            if (v.hasAny()) x.set("any", hook(v.getAny()));
        }
        if (m.hasVmac()) o.put("vmac", m.getVmac());
        if (m.hasConnectionSync()) {
            ObjectNode x = o.putObject("connectionSync");
            string(x, "interface", m.getConnectionSync().getInterface());
            if (m.getConnectionSync().hasSyncId())
                x.set("syncId", unsigned(m.getConnectionSync().getSyncId()));
        }
        if (m.hasMetadata()) o.set("metadata", RestJson.print(m.getMetadata()));
        if (m.hasSyncGroupNotify()) {
            SyncGroupNotify v = m.getSyncGroupNotify();
            ObjectNode x = o.putObject("syncGroupNotify");
            if (v.hasMaster()) x.set("master", hook(v.getMaster()));
            if (v.hasBackup()) x.set("backup", hook(v.getBackup()));
            if (v.hasFault()) x.set("fault", hook(v.getFault()));
            if (v.hasStop()) x.set("stop", hook(v.getStop()));
            if (v.hasAny()) x.set("any", hook(v.getAny()));
        }
        return o;
    }

    private static ObjectNode virtualServerTree(VirtualServer m) {
        ObjectNode o = F.objectNode();
        string(o, "name", m.getName());
        if (m.hasDescription()) o.put("description", m.getDescription());
        labels(o, m.getLabelsMap());
        if (m.hasAddress()) o.put("address", m.getAddress());
        if (m.hasPort()) o.set("port", unsigned(m.getPort()));
        enumValue(o, "protocol", PROTOCOL, m.getProtocolValue());
        if (m.hasFwmark()) o.set("fwmark", unsigned(m.getFwmark()));
        enumValue(o, "addressFamily", ADDRESS_FAMILY, m.getAddressFamilyValue());
        enumValue(o, "scheduler", SCHEDULER, m.getSchedulerValue());
        if (m.getSchedulerFlagsCount() > 0) {
            ArrayNode a = o.putArray("schedulerFlags");
            for (int n : m.getSchedulerFlagsValueList()) a.add(enumItem(SCHEDULER_FLAG, n));
        }
        enumValue(o, "forwarding", FORWARDING, m.getForwardingValue());
        if (m.hasTunnel()) {
            Tunnel v = m.getTunnel();
            ObjectNode x = o.putObject("tunnel");
            enumValue(x, "type", TUNNEL_TYPE, v.getTypeValue());
            if (v.hasPort()) x.set("port", unsigned(v.getPort()));
            enumValue(x, "checksum", TUNNEL_CHECKSUM, v.getChecksumValue());
        }
        if (m.hasPersistence()) {
            Persistence v = m.getPersistence();
            ObjectNode x = o.putObject("persistence");
            if (v.hasTimeoutSeconds()) x.set("timeoutSeconds", unsigned(v.getTimeoutSeconds()));
            if (v.hasPrefixLength()) x.set("prefixLength", unsigned(v.getPrefixLength()));
        }
        if (m.hasOnePacket()) o.put("onePacket", m.getOnePacket());
        if (m.hasHealthCheck()) o.set("healthCheck", healthCheck(m.getHealthCheck()));
        if (m.hasSorryServer()) {
            SorryServer v = m.getSorryServer();
            ObjectNode x = o.putObject("sorryServer");
            string(x, "address", v.getAddress());
            if (v.hasPort()) x.set("port", unsigned(v.getPort()));
            enumValue(x, "forwarding", FORWARDING, v.getForwardingValue());
            if (v.hasInhibit()) x.put("inhibit", v.getInhibit());
        }
        if (m.hasQuorum()) o.put("quorum", m.getQuorum());
        if (m.hasHysteresis()) o.put("hysteresis", m.getHysteresis());
        if (m.hasNotify()) {
            QuorumNotify v = m.getNotify();
            ObjectNode x = o.putObject("notify");
            if (v.hasQuorumUp()) x.set("quorumUp", hook(v.getQuorumUp()));
            if (v.hasQuorumDown()) x.set("quorumDown", hook(v.getQuorumDown()));
        }
        if (m.hasOmega()) o.put("omega", m.getOmega());
        if (m.hasVrrpGroup()) o.put("vrrpGroup", m.getVrrpGroup());
        strings(o, "directors", m.getDirectorsList());
        if (m.getRealServersCount() > 0) {
            ArrayNode a = o.putArray("realServers");
            for (RealServer r : m.getRealServersList()) a.add(realServerTree(r));
        }
        if (m.hasMetadata()) o.set("metadata", RestJson.print(m.getMetadata()));
        return o;
    }

    private static ObjectNode realServerTree(RealServer m) {
        ObjectNode o = F.objectNode();
        string(o, "name", m.getName());
        if (m.hasDescription()) o.put("description", m.getDescription());
        labels(o, m.getLabelsMap());
        string(o, "address", m.getAddress());
        if (m.hasPort()) o.set("port", unsigned(m.getPort()));
        if (m.hasWeight()) o.set("weight", unsigned(m.getWeight()));
        if (m.hasUpperThreshold()) o.set("upperThreshold", unsigned(m.getUpperThreshold()));
        if (m.hasLowerThreshold()) o.set("lowerThreshold", unsigned(m.getLowerThreshold()));
        enumValue(o, "forwarding", FORWARDING, m.getForwardingValue());
        if (m.hasHealthCheck()) o.set("healthCheck", healthCheck(m.getHealthCheck()));
        if (m.hasInhibitOnFailure()) o.put("inhibitOnFailure", m.getInhibitOnFailure());
        enumValue(o, "adminState", ADMIN_STATE, m.getAdminStateValue());
        if (m.hasNotify()) {
            RealServerNotify v = m.getNotify();
            ObjectNode x = o.putObject("notify");
            if (v.hasUp()) x.set("up", hook(v.getUp()));
            if (v.hasDown()) x.set("down", hook(v.getDown()));
        }
        if (m.hasMetadata()) o.set("metadata", RestJson.print(m.getMetadata()));
        return o;
    }

    private static ObjectNode healthCheck(HealthCheck m) {
        ObjectNode o = F.objectNode();
        enumValue(o, "type", CHECK_TYPE, m.getTypeValue());
        if (m.hasIntervalSeconds()) o.set("intervalSeconds", real(m.getIntervalSeconds()));
        if (m.hasTimeoutSeconds()) o.set("timeoutSeconds", real(m.getTimeoutSeconds()));
        if (m.hasRetries()) o.set("retries", unsigned(m.getRetries()));
        if (m.hasDelayBeforeRetrySeconds()) o.set("delayBeforeRetrySeconds", real(m.getDelayBeforeRetrySeconds()));
        if (m.hasFall()) o.set("fall", unsigned(m.getFall()));
        if (m.hasRise()) o.set("rise", unsigned(m.getRise()));
        if (m.hasPort()) o.set("port", unsigned(m.getPort()));
        if (m.hasConnectAddress()) o.put("connectAddress", m.getConnectAddress());
        if (m.hasBindAddress()) o.put("bindAddress", m.getBindAddress());
        if (m.hasAlpha()) o.put("alpha", m.getAlpha());
        if (m.hasHttp()) {
            HttpCheck v = m.getHttp();
            ObjectNode x = o.putObject("http");
            if (v.getUrlsCount() > 0) {
                ArrayNode a = x.putArray("urls");
                for (HttpUrl u : v.getUrlsList()) {
                    ObjectNode y = a.addObject();
                    string(y, "path", u.getPath());
                    if (u.getStatusCodesCount() > 0) {
                        ArrayNode c = y.putArray("statusCodes");
                        for (Value s : u.getStatusCodesList()) c.add(any(s));
                    }
                    if (u.hasDigest()) y.put("digest", u.getDigest());
                    if (u.hasBodyContains()) y.put("bodyContains", u.getBodyContains());
                    if (u.hasBodyRegex()) y.put("bodyRegex", u.getBodyRegex());
                }
            }
            if (v.hasVirtualHost()) x.put("virtualHost", v.getVirtualHost());
            if (v.hasSni()) x.put("sni", v.getSni());
            if (v.hasTlsVerify()) x.put("tlsVerify", v.getTlsVerify());
        }
        if (m.hasSmtp()) {
            ObjectNode x = o.putObject("smtp");
            if (m.getSmtp().hasHeloName()) x.put("heloName", m.getSmtp().getHeloName());
        }
        if (m.hasDns()) {
            DnsCheck v = m.getDns();
            ObjectNode x = o.putObject("dns");
            string(x, "name", v.getName());
            enumValue(x, "type", DNS_TYPE, v.getTypeValue());
            strings(x, "expectedAddresses", v.getExpectedAddressesList());
        }
        if (m.hasUdp()) {
            UdpCheck v = m.getUdp();
            ObjectNode x = o.putObject("udp");
            if (v.hasSend()) x.put("send", v.getSend());
            if (v.hasExpect()) x.put("expect", v.getExpect());
        }
        if (m.hasMisc()) {
            MiscCheck v = m.getMisc();
            ObjectNode x = o.putObject("misc");
            string(x, "script", v.getScript());
            strings(x, "arguments", v.getArgumentsList());
            if (v.hasDynamic()) x.put("dynamic", v.getDynamic());
        }
        return o;
    }

    // ------------------------------------------------------------------ values

    /** A hook: its script's path alone when it has no arguments (rewrite 4 of {@link RestJson}). */
    private static JsonNode hook(HookWithArguments h) {
        if (h.getArgumentsCount() == 0 && !h.getScript().isEmpty()) return F.textNode(h.getScript());
        ObjectNode x = F.objectNode();
        string(x, "script", h.getScript());
        strings(x, "arguments", h.getArgumentsList());
        return x;
    }

    /** A proto3 string without presence: left out when empty. */
    private static void string(ObjectNode o, String field, String v) {
        if (!v.isEmpty()) o.put(field, v);
    }

    private static void strings(ObjectNode o, String field, List<String> v) {
        if (v.isEmpty()) return;
        ArrayNode a = o.putArray(field);
        for (String s : v) a.add(s);
    }

    private static void labels(ObjectNode o, Map<String, String> labels) {
        if (labels.isEmpty()) return;
        ObjectNode x = o.putObject("labels");
        labels.forEach(x::put);
    }

    /** A uint32 as the JSON mapping writes it (unsigned) and JSON reads it back. */
    private static JsonNode unsigned(int v) {
        return v >= 0 ? F.numberNode(v) : F.numberNode(Integer.toUnsignedLong(v));
    }

    /** A double as REST writes it (1, not 1.0); what is not a number stays the mapping's string. */
    private static JsonNode real(double v) {
        if (Double.isNaN(v)) return F.textNode("NaN");
        if (Double.isInfinite(v)) return F.textNode(v > 0 ? "Infinity" : "-Infinity");
        return number(BigDecimal.valueOf(v));
    }

    /** A number as REST writes it: whole numbers as integers, the smallest type that holds them. */
    private static JsonNode number(BigDecimal v) {
        BigDecimal b = v.stripTrailingZeros();
        if (b.scale() > 0) return F.numberNode(b);
        BigInteger i = b.toBigIntegerExact();
        return i.bitLength() < 32
                ? F.numberNode(i.intValue())
                : i.bitLength() < 64 ? F.numberNode(i.longValue()) : F.numberNode(i);
    }

    /** Any JSON (google.protobuf.Value), numbers as REST writes them. */
    private static JsonNode any(Value v) {
        return switch (v.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> F.nullNode();
            case NUMBER_VALUE -> {
                double d = v.getNumberValue();
                if (!Double.isFinite(d)) throw new Unprintable("google.protobuf.Value cannot hold " + d);
                yield number(BigDecimal.valueOf(d));
            }
            case STRING_VALUE -> F.textNode(v.getStringValue());
            case BOOL_VALUE -> F.booleanNode(v.getBoolValue());
            case STRUCT_VALUE -> {
                ObjectNode o = F.objectNode();
                v.getStructValue().getFieldsMap().forEach((k, x) -> o.set(k, any(x)));
                yield o;
            }
            case LIST_VALUE -> {
                ArrayNode a = F.arrayNode();
                ListValue l = v.getListValue();
                for (Value x : l.getValuesList()) a.add(any(x));
                yield a;
            }
        };
    }

    /** An enum field: left out when UNSPECIFIED, its REST spelling, or the number no value has. */
    private static void enumValue(ObjectNode o, String field, Spellings s, int number) {
        if (number != 0) o.set(field, enumItem(s, number));
    }

    /** An enum in a list: UNSPECIFIED is null there, as the JSON mapping's rewrite leaves it. */
    private static JsonNode enumItem(Spellings s, int number) {
        if (number == 0) return F.nullNode();
        String r = s.of(number);
        return r == null ? F.numberNode(number) : F.textNode(r);
    }

    private static final Spellings PROTOCOL = new Spellings(Protocol.getDescriptor());
    private static final Spellings ADDRESS_FAMILY = new Spellings(AddressFamily.getDescriptor());
    private static final Spellings SCHEDULER = new Spellings(Scheduler.getDescriptor());
    private static final Spellings SCHEDULER_FLAG = new Spellings(SchedulerFlag.getDescriptor());
    private static final Spellings FORWARDING = new Spellings(Forwarding.getDescriptor());
    private static final Spellings TUNNEL_TYPE = new Spellings(TunnelType.getDescriptor());
    private static final Spellings TUNNEL_CHECKSUM = new Spellings(TunnelChecksum.getDescriptor());
    private static final Spellings ADMIN_STATE = new Spellings(AdminState.getDescriptor());
    private static final Spellings INITIAL_STATE = new Spellings(InitialState.getDescriptor());
    private static final Spellings AUTH_TYPE = new Spellings(AuthType.getDescriptor());
    private static final Spellings CHECK_TYPE = new Spellings(CheckType.getDescriptor());
    private static final Spellings DNS_TYPE = new Spellings(DnsType.getDescriptor());

    /** The REST spelling of each value of one enum, read from its options once. */
    private static final class Spellings {
        private final Map<Integer, String> byNumber = new ConcurrentHashMap<>();

        Spellings(EnumDescriptor type) {
            for (EnumValueDescriptor v : type.getValues())
                if (v.getNumber() != 0) byNumber.put(v.getNumber(), RestJson.rest(v));
        }

        /** Null: no value has {@code number}. */
        String of(int number) {
            return byNumber.get(number);
        }
    }
}
