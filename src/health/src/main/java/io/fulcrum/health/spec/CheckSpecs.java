package io.fulcrum.health.spec;

import io.fulcrum.health.decide.RealServerRef;
import io.fulcrum.model.Addresses;
import io.fulcrum.model.Defaults;
import io.fulcrum.model.Enums;
import io.fulcrum.model.Enums.CheckType;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.HealthCheck;
import io.fulcrum.model.RealServer;
import io.fulcrum.model.ResourceRef;
import io.fulcrum.model.Validator;
import io.fulcrum.model.VirtualServer;
import io.fulcrum.scripts.ScriptPolicy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.net.ssl.SNIHostName;

/**
 * Turns the virtual servers of a desired state into effective checks, or rejects them as a whole
 * with every reason ({@link HealthConfigException}). Pure except for {@link ScriptPolicy}, which
 * looks at the script files.
 */
public final class CheckSpecs {
    private CheckSpecs() {}

    /** keepalived's SMTP_CHECK helo_name default is the local host name; a fixed name keeps checks reproducible. */
    public static final String DEFAULT_HELO_NAME = "fulcrum-health";
    /** keepalived's url path default. */
    public static final String DEFAULT_PATH = "/";

    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");

    /** One real server of one virtual server with its effective check; {@code spec} null: not checked (always up). */
    public record Planned(VirtualServer virtualServer, RealServer realServer, RealServerRef ref, CheckSpec spec) {}

    /**
     * The effective checks of every enabled real server of {@code virtualServers} (disabled ones are
     * not checked: they are not in the table).
     *
     * @param available the check types this director can run
     */
    public static List<Planned> resolve(
            List<VirtualServer> virtualServers, ScriptPolicy scripts, Set<CheckType> available) {
        Set<FieldError> errors = new LinkedHashSet<>();
        List<Planned> out = new ArrayList<>();
        Set<String> vsNames = new HashSet<>();
        for (VirtualServer v : virtualServers) {
            String vat = "virtualServers[" + v.name() + "]";
            if (!vsNames.add(v.name())) {
                errors.add(
                        new FieldError(vat + ".name", "is used twice", ResourceRef.virtualServer(v.name()), "/name"));
                continue;
            }
            Set<String> rsNames = new HashSet<>();
            for (RealServer r : v.realServers()) {
                String rat = vat + ".realServers[" + r.name() + "]";
                if (!rsNames.add(r.name())) {
                    errors.add(new FieldError(
                            rat + ".name",
                            "is used twice in this virtual server",
                            ResourceRef.realServer(v.name(), r.name()),
                            "/name"));
                    continue;
                }
                if (r.adminState() == Enums.AdminState.DISABLED) continue;
                CheckSpec spec = spec(v, r, scripts, available, errors);
                out.add(new Planned(v, r, new RealServerRef(v.name(), r.name()), spec));
            }
        }
        if (!errors.isEmpty()) throw new HealthConfigException(List.copyOf(errors));
        return out;
    }

