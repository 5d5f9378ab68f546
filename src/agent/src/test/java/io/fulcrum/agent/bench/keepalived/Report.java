package io.fulcrum.agent.bench.keepalived;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's result for one case: one row per figure with Fulcrum's value, keepalived's and the ratio
 * Fulcrum / keepalived (below 1: Fulcrum needs less), printed as a Markdown table for docs/performance.md.
 */
public final class Report {
    /** Units a measured figure can have; each formats its values its own way. */
    public enum Unit {
        MILLIS,
        CORES,
        MEGABYTES,
        PER_SECOND,
        COUNT
    }

    public record Row(String figure, String fulcrum, String keepalived, String ratio) {}

    private final String title;
    private final List<Row> rows = new ArrayList<>();

    public Report(String title) {
        this.title = title;
    }

    /** A figure both sides measured: the ratio is Fulcrum's value over keepalived's. */
    public Report measured(String figure, Unit unit, double fulcrum, double keepalived) {
        rows.add(new Row(figure, format(unit, fulcrum), format(unit, keepalived), ratio(fulcrum, keepalived)));
        return this;
    }

    /** A figure described in words (what else happened during a change): no ratio. */
    public Report described(String figure, String fulcrum, String keepalived) {
        rows.add(new Row(figure, fulcrum, keepalived, ""));
        return this;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Fulcrum / keepalived to three significant digits; "n/a" when keepalived's value is 0 or either is missing. */
    public static String ratio(double fulcrum, double keepalived) {
        if (Double.isNaN(fulcrum) || Double.isNaN(keepalived) || keepalived == 0) return "n/a";
        double r = fulcrum / keepalived;
        if (r == 0) return "0";
        if (r >= 100) return String.format(Locale.ROOT, "%,.0f", r);
        if (r >= 10) return String.format(Locale.ROOT, "%.1f", r);
        if (r >= 0.01) return String.format(Locale.ROOT, "%.2f", r);
        return String.format(Locale.ROOT, "%.4f", r);
    }

    public static String format(Unit unit, double v) {
        if (Double.isNaN(v)) return "(not measured)";
        return switch (unit) {
            case MILLIS ->
                v >= 10_000
                        ? String.format(Locale.ROOT, "%,.1f s", v / 1000)
                        : v >= 100
                                ? String.format(Locale.ROOT, "%,.0f ms", v)
                                : String.format(Locale.ROOT, "%.1f ms", v);
            case CORES -> String.format(Locale.ROOT, "%.3f cores", v);
            case MEGABYTES -> String.format(Locale.ROOT, "%,.1f MB", v);
            case PER_SECOND -> String.format(Locale.ROOT, "%,.0f/s", v);
            case COUNT -> String.format(Locale.ROOT, "%,.0f", v);
        };
    }

    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("### ").append(title).append("\n\n");
        b.append("| figure | Fulcrum | keepalived | Fulcrum / keepalived |\n");
        b.append("| --- | ---: | ---: | ---: |\n");
        for (Row r : rows)
            b.append("| ")
                    .append(r.figure())
                    .append(" | ")
                    .append(r.fulcrum())
                    .append(" | ")
                    .append(r.keepalived())
                    .append(" | ")
                    .append(r.ratio())
                    .append(" |\n");
        return b.toString();
    }

    /** The median of {@code values} (NaN when empty). */
    public static double median(List<Double> values) {
        if (values.isEmpty()) return Double.NaN;
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** The value at quantile {@code q} (0..1), nearest rank (NaN when empty). */
    public static double quantile(List<Double> values, double q) {
        if (values.isEmpty()) return Double.NaN;
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int rank = (int) Math.ceil(q * s.size());
        return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
    }
}
