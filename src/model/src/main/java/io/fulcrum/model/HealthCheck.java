package io.fulcrum.model;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * A health check. On a virtual server it holds the defaults for its real servers; on a real server
 * every non-null field overrides them ({@link #overriddenBy}).
 */
public record HealthCheck(
        Enums.CheckType type,
        Duration interval,
        Duration timeout,
        Integer retries,
        Duration delayBeforeRetry,
        Integer fall,
        Integer rise,
        Integer port,
        InetAddress bindAddress,
        Boolean alpha,
        Http http,
        Smtp smtp,
        Dns dns,
        Udp udp,
        Misc misc) {

    public static final HealthCheck EMPTY =
            new HealthCheck(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    public record Http(List<Url> urls, String virtualHost, String sni, Boolean tlsVerify) {
        public Http {
            urls = urls == null ? null : List.copyOf(urls);
        }
    }

    public record Url(String path, List<Integer> statusCodes, String digest, String bodyContains, String bodyRegex) {
        public Url {
            statusCodes = statusCodes == null ? null : List.copyOf(statusCodes);
        }
    }

    public record Smtp(String heloName) {}

    public record Dns(String name, Enums.DnsType type, List<InetAddress> expectedAddresses) {
        public Dns {
            expectedAddresses = expectedAddresses == null ? null : List.copyOf(expectedAddresses);
        }
    }

    public record Udp(String send, String expect) {}

    public record Misc(String script, List<String> arguments, Boolean dynamic) {
        public Misc {
            arguments = arguments == null ? null : List.copyOf(arguments);
        }
    }

    /**
     * This check with every non-null field of {@code o} taking precedence. When {@code o} changes
     * the type, this check's settings of the old type (its http, smtp, dns, udp or misc block) do not
     * carry over.
     */
    public HealthCheck overriddenBy(HealthCheck o) {
        if (o == null) return this;
        HealthCheck base = this;
        if (o.type != null && o.type != type) {
            base = new HealthCheck(
                    type,
                    interval,
                    timeout,
                    retries,
                    delayBeforeRetry,
                    fall,
                    rise,
                    port,
                    bindAddress,
                    alpha,
                    null,
                    null,
                    null,
                    null,
                    null);
        }
        return base.apply(o);
    }

    private HealthCheck apply(HealthCheck o) {
        return new HealthCheck(
                pick(o.type, type),
                pick(o.interval, interval),
                pick(o.timeout, timeout),
                pick(o.retries, retries),
                pick(o.delayBeforeRetry, delayBeforeRetry),
                pick(o.fall, fall),
                pick(o.rise, rise),
                pick(o.port, port),
                pick(o.bindAddress, bindAddress),
                pick(o.alpha, alpha),
                pick(o.http, http),
                pick(o.smtp, smtp),
                pick(o.dns, dns),
                pick(o.udp, udp),
                pick(o.misc, misc));
    }

    private static <T> T pick(T over, T base) {
        return over != null ? over : base;
    }
}