    /** The effective check of {@code r} in {@code v}, or null when it has none; problems go to {@code errors}. */
    static CheckSpec spec(
            VirtualServer v, RealServer r, ScriptPolicy scripts, Set<CheckType> available, Set<FieldError> errors) {
        HealthCheck base = v.healthCheck() == null ? HealthCheck.EMPTY : v.healthCheck();
        HealthCheck h = base.overriddenBy(r.healthCheck());
        HealthCheck d = Defaults.HEALTH_CHECK;
        Where at = new Where(v, r);
        int before = errors.size();

        CheckType type = or(h.type(), d.type());
        if (type == CheckType.NONE) return null;
        if (!available.contains(type)) {
            errors.add(at.field(
                    "type",
                    HealthCheck::type,
                    type == CheckType.MISC && !scripts.enabled()
                            ? "check type misc is not available: this director allows no scripts (no allowed script directory is configured)"
                            : type == CheckType.PING
                                    ? "check type ping is not available: it needs a raw ICMP socket, and the agent does not run as root"
                                    : "check type " + type.name().toLowerCase()
                                            + " is not available on this director"));
        }
        Duration timeout = or(h.timeout(), d.timeout());
        Duration interval = or(h.interval(), d.interval());
        int retries = h.retries() != null ? h.retries() : Defaults.retries(type);
        Duration delay =
                h.delayBeforeRetry() != null ? h.delayBeforeRetry() : Defaults.delayBeforeRetry(type, interval);
        int fall = or(h.fall(), d.fall());
        int rise = or(h.rise(), d.rise());
        boolean alpha = or(h.alpha(), d.alpha());
        if (interval.isNegative() || interval.isZero())
            errors.add(at.field("interval", HealthCheck::interval, "must be positive, got " + interval));
        if (timeout.isNegative() || timeout.isZero())
            errors.add(at.field("timeout", HealthCheck::timeout, "must be positive, got " + timeout));
        if (retries < 0) errors.add(at.field("retries", HealthCheck::retries, "must not be negative, got " + retries));
        if (h.delayBeforeRetry() != null && delay.isNegative()) // a derived one (dns: the interval) is blamed there
        errors.add(at.field("delayBeforeRetry", HealthCheck::delayBeforeRetry, "must not be negative, got " + delay));
        if (fall < 1) errors.add(at.field("fall", HealthCheck::fall, "must be at least 1, got " + fall));
        if (rise < 1) errors.add(at.field("rise", HealthCheck::rise, "must be at least 1, got " + rise));

        int port = h.port() != null ? h.port() : Validator.effectivePort(v, r);
        if (h.port() != null && (port < 1 || port > 65535)) {
            errors.add(at.field("port", HealthCheck::port, "must be from 1 to 65535, got " + port));
        } else if (port == 0 && type != CheckType.MISC && type != CheckType.PING) {
            errors.add(at.field(
                    "port",
                    HealthCheck::port,
                    "is required: the real server has no port of its own (all-ports or fwmark service)"));
        }
        InetAddress target = h.connectAddress() != null ? h.connectAddress() : r.address();
        if (Addresses.family(target) != Addresses.family(r.address())) {
            errors.add(at.field(
                    "connectAddress", HealthCheck::connectAddress, "is not of the real server's address family"));
        }
        InetAddress bind = h.bindAddress();
        if (bind != null && type == CheckType.PING) {
            errors.add(at.field("bindAddress", HealthCheck::bindAddress, "is not used by ping checks"));
        } else if (bind != null && Addresses.family(bind) != Addresses.family(r.address())) {
            errors.add(at.field("bindAddress", HealthCheck::bindAddress, "is not of the real server's address family"));
        }

        CheckSpec.Params params = switch (type) {
            case TCP -> new CheckSpec.Tcp();
            case HTTP, HTTPS -> http(type == CheckType.HTTPS, h.http(), at, errors);
            case SMTP ->
                new CheckSpec.Smtp(
                        h.smtp() != null && h.smtp().heloName() != null
                                ? h.smtp().heloName()
                                : DEFAULT_HELO_NAME);
            case DNS -> dns(h.dns(), r, at, errors);
            case UDP ->
                new CheckSpec.Udp(
                        h.udp() == null || h.udp().send() == null ? "" : h.udp().send(),
                        h.udp() == null ? null : h.udp().expect());
            case MISC -> misc(h.misc(), scripts, at, errors);
            case PING -> new CheckSpec.Ping();
            case NONE -> throw new IllegalStateException();
        };
        if (errors.size() != before) return null;
        return new CheckSpec(
                target,
                port,
                type,
                interval,
                timeout,
                // keepalived's retry: the attempts after the first (keepalived.conf(5) "Retry count to make
                // additional checks if check of an alive server fails").
                1 + retries,
                delay,
                fall,
                rise,
                bind,
                alpha,
                params);
    }

