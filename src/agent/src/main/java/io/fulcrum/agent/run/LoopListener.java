package io.fulcrum.agent.run;

import io.fulcrum.health.HealthEvent;
import io.fulcrum.vrrp.machine.State;
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
}
