package io.fulcrum.model;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * A health check. On a virtual server it holds the defaults for its real servers; on a real server
 * every non-null field overrides them ({@link #overriddenBy}).
 *
 * <p>{@code retries} is keepalived's {@code retry}: the attempts after the first one within one round
 * (0: one attempt). {@code connectAddress} is keepalived's {@code connect_ip} (default the real
 * server's address), {@code port} its {@code connect_port}.
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
        InetAddress connectAddress,
        InetAddress bindAddress,
        Boolean alpha,
        Http http,
        Smtp smtp,
        Dns dns,
        Udp udp,
        Misc misc) {

    public static final HealthCheck EMPTY = new HealthCheck(
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    public record Http(List<Url> urls, String virtualHost, String sni, Boolean tlsVerify) {
        public Http {
            urls = urls == null ? null : List.copyOf(urls);
        }
    }

    public record Url(
            String path, List<StatusRange> statusCodes, String digest, String bodyContains, String bodyRegex) {
        public Url {
            statusCodes = statusCodes == null ? null : List.copyOf(statusCodes);
        }
    }

    /**
     * HTTP status codes from {@code from} to {@code to}, both included (keepalived's status_code
     * takes codes and ranges: "200-299 400-499 503"). A single code has from == to.
     */
    public record StatusRange(int from, int to) {
        public static StatusRange of(int code) {
            return new StatusRange(code, code);
        }

        public boolean contains(int status) {
            return status >= from && status <= to;
        }

        /** "200" or "200-299", as keepalived and the wire spell it. */
        @Override
        public String toString() {
            return from == to ? Integer.toString(from) : from + "-" + to;
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
                    connectAddress,
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
                pick(o.connectAddress, connectAddress),
                pick(o.bindAddress, bindAddress),
                pick(o.alpha, alpha),
                merge(o.http, http),
                pick(o.smtp, smtp),
                pick(o.dns, dns),
                pick(o.udp, udp),
                pick(o.misc, misc));
    }

    /**
     * keepalived merges a real server's HTTP_GET/SSL_GET settings over the virtual server's field by
     * field: a real server that sets only its urls keeps the virtual server's virtualhost, SNI and TLS
     * verification ("Overridden by virtualhost config of real server or checker", keepalived.conf(5)).
     */
    private static Http merge(Http over, Http base) {
        if (over == null) return base;
        if (base == null) return over;
        return new Http(
                pick(over.urls(), base.urls()),
                pick(over.virtualHost(), base.virtualHost()),
                pick(over.sni(), base.sni()),
                pick(over.tlsVerify(), base.tlsVerify()));
    }

    private static <T> T pick(T over, T base) {
        return over != null ? over : base;
    }
}
