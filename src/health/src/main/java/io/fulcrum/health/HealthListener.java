package io.fulcrum.health;

/**
 * Receives every {@link HealthEvent}, in order, on the health checker's thread: it must not block
 * (hand the event to a queue). Exceptions it throws are logged and ignored.
 */
@FunctionalInterface
public interface HealthListener {
    void onEvent(HealthEvent event);
}
