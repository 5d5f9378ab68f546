package io.fulcrum.health.spec;

import io.fulcrum.model.Enums.CheckType;
import io.fulcrum.model.Enums.DnsType;
import io.fulcrum.model.HealthCheck;
import io.fulcrum.scripts.ScriptPolicy;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The effective health check of one real server: the virtual server's defaults overridden by the
 * real server's own settings, every gap filled from {@link io.fulcrum.model.Defaults}, ports and
 * script paths resolved. Equal specs are the same check: real servers shared by several virtual
 * servers with identical checks are probed once.
 *
 * @param address          where to connect: keepalived connect_ip, else the real server's address
 * @param port             keepalived connect_port, else the real server's port
 * @param interval         keepalived delay_loop: from the start of one round to the next
 * @param timeout          keepalived connect_timeout: bound of one attempt, connect to verdict
 * @param attempts         attempts in one round before it counts as failed: 1 + keepalived's retry
 * @param delayBeforeRetry pause between two attempts of one round
 * @param fall             failed rounds in a row that take an up server down
 * @param rise             good rounds in a row that bring a down server up
 * @param bindAddress      source address of the probe, or null
 * @param alpha            start down until {@code rise} good rounds
 */
public record CheckSpec(
        InetAddress address,
        int port,
        CheckType type,
        Duration interval,
        Duration timeout,
        int attempts,
        Duration delayBeforeRetry,
        int fall,
        int rise,
        InetAddress bindAddress,
        boolean alpha,
        Params params) {

    /** What is probed and how, without the schedule: a change of schedule keeps a server's verdict. */
    public record Target(
            InetAddress address, int port, CheckType type, Duration timeout, InetAddress bindAddress, Params params) {}

    public Target target() {
        return new Target(address, port, type, timeout, bindAddress, params);
    }

    /** The type-specific part of a check. */
    public sealed interface Params permits Tcp, Http, Smtp, Dns, Udp, Misc, Ping {}

    /** keepalived PING_CHECK: an ICMP echo request, answered within the timeout. */
    public record Ping() implements Params {}

    public record Tcp() implements Params {}

    /** HTTP_GET / SSL_GET: every url must pass; {@code tls} for https. */
    public record Http(boolean tls, List<Url> urls, String virtualHost, String sni, boolean tlsVerify)
            implements Params {
        public Http {
            urls = List.copyOf(urls);
        }
    }

    /** One url of an http check; {@code digest} in lower-case hex, or null. */
    public record Url(
            String path,
            List<HealthCheck.StatusRange> statusCodes,
            String digest,
            String bodyContains,
            String bodyRegex) {
        public Url {
            statusCodes = List.copyOf(statusCodes);
        }
    }

    public record Smtp(String heloName) implements Params {}

    public record Dns(String name, DnsType type, List<InetAddress> expectedAddresses) implements Params {
        public Dns {
            expectedAddresses = List.copyOf(expectedAddresses);
        }
    }

    /** {@code send} and {@code expect} as UTF-8 text; {@code expect} null: any answer, or none without an ICMP error. */
    public record Udp(String send, String expect) implements Params {}

    /** A script inside the allowed directory, already checked by {@link ScriptPolicy}. */
    public record Misc(Path script, List<String> arguments, boolean dynamic) implements Params {
        public Misc {
            arguments = List.copyOf(arguments);
        }
    }
}
