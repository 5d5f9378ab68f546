package io.fulcrum.agent.bench.keepalived;

import io.fulcrum.agent.bench.keepalived.Measurements.ChangeResult;
import io.fulcrum.agent.bench.keepalived.Measurements.SeriesResult;
import io.fulcrum.agent.bench.keepalived.Measurements.Steady;
import io.fulcrum.agent.bench.keepalived.Report.Unit;
import java.util.Locale;

/** One case's figures of both programs as a {@link Report}: the rows, the ratios, the words. */
final class CaseReport {
    private CaseReport() {}

    /** One program's figures in one case (null or NaN: not measured). */
    static final class Side {
        double start = Double.NaN;
        Steady steady;
        ChangeResult weight;
        ChangeResult added;
        SeriesResult series;
    }

    static Report of(BenchCase c, Side fulcrum, Side keepalived) {
        Report r = new Report(String.format(
                Locale.ROOT, "%s: %,d real servers, %,.0f checks/s asked", c, c.realServers(), c.checksPerSecond()));
        r.measured("start until the kernel holds the whole table", Unit.MILLIS, fulcrum.start, keepalived.start);
        if (fulcrum.steady != null && keepalived.steady != null) {
            Steady f = fulcrum.steady;
            Steady k = keepalived.steady;
            r.measured("steady: checks made per second", Unit.PER_SECOND, f.checksPerSecond(), k.checksPerSecond());
            r.measured("steady: checker CPU", Unit.CORES, f.checkerCores(), k.checkerCores());
            r.measured(
                    "steady: checker CPU per 1,000 checks",
                    Unit.CORES,
                    perThousand(f.checkerCores(), f.checksPerSecond()),
                    perThousand(k.checkerCores(), k.checksPerSecond()));
            r.measured("steady: checker RSS", Unit.MEGABYTES, f.checkerRssMb(), k.checkerRssMb());
            r.measured("steady: RSS of all its processes", Unit.MEGABYTES, f.allRssMb(), k.allRssMb());
        }
        change(r, "one real server's weight", fulcrum.weight, keepalived.weight);
        change(r, "one real server added", fulcrum.added, keepalived.added);
        if (fulcrum.series != null && keepalived.series != null) {
            SeriesResult f = fulcrum.series;
            SeriesResult k = keepalived.series;
            String n = String.format(Locale.ROOT, "%d changes", f.millis().size());
            r.measured(n + ": total", Unit.MILLIS, f.totalMillis(), k.totalMillis());
            r.measured(n + ": median each", Unit.MILLIS, Report.median(f.millis()), Report.median(k.millis()));
            r.measured(
                    n + ": p90 each", Unit.MILLIS, Report.quantile(f.millis(), 0.9), Report.quantile(k.millis(), 0.9));
            r.measured(
                    n + ": slowest", Unit.MILLIS, Report.quantile(f.millis(), 1.0), Report.quantile(k.millis(), 1.0));
            r.described(n + ": meanwhile in the kernel", disruption(f.disruption()), disruption(k.disruption()));
            r.measured(
                    n + ": checks made per second meanwhile",
                    Unit.PER_SECOND,
                    f.checksPerSecondDuring(),
                    k.checksPerSecondDuring());
            r.described(n + ": keepalived's log", "", KeepalivedLog.summary(k.logged()));
        }
        return r;
    }

    private static void change(Report r, String what, ChangeResult f, ChangeResult k) {
        if (f == null || k == null) return;
        r.measured(what + ": until the kernel shows it", Unit.MILLIS, f.millis(), k.millis());
        r.described(what + ": meanwhile in the kernel", disruption(f.disruption()), disruption(k.disruption()));
        r.measured(
                what + ": checks made per second meanwhile",
                Unit.PER_SECOND,
                f.checksPerSecondDuring(),
                k.checksPerSecondDuring());
        r.described(
                what + ": keepalived's log",
                "",
                KeepalivedLog.summary(k.logged()) + (k.checkerRestarted() ? "; checker process restarted" : ""));
    }

    /** What else moved in the kernel, in words. */
    static String disruption(Disruption.Result d) {
        if (d.pictures() == 0) return "(not watched)";
        String seen = String.format(Locale.ROOT, " (%d pictures)", d.pictures());
        if (d.none()) return "nothing else" + seen;
        StringBuilder b = new StringBuilder();
        if (d.servicesRemoved() > 0) b.append(d.servicesRemoved()).append(" services removed, ");
        if (d.destinationsRemoved() > 0)
            b.append(String.format(
                    Locale.ROOT,
                    "%,d destinations removed (up to %,d at once), ",
                    d.destinationsRemoved(),
                    d.worstMissing()));
        if (d.weightsDisturbed() > 0) b.append(d.weightsDisturbed()).append(" other weights changed, ");
        return b.substring(0, b.length() - 2) + seen;
    }

    /** CPU (cores) per 1,000 checks a second: the CPU cost of a check, scaled to read as cores. */
    static double perThousand(double cores, double checksPerSecond) {
        return checksPerSecond <= 0 ? Double.NaN : cores / checksPerSecond * 1000;
    }
}
