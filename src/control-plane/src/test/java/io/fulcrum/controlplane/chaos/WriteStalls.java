package io.fulcrum.controlplane.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the writers' time went: each tick skipped because every writer was busy, and each write's time
 * to its answer, attributed to the fault in force when it happened (a fault's window runs from its
 * injection to {@link #AFTER_MILLIS} after its end) or to no fault. A write first tried on the replica a
 * fault stopped waits for its client's timeout before the other replica is tried: the figures split the
 * writes answered on their first try from those that needed another, so that a stall of the server (the
 * first tries slow too) is told apart from the client waiting out a frozen replica.
 */
final class WriteStalls {
    /** A write's last effects (a timed-out try, a retry's backoff) reach this far past its fault's end. */
    static final long AFTER_MILLIS = 5_000;

    private WriteStalls() {}

    /** One write as the writer saw it: started at, answered after {@code tookMillis}, in {@code tries}. */
    record Timing(long startedAtMillis, long tookMillis, int tries, boolean acknowledged) {}

    /** Per window (a fault type, or null: none): skipped ticks, and first-try and retried writes' times. */
    record Window(int skipped, long[] firstTry, long[] retried) {
        String text(String label) {
            return "  %-22s %5d skipped; %4d answered at the first try (p50 %5d, p99 %5d, max %5d ms); %4d after a retry (p50 %5d, p99 %5d, max %5d ms)"
                    .formatted(
                            label,
                            skipped,
                            firstTry.length,
                            Verification.rank(firstTry, 0.5),
                            Verification.rank(firstTry, 0.99),
                            Verification.rank(firstTry, 1),
                            retried.length,
                            Verification.rank(retried, 0.5),
                            Verification.rank(retried, 0.99),
                            Verification.rank(retried, 1));
        }
    }

    /** The fault type in force at {@code t}, or null; when faults overlap, the earliest injected. */
    static FaultType at(long t, List<History.FaultOutcome> faults) {
        for (History.FaultOutcome f : faults) {
            long end = f.endedAtMillis() < 0 ? Long.MAX_VALUE : f.endedAtMillis() + AFTER_MILLIS;
            if (t >= f.injectedAtMillis() && t <= end) return f.fault().type();
        }
        return null;
    }

    /** The windows that saw anything, fault types in their declared order, then "no fault" (key null) last. */
    static Map<FaultType, Window> attribute(
            List<Long> skippedAt, List<Timing> writes, List<History.FaultOutcome> faults) {
        // the key null is "no fault" (both map kinds take it); the table's order is set at the end
        Map<FaultType, Integer> skips = new HashMap<>();
        Map<FaultType, List<Long>> first = new HashMap<>();
        Map<FaultType, List<Long>> again = new HashMap<>();
        for (long t : skippedAt) skips.merge(at(t, faults), 1, Integer::sum);
        for (Timing w : writes) {
            if (!w.acknowledged()) continue;
            (w.tries() == 1 ? first : again)
                    .computeIfAbsent(at(w.startedAtMillis(), faults), k -> new ArrayList<>())
                    .add(w.tookMillis());
        }
        Map<FaultType, Window> out = new LinkedHashMap<>();
        List<FaultType> order = new ArrayList<>(List.of(FaultType.values()));
        order.add(null);
        for (FaultType f : order) {
            if (f != null && !skips.containsKey(f) && !first.containsKey(f) && !again.containsKey(f)) continue;
            out.put(f, window(skips.getOrDefault(f, 0), first.get(f), again.get(f)));
        }
        return out;
    }

    /** The table the run prints. */
    static String text(Map<FaultType, Window> windows) {
        StringBuilder b =
                new StringBuilder("writer ticks skipped (all writers busy) and write times, by the fault in force:");
        windows.forEach((f, w) -> b.append('\n').append(w.text(f == null ? "no fault" : f.label())));
        return b.toString();
    }

    private static Window window(int skipped, List<Long> first, List<Long> again) {
        return new Window(skipped, sorted(first), sorted(again));
    }

    private static long[] sorted(List<Long> values) {
        if (values == null) return new long[0];
        return values.stream().mapToLong(Long::longValue).sorted().toArray();
    }
}
