package io.fulcrum.agent.controlplane;

import io.fulcrum.api.agent.v1.Event;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The events raised while the agent has no stream to the control plane, kept (at most {@code capacity},
 * the oldest dropped first) to be sent when a stream opens. A gap is said, never hidden: the drained list
 * starts with an event naming how many were dropped and since when. Not thread-safe: its owner locks.
 */
final class EventBacklog {
    /** The most events kept while disconnected (health changes and VRRP transitions: a few each). */
    static final int CAPACITY = 1_000;

    private final int capacity;
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private long dropped;
    private Instant firstDropped;

    EventBacklog(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity " + capacity);
        this.capacity = capacity;
    }

    void add(Event e) {
        if (events.size() == capacity) {
            Event lost = events.removeFirst();
            if (dropped++ == 0) firstDropped = Instant.ofEpochMilli(lost.getAtUnixMillis());
        }
        events.addLast(e);
    }

    /** Puts back events a stream took but did not send (they go before the ones kept since). */
    void addFirst(List<Event> unsent) {
        for (int i = unsent.size() - 1; i >= 0; i--) {
            if (events.size() == capacity) {
                dropped++;
                firstDropped = Instant.ofEpochMilli(unsent.get(i).getAtUnixMillis());
                continue;
            }
            events.addFirst(unsent.get(i));
        }
    }

    boolean isEmpty() {
        return events.isEmpty() && dropped == 0;
    }

    /** The kept events in the order raised, after a gap notice when some were dropped; empties the backlog. */
    List<Event> drain(Instant now) {
        List<Event> out = new ArrayList<>(events.size() + 1);
        if (dropped > 0) {
            out.add(StatusMessages.notice(
                    now,
                    "agent",
                    "",
                    dropped + " events dropped while disconnected from the control plane (the oldest, from "
                            + firstDropped + "; " + capacity + " kept)"));
        }
        out.addAll(events);
        events.clear();
        dropped = 0;
        firstDropped = null;
        return out;
    }
}
