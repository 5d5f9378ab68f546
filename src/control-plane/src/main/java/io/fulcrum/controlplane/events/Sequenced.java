package io.fulcrum.controlplane.events;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An event with its place in this process's sequence ({@code id}, increasing from 1); 0 for events that
 * are not in the sequence (a resync, revisions replayed from the audit trail). It keeps its encodings
 * (the SSE text, the gRPC message), so that each transport encodes an event once however many watchers
 * it goes to.
 */
public final class Sequenced {
    /** One transport's encoding of an event; a constant, so that its results can be kept per event. */
    public record Encoding<T>(String name, Class<T> type, Function<Sequenced, T> encode) {}

    private final long id;
    private final LiveEvent event;
    private final ConcurrentHashMap<String, Object> encoded = new ConcurrentHashMap<>(2);

    public Sequenced(long id, LiveEvent event) {
        this.id = id;
        this.event = Objects.requireNonNull(event, "event");
    }

    public static Sequenced unnumbered(LiveEvent e) {
        return new Sequenced(0, e);
    }

    public long id() {
        return id;
    }

    public LiveEvent event() {
        return event;
    }

    /** This event in {@code encoding}, encoded on the first call and kept. */
    public <T> T encoded(Encoding<T> encoding) {
        return encoding.type()
                .cast(encoded.computeIfAbsent(
                        encoding.name(), k -> encoding.encode().apply(this)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sequenced s && s.id == id && s.event.equals(event);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, event);
    }

    @Override
    public String toString() {
        return "Sequenced[id=" + id + ", event=" + event + "]";
    }
}
