package io.fulcrum.health.decide;

/**
 * keepalived's quorum rule (check/ipwrapper.c update_quorum_state): a virtual server has quorum
 * while the summed weight of its live real servers is at least {@code quorum}; hysteresis widens the
 * band so that a flapping server does not flap the service: quorum is lost below
 * {@code quorum - hysteresis} (or at zero weight) and regained at {@code quorum + hysteresis}.
 */
public final class Quorum {
    private Quorum() {}

    /** Quorum of a virtual server seen for the first time (keepalived set_quorum_states). */
    public static boolean initial(long aliveWeight, int quorum, int hysteresis) {
        return aliveWeight > 0 && aliveWeight >= (long) quorum + hysteresis;
    }

    /** Quorum after the live weight became {@code aliveWeight}, given it was {@code wasUp}. */
    public static boolean next(boolean wasUp, long aliveWeight, int quorum, int hysteresis) {
        if (wasUp) return !(aliveWeight == 0 || aliveWeight < (long) quorum - hysteresis);
        return aliveWeight > 0 && aliveWeight >= (long) quorum + hysteresis;
    }
}
