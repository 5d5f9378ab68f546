package io.fulcrum.vrrp.machine;

/** The protocol's timer arithmetic, in nanoseconds. */
public final class Timing {
    private Timing() {}

    static final long SECOND = 1_000_000_000L;
    static final long CENTISECOND = 10_000_000L;

    /**
     * Skew_Time: v2 (256 - Priority) / 256 seconds (RFC 3768 §6.1); v3 ((256 - Priority) *
     * Master_Adver_Interval) / 256 (RFC 5798 §6.1), with the interval in centiseconds.
     */
    public static long skew(int version, int priority, long masterAdverNanos) {
        int weight = 256 - priority;
        if (version == 2) return weight * SECOND / 256;
        long centiseconds = masterAdverNanos / CENTISECOND;
        return weight * centiseconds * CENTISECOND / 256;
    }

    /** Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time (RFC 3768 §6.1, RFC 5798 §6.1). */
    public static long masterDown(int version, int priority, long masterAdverNanos) {
        return 3 * masterAdverNanos + skew(version, priority, masterAdverNanos);
    }
}
