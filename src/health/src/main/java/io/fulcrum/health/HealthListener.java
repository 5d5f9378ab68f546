package io.fulcrum.health;

/**
 * Receives every {@link HealthEvent}, in order, one at a time, on the monitor's listener thread (never
 * on the event loop that runs the checks). A slow listener delays only the events after it; when the
 * listeners fall 4,096 events behind, new events are dropped and counted
 * ({@link HealthMonitor#droppedEvents()}). {@link HealthMonitor#view()} already shows an event's change
 * when the event arrives. Exceptions a listener throws are logged and ignored.
 */
@FunctionalInterface
public interface HealthListener {
    void onEvent(HealthEvent event);
}
