package io.fulcrum.model;

import java.time.Duration;
import java.util.List;

/**
 * Every default of the model, in one place. openapi.yaml documents the same values; DefaultsTest
 * checks that the two agree.
 */
public final class Defaults {
    private Defaults() {}

    // VRRP (keepalived's defaults where keepalived has one)
    public static final int VRRP_VERSION = 2;
    public static final Duration ADVERT_INTERVAL = Duration.ofSeconds(1);
    public static final boolean PREEMPT = true;
    public static final Duration PREEMPT_DELAY = Duration.ZERO;
    public static final Enums.InitialState INITIAL_STATE = Enums.InitialState.BACKUP;
    public static final VrrpGroup.Garp GARP = new VrrpGroup.Garp(Duration.ofSeconds(5), 5, Duration.ZERO, 1);
    public static final Duration TRACK_SCRIPT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration TRACK_SCRIPT_TIMEOUT = Duration.ofSeconds(5);
    public static final int TRACK_SCRIPT_WEIGHT = 0;
    public static final int TRACK_SCRIPT_FALL = 1;
    public static final int TRACK_SCRIPT_RISE = 1;
    public static final int SYNC_ID = 0;

    // Virtual servers
    public static final Enums.Protocol PROTOCOL = Enums.Protocol.TCP;
    public static final Enums.Scheduler SCHEDULER = Enums.Scheduler.WLC;
    public static final Enums.Forwarding FORWARDING = Enums.Forwarding.NAT;
    public static final Enums.TunnelType TUNNEL_TYPE = Enums.TunnelType.IPIP;
    public static final Enums.TunnelChecksum TUNNEL_CHECKSUM = Enums.TunnelChecksum.NONE;
    public static final Enums.AddressFamily FWMARK_FAMILY = Enums.AddressFamily.INET;
    public static final int QUORUM = 1;
    public static final int HYSTERESIS = 0;

    // Real servers
    public static final int WEIGHT = 1;
    public static final Enums.AdminState ADMIN_STATE = Enums.AdminState.ENABLED;

    /**
     * The health check every field of a check falls back to. retries and delayBeforeRetry are
     * keepalived's: "retry: Default: 1", "delay_before_retry: ... 3 seconds for HTTP_GET and SSL_GET,
     * and 1 second otherwise" (keepalived.conf(5)); see {@link #delayBeforeRetry}.
     */
    public static final HealthCheck HEALTH_CHECK = new HealthCheck(
            Enums.CheckType.NONE,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            1,
            Duration.ofSeconds(1),
            1,
            1,
            null,
            null,
            null,
            false,
            null,
            null,
            null,
            null,
            null);

    /** keepalived's delay_before_retry for HTTP_GET and SSL_GET (keepalived.conf(5)). */
    public static final Duration HTTP_DELAY_BEFORE_RETRY = Duration.ofSeconds(3);

    /**
     * The pause before a retry when a check does not set one, as keepalived's delay_before_retry:
     * "Defaults to delay_loop for DNS_CHECK, 3 seconds for HTTP_GET and SSL_GET, and 1 second otherwise".
     */
    public static Duration delayBeforeRetry(Enums.CheckType type, Duration interval) {
        return switch (type) {
            case HTTP, HTTPS -> HTTP_DELAY_BEFORE_RETRY;
            case DNS -> interval;
            default -> HEALTH_CHECK.delayBeforeRetry();
        };
    }

    /** The retries when a check does not set them, as keepalived's retry: 1, "The retry default is 3" for DNS_CHECK, 0 for MISC_CHECK. */
    public static int retries(Enums.CheckType type) {
        return switch (type) {
            case DNS -> 3;
            case MISC -> 0;
            default -> HEALTH_CHECK.retries();
        };
    }

    /** keepalived's status_code default: "Default is 200-299" (keepalived.conf(5)). */
    public static final List<HealthCheck.StatusRange> HTTP_STATUS_CODES =
            List.of(new HealthCheck.StatusRange(200, 299));

    public static final Enums.DnsType DNS_TYPE = Enums.DnsType.A;

    // Lists
    public static final int PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 1000;
}
