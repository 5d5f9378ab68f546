package io.fulcrum.model.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.Defaults;
import io.fulcrum.model.Director;
import io.fulcrum.model.Enums;
import io.fulcrum.model.Enums.AddressFamily;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.HealthCheck;
import io.fulcrum.model.Hook;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.ResourceRef;
import io.fulcrum.model.Secret;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.Validator;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.model.VrrpGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The one place where the JSON/YAML wire form (openapi.yaml's schemas, the configuration document)
 * becomes the domain model and back. Decoding collects every invalid field, then runs the
 * {@link Validator}'s semantic checks; any error throws a {@link ValidationException} naming them all.
 */
public final class DocumentCodec {
    public static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Strings are always quoted: "8080", ".inf" or "yes" must read back as strings. SnakeYAML's own
     * limit of 3 MB per document is lifted: the caller bounds the size (the control plane refuses a
     * body over its configured limit, 64 MiB by default, and a fleet of 10,000 virtual servers is tens
     * of megabytes).
     */
    public static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    private static final Duration MAX_DAY = Duration.ofDays(1);

    private DocumentCodec() {}

    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(Integer.MAX_VALUE);
        return o;
    }

    // ---------------------------------------------------------------- decoding

    public static Director decodeDirector(JsonNode node) {
        return decode(node, DocumentCodec::director);
    }

    public static VrrpGroup decodeVrrpGroup(JsonNode node) {
        return decode(node, DocumentCodec::vrrpGroup);
    }

    /** realServers is null in the result's list position when the input omitted it: see {@link #hasRealServers}. */
    public static VirtualServer decodeVirtualServer(JsonNode node) {
        return decode(node, DocumentCodec::virtualServer);
    }

    /** A real server on its own; {@link Validator#checkRealServer} checks it against its virtual server. */
    public static RealServer decodeRealServer(JsonNode node) {
        return decode(node, (in, errors) -> realServer(in));
    }

    /** The real server as a member of {@code parent} (for the family and port checks). */
    public static RealServer decodeRealServer(JsonNode node, VirtualServer parent) {
        return decode(node, (in, errors) -> {
            RealServer rs = realServer(in.resource(ResourceRef.realServer(parent.name(), in.rawName())));
            if (rs != null && errors.isEmpty()) Validator.checkRealServer(parent, rs, "", errors);
            return rs;
        });
    }

    /** The REST spelling of a model enum constant ("wrr", "sh-fallback", "AAAA"). */
    public static String spelling(Enum<?> e) {
        return Out.wire(e);
    }

    /** Whether {@code s} is a valid resource name (openapi.yaml's Name), for names given outside a resource body. */
    public static boolean isName(String s) {
        return s != null && In.NAME.matcher(s).matches();
    }

    public static boolean hasRealServers(JsonNode virtualServer) {
        return virtualServer != null
                && virtualServer.has("realServers")
                && !virtualServer.get("realServers").isNull();
    }

    /**
     * A director's document from a file (YAML or JSON), as the agent reads its desired state: secrets
     * may be absent (see {@link #decodeDocument}).
     */
    public static ConfigDocument readDocument(Path file) throws IOException {
        if (!Files.isReadable(file)) throw new IOException("cannot read " + file);
        return decodeDocument(parse(Files.readString(file)), false);
    }

    /** A whole configuration document, checked for references and collisions across resources. */
    public static ConfigDocument decodeDocument(JsonNode node, boolean requireSecrets) {
        return decodeDocument(node, (doc, errors) -> Validator.checkDocument(doc, requireSecrets, errors));
    }

    /**
     * A document to plan against the store: every resource decoded and checked on its own, but not
     * across resources; that is the planner's job ({@code io.fulcrum.model.plan.Planner}), which knows
     * which stored resources stay beside the document. Secrets may be absent (the stored ones are kept).
     */
    public static ConfigDocument decodeDesiredDocument(JsonNode node) {
        return decodeDocument(node, (doc, errors) -> {});
    }

    private static ConfigDocument decodeDocument(JsonNode node, BiConsumer<ConfigDocument, List<FieldError>> across) {
        return decode(node, (in, errors) -> {
            if (!in.object("apiVersion", "revision", "directors", "vrrpGroups", "virtualServers")) return null;
            String v = in.string("apiVersion", true, 32);
            if (v != null && !v.equals(ConfigDocument.API_VERSION))
                in.error(in.at("apiVersion"), "must be " + ConfigDocument.API_VERSION);
            List<Director> ds = list(in, "directors", DocumentCodec::director);
            List<VrrpGroup> gs = list(in, "vrrpGroups", DocumentCodec::vrrpGroup);
            List<VirtualServer> vs = list(in, "virtualServers", DocumentCodec::virtualServer);
            if (!errors.isEmpty()) return null;
            ConfigDocument doc = new ConfigDocument(null, ds, gs, vs);
            across.accept(doc, errors);
            return doc;
        });
    }

    /** Parses JSON or YAML text (YAML is a superset) into a tree; a syntax error names the line. */
    public static JsonNode parse(String text) {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new ValidationException(
                    "",
                    "not valid JSON or YAML"
                            + (loc != null ? " at line " + loc.getLineNr() + ", column " + loc.getColumnNr() : "")
                            + ": " + e.getOriginalMessage());
        }
    }

    private static <T> T decode(JsonNode node, BiFunction<In, List<FieldError>, T> reader) {
        List<FieldError> errors = new ArrayList<>();
        T value = reader.apply(In.root(node, errors), errors);
        if (!errors.isEmpty()) throw new ValidationException(errors);
        return value;
    }

    private static <T> List<T> list(In in, String field, BiFunction<In, List<FieldError>, T> reader) {
        List<T> out = new ArrayList<>();
        List<In> items = in.array(field, false, 0, 100_000);
        if (items != null)
            for (In i : items) {
                T t = reader.apply(i, in.errors);
                if (t != null) out.add(t);
            }
        return out;
    }

    private static Director director(In in, List<FieldError> errors) {
        in = in.resource(ResourceRef.director(in.rawName()));
        if (!in.object("name", "managementAddress", "description", "labels", "fullnatAddresses", "status", "metadata"))
            return null;
        String name = in.name("name", true);
        InetAddress mgmt = in.address("managementAddress", true);
        String description = in.string("description", false, 1024);
        var labels = in.labels("labels");
        List<InetAddress> fullnat = in.addresses("fullnatAddresses", 256, true);
        return name == null || mgmt == null
                ? null
                : new Director(name, mgmt, description, labels, fullnat == null ? List.of() : fullnat);
    }

    private static VrrpGroup vrrpGroup(In in, List<FieldError> errors) {
        in = in.resource(ResourceRef.vrrpGroup(in.rawName()));
        int before = errors.size();
        if (!in.object(
                "name",
                "description",
                "labels",
                "vrid",
                "interface",
                "version",
                "advertIntervalSeconds",
                "virtualAddresses",
                "members",
                "preempt",
                "preemptDelaySeconds",
                "authentication",
                "unicast",
                "syncGroup",
                "trackInterfaces",
                "trackScripts",
                "trackVirtualServers",
                "garp",
                "notify",
                "syncGroupNotify",
                "vmac",
                "connectionSync",
                "metadata")) return null;
        String name = in.name("name", true);
        String description = in.string("description", false, 1024);
        var labels = in.labels("labels");
        Integer vrid = in.integer32("vrid", true, 1, 255);
        String iface = in.iface("interface", true);
        Integer version = in.integer32("version", false, 2, 3);
        Duration advert = in.seconds("advertIntervalSeconds", Duration.ofMillis(10), Duration.ofSeconds(255));
        List<VrrpGroup.VirtualAddress> vips = new ArrayList<>();
        List<In> vipIn = in.array("virtualAddresses", true, 1, 64);
        if (vipIn != null)
            for (In v : vipIn) {
                if (!v.object("address", "device", "label")) continue;
                var p = v.prefix("address");
                String dev = v.iface("device", false);
                String label = v.string("label", false, 15);
                if (p != null) vips.add(new VrrpGroup.VirtualAddress(p, dev, label));
            }
        List<VrrpGroup.Member> members = new ArrayList<>();
        List<In> memIn = in.array("members", true, 1, 16);
        if (memIn != null)
            for (In m : memIn) {
                if (!m.object("director", "priority", "initialState", "unicastAddress")) continue;
                String d = m.name("director", true);
                Integer prio = m.integer32("priority", true, 1, 255);
                var st = m.enumValue("initialState", Enums.InitialState.class, false);
                InetAddress ua = m.address("unicastAddress", false);
                if (d != null && prio != null)
                    members.add(new VrrpGroup.Member(d, prio, or(st, Defaults.INITIAL_STATE), ua));
            }
        Boolean preempt = in.bool("preempt");
        Duration preemptDelay = in.seconds("preemptDelaySeconds", Duration.ZERO, Duration.ofSeconds(1000));
        VrrpGroup.Authentication auth = null;
        In a = in.child("authentication");
        if (a != null && a.object("type", "password", "passwordSet")) {
            var type = a.enumValue("type", Enums.AuthType.class, true);
            String pw = a.string("password", false, 4096);
            if (pw != null && pw.length() > 8) {
                // keepalived.conf(5): "Only the first eight (8) characters are used" (RFC 3768 §5.3.6.1: 8 octets).
                a.error(
                        a.at("password"),
                        "must be at most 8 characters (got " + pw.length() + "): VRRPv2 carries 8, and keepalived"
                                + " silently uses only the first 8 of a longer auth_pass; give those 8");
                pw = null;
            }
            if (pw != null && pw.isEmpty()) a.error(a.at("password"), "must not be empty");
            if (type == Enums.AuthType.NONE && pw != null) a.error(a.at("password"), "is not allowed with type none");
            if (type != null)
                auth = new VrrpGroup.Authentication(type, pw == null || pw.isEmpty() ? null : new Secret(pw));
        }
        Boolean unicast = in.bool("unicast");
        String syncGroup = in.name("syncGroup", false);
        List<VrrpGroup.TrackInterface> tis = new ArrayList<>();
        List<In> tiIn = in.array("trackInterfaces", false, 0, 64);
        if (tiIn != null)
            for (In t : tiIn) {
                if (!t.object("interface", "weight")) continue;
                String i = t.iface("interface", true);
                Integer w = t.integer32("weight", false, -254, 254);
                if (i != null) tis.add(new VrrpGroup.TrackInterface(i, w));
            }
        List<VrrpGroup.TrackScript> tss = new ArrayList<>();
        List<In> tsIn = in.array("trackScripts", false, 0, 64);
        if (tsIn != null)
            for (In t : tsIn) {
                if (!t.object(
                        "name", "script", "arguments", "intervalSeconds", "timeoutSeconds", "weight", "fall", "rise"))
                    continue;
                String n = t.name("name", true);
                String s = t.script("script");
                if (!t.has("script")) t.error(t.at("script"), "is required");
                List<String> args = strings(t, "arguments");
                Duration iv = t.seconds("intervalSeconds", Duration.ofMillis(10), MAX_DAY);
                Duration to = t.seconds("timeoutSeconds", Duration.ofMillis(10), Duration.ofHours(1));
                Integer w = t.integer32("weight", false, -254, 254);
                Integer fall = t.integer32("fall", false, 1, 1000);
                Integer rise = t.integer32("rise", false, 1, 1000);
                if (n != null && s != null)
                    tss.add(new VrrpGroup.TrackScript(
                            n,
                            s,
                            args,
                            or(iv, Defaults.TRACK_SCRIPT_INTERVAL),
                            or(to, Defaults.TRACK_SCRIPT_TIMEOUT),
                            or(w, Defaults.TRACK_SCRIPT_WEIGHT),
                            or(fall, Defaults.TRACK_SCRIPT_FALL),
                            or(rise, Defaults.TRACK_SCRIPT_RISE)));
            }
        List<VrrpGroup.TrackVirtualServer> tvs = new ArrayList<>();
        List<In> tvIn = in.array("trackVirtualServers", false, 0, 64);
        if (tvIn != null)
            for (In t : tvIn) {
                if (!t.object("virtualServer", "weight")) continue;
                String v = t.name("virtualServer", true);
                Integer w = t.integer32("weight", false, -253, -1);
                if (v != null) tvs.add(new VrrpGroup.TrackVirtualServer(v, w));
            }
        VrrpGroup.Garp garp = Defaults.GARP;
        In g = in.child("garp");
        if (g != null
                && g.object("masterDelaySeconds", "masterRepeat", "masterRefreshSeconds", "masterRefreshRepeat")) {
            var d = Defaults.GARP;
            garp = new VrrpGroup.Garp(
                    or(g.seconds("masterDelaySeconds", Duration.ZERO, Duration.ofSeconds(1000)), d.masterDelay()),
                    or(g.integer32("masterRepeat", false, 1, 255), d.masterRepeat()),
                    or(g.seconds("masterRefreshSeconds", Duration.ZERO, MAX_DAY), d.masterRefresh()),
                    or(g.integer32("masterRefreshRepeat", false, 1, 255), d.masterRefreshRepeat()));
        }
        VrrpGroup.Notify notify = vrrpNotify(in.child("notify"));
        VrrpGroup.Notify syncGroupNotify = vrrpNotify(in.child("syncGroupNotify"));
        Boolean vmac = in.bool("vmac");
        VrrpGroup.ConnectionSync sync = null;
        In cs = in.child("connectionSync");
        if (cs != null && cs.object("interface", "syncId")) {
            String i = cs.iface("interface", true);
            Integer id = cs.integer32("syncId", false, 0, 255);
            if (i != null) sync = new VrrpGroup.ConnectionSync(i, or(id, Defaults.SYNC_ID));
        }
        if (errors.size() > before) return null;
        VrrpGroup group = new VrrpGroup(
                name,
                description,
                labels,
                vrid,
                iface,
                or(version, Defaults.VRRP_VERSION),
                or(advert, Defaults.ADVERT_INTERVAL),
                vips,
                members,
                or(preempt, Defaults.PREEMPT),
                or(preemptDelay, Defaults.PREEMPT_DELAY),
                auth,
                or(unicast, false),
                syncGroup,
                tis,
                tss,
                garp,
                notify,
                or(vmac, false),
                sync,
                tvs,
                syncGroupNotify);
        Validator.checkVrrpGroup(group, in.path, errors);
        return group;
    }

    private static VirtualServer virtualServer(In in, List<FieldError> errors) {
        in = in.resource(ResourceRef.virtualServer(in.rawName()));
        int before = errors.size();
        if (!in.object(
                "name",
                "description",
                "labels",
                "address",
                "port",
                "protocol",
                "fwmark",
                "addressFamily",
                "scheduler",
                "schedulerFlags",
                "forwarding",
                "tunnel",
                "persistence",
                "onePacket",
                "healthCheck",
                "sorryServer",
                "quorum",
                "hysteresis",
                "notify",
                "omega",
                "vrrpGroup",
                "directors",
                "realServers",
                "metadata")) return null;
        String name = in.name("name", true);
        String description = in.string("description", false, 1024);
        var labels = in.labels("labels");
        InetAddress address = in.address("address", false);
        Integer port = in.integer32("port", false, 0, 65535);
        var protocol = in.enumValue("protocol", Enums.Protocol.class, false);
        Long fwmark = in.integer("fwmark", false, 1, 0xFFFF_FFFFL);
        var family = in.enumValue("addressFamily", AddressFamily.class, false);
        VirtualServer.Service service = null;
        if (in.has("address") && in.has("fwmark")) {
            in.error(in.at("fwmark"), "give either address (with port and protocol) or fwmark, not both");
        } else if (in.has("fwmark")) {
            if (in.has("port")) in.error(in.at("port"), "is not allowed with fwmark");
            // keepalived accepts "protocol" on a fwmark service; the kernel matches the mark alone, so
            // it is accepted here too and has no effect (not stored).
            if (fwmark != null) service = new VirtualServer.FwmarkService(fwmark, or(family, Defaults.FWMARK_FAMILY));
        } else if (in.has("address")) {
            if (!in.has("port")) in.error(in.at("port"), "is required with address");
            if (address != null && family != null && family != Addresses.family(address))
                in.error(
                        in.at("addressFamily"),
                        "is " + Out.wire(family) + " but address " + Addresses.format(address) + " is not");
            if (address != null && port != null)
                service = new VirtualServer.InetService(address, port, or(protocol, Defaults.PROTOCOL));
        } else {
            in.error(in.at("address"), "is required (or fwmark)");
        }
        var scheduler = in.enumValue("scheduler", Enums.Scheduler.class, false);
        Set<Enums.SchedulerFlag> flags = EnumSet.noneOf(Enums.SchedulerFlag.class);
        List<In> flagIn = in.array("schedulerFlags", false, 0, 4);
        if (flagIn != null)
            for (In f : flagIn) {
                var flag = f.enumItem(Enums.SchedulerFlag.class);
                if (flag != null && !flags.add(flag)) f.error(f.path, "repeats '" + Out.wire(flag) + "'");
            }
        var forwarding = in.enumValue("forwarding", Enums.Forwarding.class, false);
        VirtualServer.Tunnel tunnel = null;
        In t = in.child("tunnel");
        if (t != null && t.object("type", "port", "checksum")) {
            tunnel = new VirtualServer.Tunnel(
                    or(t.enumValue("type", Enums.TunnelType.class, false), Defaults.TUNNEL_TYPE),
                    t.integer32("port", false, 1, 65535),
                    or(t.enumValue("checksum", Enums.TunnelChecksum.class, false), Defaults.TUNNEL_CHECKSUM));
        }
        VirtualServer.Persistence persistence = null;
        In p = in.child("persistence");
        if (p != null && p.object("timeoutSeconds", "prefixLength")) {
            Long to = p.integer("timeoutSeconds", true, 1, 2_678_400);
            Integer len = p.integer32("prefixLength", false, 0, 128);
            if (to != null) persistence = new VirtualServer.Persistence(Duration.ofSeconds(to), len);
        }
        Boolean ops = in.bool("onePacket");
        HealthCheck hc = healthCheck(in.child("healthCheck"));
        VirtualServer.SorryServer sorry = null;
        In s = in.child("sorryServer");
        if (s != null && s.object("address", "port", "forwarding", "inhibit")) {
            InetAddress sa = s.address("address", true);
            Integer sp = s.integer32("port", false, 0, 65535);
            var sf = s.enumValue("forwarding", Enums.Forwarding.class, false);
            Boolean inhibit = s.bool("inhibit");
            if (sa != null) sorry = new VirtualServer.SorryServer(sa, sp, sf, or(inhibit, false));
        }
        Integer quorum = in.integer32("quorum", false, 1, Integer.MAX_VALUE);
        Integer hysteresis = in.integer32("hysteresis", false, 0, Integer.MAX_VALUE);
        Hook qUp = null, qDown = null;
        In n = in.child("notify");
        if (n != null && n.object("quorumUp", "quorumDown")) {
            qUp = hook(n, "quorumUp");
            qDown = hook(n, "quorumDown");
        }
        Boolean omega = in.bool("omega");
        String group = in.name("vrrpGroup", false);
        List<String> directors = new ArrayList<>();
        List<In> dirIn = in.array("directors", false, 0, 1000);
        if (dirIn != null)
            for (In d : dirIn) {
                String dn = d.nameItem();
                if (dn != null) directors.add(dn);
            }
        List<RealServer> reals = new ArrayList<>();
        List<In> rsIn = in.array("realServers", false, 0, 10_000);
        if (rsIn != null)
            for (In r : rsIn) {
                RealServer rs = realServer(r.resource(ResourceRef.realServer(in.rawName(), r.rawName())));
                if (rs != null) reals.add(rs);
            }
        if (errors.size() > before || service == null) return null;
        VirtualServer vs = new VirtualServer(
                name,
                description,
                labels,
                service,
                or(scheduler, Defaults.SCHEDULER),
                flags,
                or(forwarding, Defaults.FORWARDING),
                tunnel,
                persistence,
                or(ops, false),
                hc,
                sorry,
                or(quorum, Defaults.QUORUM),
                or(hysteresis, Defaults.HYSTERESIS),
                qUp,
                qDown,
                or(omega, false),
                group,
                directors,
                reals);
        Validator.checkVirtualServer(vs, in.path, errors);
        return vs;
    }

    private static RealServer realServer(In in) {
        int before = in.errors.size();
        if (!in.object(
                "name",
                "description",
                "labels",
                "address",
                "port",
                "weight",
                "upperThreshold",
                "lowerThreshold",
                "forwarding",
                "healthCheck",
                "inhibitOnFailure",
                "adminState",
                "notify",
                "metadata")) return null;
        String name = in.name("name", true);
        String description = in.string("description", false, 1024);
        var labels = in.labels("labels");
        InetAddress address = in.address("address", true);
        Integer port = in.integer32("port", false, 0, 65535);
        Integer weight = in.integer32("weight", false, 0, 65535);
        Integer upper = in.integer32("upperThreshold", false, 0, Integer.MAX_VALUE);
        Integer lower = in.integer32("lowerThreshold", false, 0, Integer.MAX_VALUE);
        var forwarding = in.enumValue("forwarding", Enums.Forwarding.class, false);
        HealthCheck hc = healthCheck(in.child("healthCheck"));
        Boolean inhibit = in.bool("inhibitOnFailure");
        var admin = in.enumValue("adminState", Enums.AdminState.class, false);
        Hook up = null, down = null;
        In n = in.child("notify");
        if (n != null && n.object("up", "down")) {
            up = hook(n, "up");
            down = hook(n, "down");
        }
        if (in.errors.size() > before) return null;
        return new RealServer(
                name,
                description,
                labels,
                address,
                port,
                or(weight, Defaults.WEIGHT),
                or(upper, 0),
                or(lower, 0),
                forwarding,
                hc,
                or(inhibit, false),
                or(admin, Defaults.ADMIN_STATE),
                up,
                down);
    }

    private static HealthCheck healthCheck(In in) {
        if (in == null) return null;
        if (!in.object(
                "type",
                "intervalSeconds",
                "timeoutSeconds",
                "retries",
                "delayBeforeRetrySeconds",
                "fall",
                "rise",
                "port",
                "connectAddress",
                "bindAddress",
                "alpha",
                "http",
                "smtp",
                "dns",
                "udp",
                "misc")) return null;
        var type = in.enumValue("type", Enums.CheckType.class, false);
        Duration interval = in.seconds("intervalSeconds", Duration.ofMillis(10), MAX_DAY);
        Duration timeout = in.seconds("timeoutSeconds", Duration.ofMillis(10), Duration.ofHours(1));
        Integer retries = in.integer32("retries", false, 0, 100);
        Duration delay = in.seconds("delayBeforeRetrySeconds", Duration.ZERO, Duration.ofHours(1));
        Integer fall = in.integer32("fall", false, 1, 100);
        Integer rise = in.integer32("rise", false, 1, 100);
        Integer port = in.integer32("port", false, 1, 65535);
        InetAddress connect = in.address("connectAddress", false);
        InetAddress bind = in.address("bindAddress", false);
        Boolean alpha = in.bool("alpha");
        HealthCheck.Http http = null;
        In h = in.child("http");
        if (h != null && h.object("urls", "virtualHost", "sni", "tlsVerify")) {
            List<HealthCheck.Url> urls = null;
            List<In> urlIn = h.array("urls", false, 1, 64);
            if (urlIn != null) {
                urls = new ArrayList<>();
                for (In u : urlIn) {
                    if (!u.object("path", "statusCodes", "digest", "bodyContains", "bodyRegex")) continue;
                    String path = u.string("path", true, 2048);
                    if (path != null && !path.startsWith("/")) {
                        u.error(u.at("path"), "must start with '/'");
                        path = null;
                    }
                    List<HealthCheck.StatusRange> codes = null;
                    List<In> codeIn = u.array("statusCodes", false, 1, 100);
                    if (codeIn != null) {
                        codes = new ArrayList<>();
                        for (In c : codeIn) {
                            HealthCheck.StatusRange r = statusRange(c.node);
                            if (r == null)
                                c.error(
                                        c.path,
                                        "must be an HTTP status code from 100 to 599, or a range of them such as"
                                                + " \"200-299\"");
                            else codes.add(r);
                        }
                    }
                    String digest = u.string("digest", false, 32);
                    if (digest != null && !digest.matches("[0-9a-fA-F]{32}")) {
                        u.error(u.at("digest"), "must be an MD5 digest: 32 hexadecimal digits, as genhash prints");
                        digest = null;
                    }
                    String contains = u.string("bodyContains", false, 1024);
                    String regex = u.string("bodyRegex", false, 1024);
                    if (regex != null) {
                        try {
                            Pattern.compile(regex);
                        } catch (PatternSyntaxException e) {
                            u.error(u.at("bodyRegex"), "is not a valid regular expression: " + e.getDescription());
                        }
                    }
                    if (path != null)
                        urls.add(new HealthCheck.Url(
                                path, codes, digest == null ? null : digest.toLowerCase(), contains, regex));
                }
            }
            http = new HealthCheck.Http(
                    urls, h.string("virtualHost", false, 255), h.string("sni", false, 255), h.bool("tlsVerify"));
        }
        HealthCheck.Smtp smtp = null;
        In sm = in.child("smtp");
        if (sm != null && sm.object("heloName")) smtp = new HealthCheck.Smtp(sm.string("heloName", false, 255));
        HealthCheck.Dns dns = null;
        In d = in.child("dns");
        if (d != null && d.object("name", "type", "expectedAddresses")) {
            String qn = d.string("name", true, 253);
            var qt = d.enumValue("type", Enums.DnsType.class, false);
            List<InetAddress> expected = d.addresses("expectedAddresses", 64, false);
            if (qn != null) dns = new HealthCheck.Dns(qn, or(qt, Defaults.DNS_TYPE), expected);
        }
        HealthCheck.Udp udp = null;
        In u = in.child("udp");
        if (u != null && u.object("send", "expect"))
            udp = new HealthCheck.Udp(u.string("send", false, 1024), u.string("expect", false, 1024));
        HealthCheck.Misc misc = null;
        In m = in.child("misc");
        if (m != null && m.object("script", "arguments", "dynamic")) {
            String script = m.script("script");
            if (!m.has("script")) m.error(m.at("script"), "is required");
            List<String> args = strings(m, "arguments");
            if (script != null) misc = new HealthCheck.Misc(script, args, m.bool("dynamic"));
        }
        return new HealthCheck(
                type, interval, timeout, retries, delay, fall, rise, port, connect, bind, alpha, http, smtp, dns, udp,
                misc);
    }

    private static final Pattern STATUS_RANGE = Pattern.compile("([0-9]{3})(?:-([0-9]{3}))?");

    /** 200, "200" or "200-299" (keepalived's status_code spelling); null when it is none of these. */
    private static HealthCheck.StatusRange statusRange(JsonNode n) {
        int from, to;
        if (n.isInt()) {
            from = to = n.intValue();
        } else if (n.isTextual()) {
            Matcher m = STATUS_RANGE.matcher(n.asText());
            if (!m.matches()) return null;
            from = Integer.parseInt(m.group(1));
            to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
        } else {
            return null;
        }
        if (from < 100 || to > 599 || from > to) return null;
        return new HealthCheck.StatusRange(from, to);
    }

    /** A VRRP group's or its sync group's notify hooks; null when absent. */
    private static VrrpGroup.Notify vrrpNotify(In n) {
        if (n == null || !n.object("master", "backup", "fault", "stop", "any")) return null;
        VrrpGroup.Notify notify = new VrrpGroup.Notify(
                hook(n, "master"), hook(n, "backup"), hook(n, "fault"), hook(n, "stop"), hook(n, "any"));
        return notify.given().isEmpty() ? null : notify; // {} is no hooks, as its encoding (nothing) reads back
    }

    /**
     * A notify hook: a script's path (a string, as before arguments existed) or {@code {script, arguments}};
     * null when absent or invalid (with an error).
     */
    private static Hook hook(In in, String field) {
        if (!in.has(field)) return null;
        if (in.node.get(field).isTextual()) {
            String s = in.script(field);
            return s == null ? null : Hook.of(s);
        }
        In h = in.child(field);
        if (!h.node.isObject()) {
            h.error(h.path, "must be a script's path or an object with script and arguments");
            return null;
        }
        if (!h.object("script", "arguments")) return null;
        String s = h.script("script");
        if (!h.has("script")) h.error(h.at("script"), "is required");
        List<String> args = strings(h, "arguments");
        return s == null ? null : new Hook(s, args);
    }

    /** Script arguments: at most 32 strings of at most 1024 characters; null when absent. */
    private static List<String> strings(In in, String field) {
        List<In> items = in.array(field, false, 0, 32);
        if (items == null) return null;
        List<String> out = new ArrayList<>();
        for (In a : items) {
            if (!a.node.isTextual() || a.node.asText().length() > 1024)
                a.error(a.path, "must be a string of at most 1024 characters");
            else if (a.node.asText().indexOf('\0') >= 0)
                // execve(2) takes NUL-terminated strings: the argument would be cut short on the director
                a.error(a.path, "must not contain a NUL character");
            else out.add(a.node.asText());
        }
        return out;
    }

    private static <T> T or(T v, T def) {
        return v != null ? v : def;
    }

    // ---------------------------------------------------------------- encoding

    public static ObjectNode encode(Director d) {
        return new Out()
                .put("name", d.name())
                .put("managementAddress", d.managementAddress())
                .put("description", d.description())
                .labels("labels", d.labels())
                .array("fullnatAddresses", d.fullnatAddresses(), false)
                .node;
    }

    /** {@code withSecretFlag}: add the read-only passwordSet (API responses); never the password. */
    public static ObjectNode encode(VrrpGroup g, boolean withSecretFlag) {
        Out o = new Out()
                .put("name", g.name())
                .put("description", g.description())
                .labels("labels", g.labels())
                .put("vrid", g.vrid())
                .put("interface", g.iface())
                .put("version", g.version())
                .put("advertIntervalSeconds", g.advertInterval());
        o.array(
                "virtualAddresses",
                g.virtualAddresses().stream()
                        .map(v -> new Out()
                                .put("address", v.address().toString())
                                .put("device", v.device())
                                .put("label", v.label()))
                        .toList(),
                true);
        o.array(
                "members",
                g.members().stream()
                        .map(m -> new Out()
                                .put("director", m.director())
                                .put("priority", m.priority())
                                .put("initialState", m.initialState())
                                .put("unicastAddress", m.unicastAddress()))
                        .toList(),
                true);
        o.put("preempt", g.preempt()).put("preemptDelaySeconds", g.preemptDelay());
        if (g.authentication() != null) {
            Out a = new Out().put("type", g.authentication().type());
            if (withSecretFlag && g.authentication().type() == Enums.AuthType.PASS)
                a.put("passwordSet", g.authentication().password() != null);
            o.put("authentication", a);
        }
        o.put("unicast", g.unicast()).put("syncGroup", g.syncGroup());
        o.array(
                "trackInterfaces",
                g.trackInterfaces().stream()
                        .map(t -> new Out().put("interface", t.iface()).put("weight", t.weight()))
                        .toList(),
                false);
        o.array(
                "trackScripts",
                g.trackScripts().stream()
                        .map(t -> new Out()
                                .put("name", t.name())
                                .put("script", t.script())
                                .array("arguments", t.arguments(), false)
                                .put("intervalSeconds", t.interval())
                                .put("timeoutSeconds", t.timeout())
                                .put("weight", t.weight())
                                .put("fall", t.fall())
                                .put("rise", t.rise()))
                        .toList(),
                false);
        o.array(
                "trackVirtualServers",
                g.trackVirtualServers().stream()
                        .map(t -> new Out()
                                .put("virtualServer", t.virtualServer())
                                .put("weight", t.weight()))
                        .toList(),
                false);
        var garp = g.garp();
        o.put(
                "garp",
                new Out()
                        .put("masterDelaySeconds", garp.masterDelay())
                        .put("masterRepeat", garp.masterRepeat())
                        .put("masterRefreshSeconds", garp.masterRefresh())
                        .put("masterRefreshRepeat", garp.masterRefreshRepeat()));
        o.put("notify", notify(g.notifications()));
        o.put("syncGroupNotify", notify(g.syncGroupNotify()));
        o.put("vmac", g.vmac());
        if (g.connectionSync() != null)
            o.put(
                    "connectionSync",
                    new Out()
                            .put("interface", g.connectionSync().iface())
                            .put("syncId", g.connectionSync().syncId()));
        return o.node;
    }

    private static Out notify(VrrpGroup.Notify n) {
        if (n == null) return null;
        Out o = new Out();
        for (var e : n.given()) hook(o, e.getKey(), e.getValue());
        return o;
    }

    /** A hook without arguments as its path alone (as documents wrote it before arguments), else the object. */
    private static Out hook(Out o, String field, Hook h) {
        if (h == null) return o;
        if (h.arguments().isEmpty()) return o.put(field, h.script());
        return o.put(field, new Out().put("script", h.script()).array("arguments", h.arguments(), true));
    }

    /** {@code withRealServers}: include realServers (always, for the API and documents). */
    public static ObjectNode encode(VirtualServer v, boolean withRealServers) {
        Out o = new Out()
                .put("name", v.name())
                .put("description", v.description())
                .labels("labels", v.labels());
        if (v.service() instanceof VirtualServer.InetService s) {
            o.put("address", s.address()).put("port", s.port()).put("protocol", s.protocol());
        } else if (v.service() instanceof VirtualServer.FwmarkService f) {
            o.put("fwmark", f.fwmark()).put("addressFamily", f.family());
        }
        o.put("scheduler", v.scheduler());
        o.array("schedulerFlags", v.schedulerFlags().stream().sorted().toList(), false);
        o.put("forwarding", v.forwarding());
        if (v.tunnel() != null)
            o.put(
                    "tunnel",
                    new Out()
                            .put("type", v.tunnel().type())
                            .put("port", v.tunnel().port())
                            .put("checksum", v.tunnel().checksum()));
        if (v.persistence() != null)
            o.put(
                    "persistence",
                    new Out()
                            .put("timeoutSeconds", v.persistence().timeout().toSeconds())
                            .put("prefixLength", v.persistence().prefixLength()));
        o.put("onePacket", v.onePacket());
        if (v.healthCheck() != null) o.put("healthCheck", encode(v.healthCheck()));
        if (v.sorryServer() != null)
            o.put(
                    "sorryServer",
                    new Out()
                            .put("address", v.sorryServer().address())
                            .put("port", v.sorryServer().port())
                            .put("forwarding", v.sorryServer().forwarding())
                            .put("inhibit", v.sorryServer().inhibit()));
        o.put("quorum", v.quorum()).put("hysteresis", v.hysteresis());
        o.put("notify", hook(hook(new Out(), "quorumUp", v.notifyQuorumUp()), "quorumDown", v.notifyQuorumDown()));
        o.put("omega", v.omega()).put("vrrpGroup", v.vrrpGroup());
        o.array("directors", v.directors(), false);
        if (withRealServers)
            o.array(
                    "realServers",
                    v.realServers().stream().map(DocumentCodec::encode).toList(),
                    true);
        return o.node;
    }

    public static ObjectNode encode(RealServer r) {
        return new Out()
                .put("name", r.name())
                .put("description", r.description())
                .labels("labels", r.labels())
                .put("address", r.address())
                .put("port", r.port())
                .put("weight", r.weight())
                .put("upperThreshold", r.upperThreshold())
                .put("lowerThreshold", r.lowerThreshold())
                .put("forwarding", r.forwarding())
                .put("healthCheck", r.healthCheck() == null ? null : encode(r.healthCheck()))
                .put("inhibitOnFailure", r.inhibitOnFailure())
                .put("adminState", r.adminState())
                .put("notify", hook(hook(new Out(), "up", r.notifyUp()), "down", r.notifyDown()))
                .node;
    }

    public static ObjectNode encode(HealthCheck h) {
        Out o = new Out()
                .put("type", h.type())
                .put("intervalSeconds", h.interval())
                .put("timeoutSeconds", h.timeout())
                .put("retries", h.retries())
                .put("delayBeforeRetrySeconds", h.delayBeforeRetry())
                .put("fall", h.fall())
                .put("rise", h.rise())
                .put("port", h.port())
                .put("connectAddress", h.connectAddress())
                .put("bindAddress", h.bindAddress())
                .put("alpha", h.alpha());
        if (h.http() != null) {
            Out http = new Out()
                    .put("virtualHost", h.http().virtualHost())
                    .put("sni", h.http().sni())
                    .put("tlsVerify", h.http().tlsVerify());
            if (h.http().urls() != null)
                http.array(
                        "urls",
                        h.http().urls().stream()
                                .map(u -> new Out()
                                        .put("path", u.path())
                                        .array(
                                                "statusCodes",
                                                u.statusCodes() == null
                                                        ? null
                                                        : u.statusCodes().stream()
                                                                .map(r -> r.from() == r.to()
                                                                        ? (Object) r.from()
                                                                        : r.toString())
                                                                .toList(),
                                                false)
                                        .put("digest", u.digest())
                                        .put("bodyContains", u.bodyContains())
                                        .put("bodyRegex", u.bodyRegex()))
                                .toList(),
                        true);
            o.node.set("http", http.node);
        }
        if (h.smtp() != null)
            o.node.set("smtp", new Out().put("heloName", h.smtp().heloName()).node);
        if (h.dns() != null)
            o.put(
                    "dns",
                    new Out()
                            .put("name", h.dns().name())
                            .put("type", h.dns().type())
                            .array("expectedAddresses", h.dns().expectedAddresses(), false));
        if (h.udp() != null)
            o.node.set(
                    "udp",
                    new Out().put("send", h.udp().send()).put("expect", h.udp().expect()).node);
        if (h.misc() != null)
            o.put(
                    "misc",
                    new Out()
                            .put("script", h.misc().script())
                            .array("arguments", h.misc().arguments(), false)
                            .put("dynamic", h.misc().dynamic()));
        return o.node;
    }

    /** The export form: no secrets, no read-only fields. */
    public static ObjectNode encode(ConfigDocument doc) {
        Out o = new Out().put("apiVersion", ConfigDocument.API_VERSION).put("revision", doc.revision());
        o.array("directors", doc.directors().stream().map(DocumentCodec::encode).toList(), true);
        o.array(
                "vrrpGroups",
                doc.vrrpGroups().stream().map(g -> encode(g, false)).toList(),
                true);
        o.array(
                "virtualServers",
                doc.virtualServers().stream().map(v -> encode(v, true)).toList(),
                true);
        return o.node;
    }
}
