package io.fulcrum.health.decide;

import java.time.Instant;

/**
 * What the health checker knows about one real server of one virtual server.
 *
 * @param health   up or down
 * @param reason   why: the last round's reason, or why it has not been checked yet
 * @param last     the last round, null before the first one
 * @param since    when it entered {@code health} (or when it was first seen)
 * @param weight   the weight its check asks for (misc_dynamic), null to keep the configured one
 * @param checked  false when it has no health check (then always up, as in keepalived)
 */
public record RealServerHealth(
        Health health, String reason, CheckResult last, Instant since, Integer weight, boolean checked) {
    public boolean up() {
        return health == Health.UP;
    }
}
