package io.fulcrum.agent.bench.keepalived;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How regularly a checker keeps its interval: per real server, the times between consecutive checks the
 * responder saw, against the configured interval. A checker that falls behind, or bunches its checks, shows
 * as a deviation.
 */
public final class CheckTiming {
    private CheckTiming() {}

    /**
     * @param realServers       real servers checked at least twice
     * @param intervals         intervals measured (between consecutive checks of one real server)
     * @param meanMillis        their mean
     * @param p50DeviationMillis median of |interval - configured|
     * @param p99DeviationMillis 99th percentile of |interval - configured|
     */
    public record Result(
            int realServers, int intervals, double meanMillis, double p50DeviationMillis, double p99DeviationMillis) {
        public static final Result NOT_MEASURED = new Result(0, 0, Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * @param checks          per real server, when it was checked (nanoTime, any order)
     * @param intervalSeconds the configured check interval
     */
    public static Result of(Collection<List<Long>> checks, double intervalSeconds) {
        double configured = intervalSeconds * 1000;
        List<Double> deviations = new ArrayList<>();
        double sum = 0;
        int servers = 0;
        for (List<Long> times : checks) {
            if (times.size() < 2) continue;
            List<Long> sorted = new ArrayList<>(times);
            sorted.sort(null);
            servers++;
            for (int i = 1; i < sorted.size(); i++) {
                double ms = (sorted.get(i) - sorted.get(i - 1)) / 1e6;
                sum += ms;
                deviations.add(Math.abs(ms - configured));
            }
        }
        if (deviations.isEmpty()) return Result.NOT_MEASURED;
        return new Result(
                servers,
                deviations.size(),
                sum / deviations.size(),
                Report.quantile(deviations, 0.5),
                Report.quantile(deviations, 0.99));
    }
}