    private static CheckSpec.Params http(boolean tls, HealthCheck.Http http, Where at, Set<FieldError> errors) {
        List<CheckSpec.Url> urls = new ArrayList<>();
        if (http == null || http.urls() == null || http.urls().isEmpty()) {
            urls.add(new CheckSpec.Url(DEFAULT_PATH, Defaults.HTTP_STATUS_CODES, null, null, null));
        } else {
            for (int i = 0; i < http.urls().size(); i++) {
                HealthCheck.Url u = http.urls().get(i);
                String f = "http.urls[" + i + "]";
                String path = u.path() == null ? DEFAULT_PATH : u.path();
                if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                    errors.add(at.field(
                            f + ".path",
                            HealthCheck::http,
                            "must start with '/' and contain no spaces or control characters"));
                }
                List<HealthCheck.StatusRange> codes =
                        u.statusCodes() == null || u.statusCodes().isEmpty()
                                ? Defaults.HTTP_STATUS_CODES
                                : u.statusCodes();
                for (HealthCheck.StatusRange c : codes) {
                    if (c.from() < 100 || c.to() > 599 || c.from() > c.to())
                        errors.add(at.field(
                                f + ".statusCodes",
                                HealthCheck::http,
                                "must be HTTP status codes (100 to 599) or ranges of them, got " + c));
                }
                if (u.digest() != null && !MD5_HEX.matcher(u.digest()).matches()) {
                    errors.add(
                            at.field(f + ".digest", HealthCheck::http, "must be an MD5 digest: 32 hexadecimal digits"));
                }
                if (u.bodyRegex() != null) {
                    try {
                        Pattern.compile(u.bodyRegex());
                    } catch (PatternSyntaxException e) {
                        errors.add(at.field(
                                f + ".bodyRegex",
                                HealthCheck::http,
                                "is not a valid regular expression: " + e.getDescription()));
                    }
                }
                urls.add(new CheckSpec.Url(
                        path,
                        codes,
                        u.digest() == null ? null : u.digest().toLowerCase(),
                        u.bodyContains(),
                        u.bodyRegex()));
            }
        }
        String vhost = http == null ? null : http.virtualHost();
        String sni = http == null ? null : http.sni();
        if (vhost != null && vhost.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            errors.add(at.field("http.virtualHost", HealthCheck::http, "must contain no spaces or control characters"));
        }
        if (sni != null) {
            try {
                new SNIHostName(sni);
            } catch (IllegalArgumentException e) {
                errors.add(at.field(
                        "http.sni",
                        HealthCheck::http,
                        "is not a host name usable in TLS SNI (RFC 6066 §3): " + e.getMessage()));
            }
        }
        boolean verify = http != null && Boolean.TRUE.equals(http.tlsVerify());
        if (!tls && (sni != null || verify))
            errors.add(at.field("http", HealthCheck::http, "sni and tlsVerify are only used with type https"));
        return new CheckSpec.Http(tls, urls, vhost, sni, verify);
    }

    private static CheckSpec.Params dns(HealthCheck.Dns dns, RealServer r, Where at, Set<FieldError> errors) {
        if (dns == null || dns.name() == null || dns.name().isBlank()) {
            errors.add(at.field("dns.name", HealthCheck::dns, "is required for type dns (the name to query)"));
            return null;
        }
        Enums.DnsType t = dns.type() == null ? Defaults.DNS_TYPE : dns.type();
        List<InetAddress> expected = dns.expectedAddresses() == null ? List.of() : dns.expectedAddresses();
        if (!expected.isEmpty() && t != Enums.DnsType.A && t != Enums.DnsType.AAAA) {
            errors.add(at.field(
                    "dns.expectedAddresses", HealthCheck::dns, "are only compared for type A or AAAA queries"));
        }
        return new CheckSpec.Dns(dns.name(), t, expected);
    }

    private static CheckSpec.Params misc(
            HealthCheck.Misc misc, ScriptPolicy scripts, Where at, Set<FieldError> errors) {
        if (misc == null || misc.script() == null) {
            errors.add(at.field("misc.script", HealthCheck::misc, "is required for type misc"));
            return null;
        }
        try {
            return new CheckSpec.Misc(
                    scripts.resolve(misc.script()),
                    misc.arguments() == null ? List.of() : misc.arguments(),
                    Boolean.TRUE.equals(misc.dynamic()));
        } catch (IllegalArgumentException e) {
            errors.add(at.field("misc.script", HealthCheck::misc, e.getMessage()));
            return null;
        }
    }

    private static <T> T or(T v, T dflt) {
        return v != null ? v : dflt;
    }

    /**
     * Names a field where it was set: on the real server when it overrides it, else on the virtual
     * server; as a name ("virtualServers[web].realServers[a].healthCheck.port") and on its object.
     */
    private record Where(VirtualServer v, RealServer r) {
        FieldError field(String name, Function<HealthCheck, Object> getter, String message) {
            String vat = "virtualServers[" + v.name() + "]";
            boolean own = r.healthCheck() != null && getter.apply(r.healthCheck()) != null;
            boolean inherited = v.healthCheck() != null && getter.apply(v.healthCheck()) != null;
            boolean onReal = own || !inherited;
            String at = onReal ? vat + ".realServers[" + r.name() + "]" : vat;
            ResourceRef object =
                    onReal ? ResourceRef.realServer(v.name(), r.name()) : ResourceRef.virtualServer(v.name());
            return new FieldError(
                    at + ".healthCheck." + name, message, object, "/healthCheck/" + name.replace('.', '/'));
        }
    }
}
