package io.fulcrum.vrrp.machine;

import io.fulcrum.vrrp.packet.DropReason;
import java.util.EnumMap;
import java.util.Map;

/** What an instance (or a receiver, for adverts no instance claims) counted. Not thread-safe: the owner's thread writes it. */
public final class Counters {
    long advertsSent;
    long advertsReceived;
    long priorityZeroSent;
    long priorityZeroReceived;
    long becameMaster;
    long releasedMaster;
    private final EnumMap<DropReason, Long> drops = new EnumMap<>(DropReason.class);

    /**
     * Counts one drop; true the first time this reason is seen, the one time it is logged (a
     * misconfigured peer sends an advert every second: one line says it, the counter says how often).
     */
    public boolean drop(DropReason reason) {
        return drops.merge(reason, 1L, Long::sum) == 1L;
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
        return drops.getOrDefault(reason, 0L);
    }

    public Map<DropReason, Long> drops() {
        return Map.copyOf(drops);
    }

    @Override
    public String toString() {
        return "sent=" + advertsSent + " received=" + advertsReceived + " master=" + becameMaster + " released="
                + releasedMaster + " dropped=" + drops;
    }
}
