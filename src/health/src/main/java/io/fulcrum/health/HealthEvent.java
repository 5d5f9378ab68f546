package io.fulcrum.health;

import io.fulcrum.health.decide.CheckResult;
import io.fulcrum.health.decide.Health;
import io.fulcrum.model.Hook;
import java.net.InetAddress;
import java.time.Instant;

/** A change of health state: what the agent forwards on the status stream (and reconciles on). */
public sealed interface HealthEvent {
    Instant at();

    String virtualServer();

    /**
     * A real server went up or down, or a live server's dynamic weight changed.
     *
     * @param weight       the weight it asks for now (misc_dynamic), null for the configured one
     * @param reason       why (the last round's reason)
     * @param last         the round that caused the change
     * @param notifyHook   the real server's notifyUp/notifyDown hook for this change (keepalived
     *                     notify_up/notify_down), for the agent to run, or null (also for a weight change)
     */
    record RealServerChanged(
            Instant at,
            String virtualServer,
            String realServer,
            InetAddress address,
            int port,
            Health health,
            Integer weight,
            String reason,
            CheckResult last,
            Hook notifyHook)
            implements HealthEvent {}

    /**
     * A virtual server gained or lost quorum. {@code notifyHook} is its notifyQuorumUp/Down
     * hook (keepalived notify_up/notify_down of a virtual server), for the agent to run, or null.
     *
     * @param reason "live weight 1 < quorum 2 - hysteresis 0", or "omega: shutting down"
     */
    record QuorumChanged(
            Instant at,
            String virtualServer,
            boolean up,
            long aliveWeight,
            int quorum,
            int hysteresis,
            Hook notifyHook,
            String reason)
            implements HealthEvent {}

    /** The sorry server went into rotation (quorum lost) or out of it. */
    record SorryServerChanged(Instant at, String virtualServer, boolean active, InetAddress address, int port)
            implements HealthEvent {}
}
