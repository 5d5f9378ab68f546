package io.fulcrum.controlplane.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The last {@code capacity} sequenced events, for watchers that resume with Last-Event-ID. Ids are
 * contiguous (every published event is added), so an id is either held, just before the oldest held,
 * or unknown. Not thread-safe: the hub adds and reads under its lock.
 */
final class EventRing {
    private final Sequenced[] slots;
    private long first = 1; // id of the oldest held event
    private long next = 1; // id the next added event must have

    EventRing(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
        slots = new Sequenced[capacity];
    }

    void add(Sequenced e) {
        if (e.id() != next) throw new IllegalArgumentException("expected id " + next + ", got " + e.id());
        slots[(int) (e.id() % slots.length)] = e;
        next++;
        if (next - first > slots.length) first = next - slots.length;
    }

    /**
     * The events after {@code id}, oldest first; empty when {@code id} is the newest; none (empty
     * optional) when the events right after {@code id} are no longer held or {@code id} was never issued.
     */
    Optional<List<Sequenced>> after(long id) {
        if (id < first - 1 || id >= next) return Optional.empty();
        List<Sequenced> out = new ArrayList<>((int) (next - 1 - id));
        for (long i = id + 1; i < next; i++) out.add(slots[(int) (i % slots.length)]);
        return Optional.of(out);
    }

    /** The id of the newest event added (0: none yet). */
    long newest() {
        return next - 1;
    }

    int size() {
        return (int) (next - first);
    }
}
