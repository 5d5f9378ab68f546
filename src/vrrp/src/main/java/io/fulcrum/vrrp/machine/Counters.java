package io.fulcrum.vrrp.machine;

import io.fulcrum.vrrp.packet.DropReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What an instance (or a receiver, for adverts no instance claims) counted. The owner's thread writes it
 * (one writer); any thread may read it (the metrics endpoint).
 */
public final class Counters {
    volatile long advertsSent;
    volatile long advertsReceived;
    volatile long priorityZeroSent;
    volatile long priorityZeroReceived;
    volatile long becameMaster;
    volatile long releasedMaster;
    private final AtomicLongArray drops = new AtomicLongArray(DropReason.values().length);

    /**
     * Counts one drop; true the first time this reason is seen, the one time it is logged (a
     * misconfigured peer sends an advert every second: one line says it, the counter says how often).
     */
    public boolean drop(DropReason reason) {
        return drops.incrementAndGet(reason.ordinal()) == 1L;
    }

    public long advertsSent() {
        return advertsSent;
    }

    public long advertsReceived() {
        return advertsReceived;
    }

    public long priorityZeroSent() {
        return priorityZeroSent;
    }

    public long priorityZeroReceived() {
        return priorityZeroReceived;
    }

    public long becameMaster() {
        return becameMaster;
    }

    public long releasedMaster() {
        return releasedMaster;
    }

    public long dropped(DropReason reason) {
        return drops.get(reason.ordinal());
    }

    /** The reasons seen so far, with their counts. */
    public Map<DropReason, Long> drops() {
        Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) if (drops.get(r.ordinal()) > 0) out.put(r, drops.get(r.ordinal()));
        return Map.copyOf(out);
    }

    @Override
    public String toString() {
        return "sent=" + advertsSent + " received=" + advertsReceived + " master=" + becameMaster + " released="
                + releasedMaster + " dropped=" + drops();
    }
}
