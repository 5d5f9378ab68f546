package io.fulcrum.agent.run;

import io.fulcrum.agent.reconcile.Reconciler;
import io.fulcrum.health.HealthEvent;
import io.fulcrum.vrrp.machine.State;
import java.time.Duration;
import java.time.Instant;

/**
 * Told of what the agent sees happen, as it happens (the status stream's events). Called on the
 * health checker's, VRRP's or the loop's thread: it must not block.
 */
public interface LoopListener {
    void health(HealthEvent event);

    void vrrp(Instant at, String group, State from, State to, String reason);

    /** Something an operator should know that is not a state change, e.g. VRRP could not start. */
    default void notice(Instant at, String kind, String subject, String message) {}

    /** A reconcile ran on the loop's thread: how long it took (dump or not, plan, apply) and what it did. */
    default void reconciled(Duration took, Reconciler.Result result) {}
}
