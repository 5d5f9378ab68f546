package io.fulcrum.agent.bench.keepalived;

import java.util.List;

/**
 * The VRRP adverts heard on the segment during a phase: how many, the largest gap between two, and how many
 * gaps were late. A master sends one every Advertisement_Interval (RFC 3768 section 6.4.3; RFC 5798 section
 * 6.4.3); a backup declares it down after 3 intervals and its skew time (Master_Down_Interval, section 6.1 of
 * both), so a gap
 * over {@link #LATE_FACTOR} intervals is already late, and one near 3 would let a backup take over. The gap
 * running into the phase from the last advert before it, and the one still open at its end, count too.
 */
public final class AdvertGaps {
    /** A gap longer than this many advert intervals is late. */
    public static final double LATE_FACTOR = 1.5;

    private AdvertGaps() {}

    /**
     * @param adverts          adverts heard within the phase
     * @param largestGapMillis the longest time without an advert within the phase (NaN: not listened)
     * @param late             gaps longer than {@link #LATE_FACTOR} intervals
     */
    public record Result(int adverts, double largestGapMillis, int late) {
        public static final Result NOT_LISTENED = new Result(0, Double.NaN, 0);
    }

    /**
     * @param times           when each advert was heard (System.nanoTime), ascending
     * @param from            the phase's start (nanoTime)
     * @param to              its end
     * @param intervalSeconds the group's advert interval
     */
    public static Result of(List<Long> times, long from, long to, double intervalSeconds) {
        long lateNanos = (long) (intervalSeconds * LATE_FACTOR * 1e9);
        long previous = from;
        for (long t : times) if (t <= from) previous = t;
        int adverts = 0;
        int late = 0;
        long largest = 0;
        for (long t : times) {
            if (t <= from || t > to) continue;
            adverts++;
            long gap = t - previous;
            largest = Math.max(largest, gap);
            if (gap > lateNanos) late++;
            previous = t;
        }
        long open = to - previous;
        largest = Math.max(largest, open);
        if (open > lateNanos) late++;
        return new Result(adverts, largest / 1e6, late);
    }
}
