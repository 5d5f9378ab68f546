package io.fulcrum.controlplane.events;

import java.util.EnumSet;
import java.util.Set;

/** The kinds of live event, by their wire names (the SSE {@code event:} field, the {@code types} filter). */
public enum EventType {
    REVISION("revision"),
    AGENT("agent"),
    VRRP("vrrp"),
    HEALTH("health"),
    COUNTERS("counters"),
    /** Not a filterable type: every watcher gets it when it must re-read the state. */
    RESYNC("resync");

    public final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    /** The type named {@code s}, or null. */
    public static EventType fromWire(String s) {
        for (EventType t : values()) if (t.wire.equals(s)) return t;
        return null;
    }

    /** What a watcher may ask for: every type but resync. */
    public static Set<EventType> filterable() {
        return EnumSet.of(REVISION, AGENT, VRRP, HEALTH, COUNTERS);
    }
}
