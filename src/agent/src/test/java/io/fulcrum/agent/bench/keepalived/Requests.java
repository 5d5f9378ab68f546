package io.fulcrum.agent.bench.keepalived;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What the steady client's requests through a VIP met during a phase: how many, how many failed and how. */
public final class Requests {
    private Requests() {}

    /**
     * One request.
     *
     * @param nanos   when it was sent (System.nanoTime)
     * @param failure null when the answer was HTTP 200, else what went wrong (e.g. "connect: Connection refused")
     */
    public record Request(long nanos, String failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    /**
     * @param requests requests sent within the phase
     * @param failed   those that got no HTTP 200
     * @param failures how many failed each way (in the order of the words)
     */
    public record Result(int requests, int failed, Map<String, Integer> failures) {
        public static final Result NOT_SENT = new Result(0, 0, Map.of());

        /** "200 requests, none failed" or "200 requests, 12 failed: connect: refused x10, read timed out x2". */
        public String summary() {
            if (requests == 0) return "(no requests)";
            String n = String.format(Locale.ROOT, "%,d requests, ", requests);
            if (failed == 0) return n + "none failed";
            StringBuilder b = new StringBuilder(n).append(String.format(Locale.ROOT, "%,d failed:", failed));
            failures.forEach((how, count) ->
                    b.append(' ').append(how).append(" x").append(count).append(','));
            return b.substring(0, b.length() - 1);
        }
    }

    /** The requests sent within [{@code from}, {@code to}]. */
    public static Result of(List<Request> all, long from, long to) {
        int n = 0;
        int failed = 0;
        Map<String, Integer> how = new TreeMap<>();
        for (Request r : all) {
            if (r.nanos() < from || r.nanos() > to) continue;
            n++;
            if (r.ok()) continue;
            failed++;
            how.merge(r.failure(), 1, Integer::sum);
        }
        return new Result(n, failed, Collections.unmodifiableMap(how));
    }
}
