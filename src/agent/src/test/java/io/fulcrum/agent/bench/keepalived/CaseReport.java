package io.fulcrum.agent.bench.keepalived;

import io.fulcrum.agent.bench.keepalived.Measurements.ChangeResult;
import io.fulcrum.agent.bench.keepalived.Measurements.Segmented;
import io.fulcrum.agent.bench.keepalived.Measurements.SeriesResult;
import io.fulcrum.agent.bench.keepalived.Measurements.Steady;
import io.fulcrum.agent.bench.keepalived.Report.Unit;
import java.util.Locale;

/** One case's figures of both programs as a {@link Report}: the rows, the ratios, the words. */
final class CaseReport {
    /** How the changes through the control plane are named in the report. */
    static final String REST = " through the control plane (REST)";

    private CaseReport() {}

    /** One program's figures in one case (null or NaN: not measured); rest*: Fulcrum through its control plane. */
    static final class Side {
        double start = Double.NaN;
        Steady steady;
        ChangeResult weight;
        ChangeResult added;
        SeriesResult series;
        double restStart = Double.NaN;
        ChangeResult restWeight;
        ChangeResult restAdded;
        SeriesResult restSeries;
    }

    static Report of(BenchCase c, Side fulcrum, Side keepalived) {
        Report r = new Report(String.format(
                Locale.ROOT, "%s: %,d real servers, %,.0f checks/s asked", c, c.realServers(), c.checksPerSecond()));
        r.measured("start until the kernel holds the whole table", Unit.MILLIS, fulcrum.start, keepalived.start);
        if (!Double.isNaN(fulcrum.restStart))
            r.measured(
                    "start until the kernel holds the whole table: Fulcrum" + REST,
                    Unit.MILLIS,
                    fulcrum.restStart,
                    keepalived.start);
        if (fulcrum.steady != null && keepalived.steady != null) steady(r, c, fulcrum.steady, keepalived.steady);
        change(r, "one real server's weight", fulcrum.weight, keepalived.weight, true);
        change(r, "one real server added", fulcrum.added, keepalived.added, true);
        change(r, "one real server's weight" + REST, fulcrum.restWeight, keepalived.weight, false);
        change(r, "one real server added" + REST, fulcrum.restAdded, keepalived.added, false);
        series(r, "", fulcrum.series, keepalived.series, true);
        series(r, REST, fulcrum.restSeries, keepalived.series, false);
        return r;
    }

    private static void steady(Report r, BenchCase c, Steady f, Steady k) {
        r.measured("steady: checks made per second", Unit.PER_SECOND, f.checksPerSecond(), k.checksPerSecond());
        r.measured("steady: checker CPU", Unit.CORES, f.checkerCores(), k.checkerCores());
        r.measured(
                "steady: checker CPU per 1,000 checks",
                Unit.CORES,
                perThousand(f.checkerCores(), f.checksPerSecond()),
                perThousand(k.checkerCores(), k.checksPerSecond()));
        r.measured("steady: checker RSS", Unit.MEGABYTES, f.checkerRssMb(), k.checkerRssMb());
        r.measured("steady: RSS of all its processes", Unit.MEGABYTES, f.allRssMb(), k.allRssMb());
        CheckTiming.Result ft = f.timing();
        CheckTiming.Result kt = k.timing();
        if (ft == null || kt == null) return;
        String every = String.format(Locale.ROOT, " (every %d s configured)", c.intervalSeconds());
        r.measured(
                "steady: time between two checks of a real server, mean" + every,
                Unit.MILLIS,
                ft.meanMillis(),
                kt.meanMillis());
        r.measured(
                "steady: check timing deviation |interval - configured|, median",
                Unit.MILLIS,
                ft.p50DeviationMillis(),
                kt.p50DeviationMillis());
        r.measured(
                "steady: check timing deviation |interval - configured|, p99",
                Unit.MILLIS,
                ft.p99DeviationMillis(),
                kt.p99DeviationMillis());
        r.measured("steady: intervals measured", Unit.COUNT, ft.intervals(), kt.intervals());
    }

    private static void change(Report r, String what, ChangeResult f, ChangeResult k, boolean withLog) {
        if (f == null || k == null) return;
        r.measured(what + ": until the kernel shows it", Unit.MILLIS, f.millis(), k.millis());
        r.described(what + ": meanwhile in the kernel", disruption(f.disruption()), disruption(k.disruption()));
        r.measured(
                what + ": checks made per second meanwhile",
                Unit.PER_SECOND,
                f.checksPerSecondDuring(),
                k.checksPerSecondDuring());
        segment(r, what, f.segment(), k.segment());
        if (withLog)
            r.described(
                    what + ": keepalived's log",
                    "",
                    KeepalivedLog.summary(k.logged()) + (k.checkerRestarted() ? "; checker process restarted" : ""));
    }

    private static void series(Report r, String how, SeriesResult f, SeriesResult k, boolean withLog) {
        if (f == null || k == null) return;
        // keepalived's reloads may have run out of the budget: Fulcrum then made as many as keepalived did
        int made = f.millis().size();
        int asked = Math.max(f.asked(), k.asked());
        String n = made == asked
                ? String.format(Locale.ROOT, "%d changes%s", made, how)
                : String.format(Locale.ROOT, "%d of %d changes%s (the budget)", made, asked, how);
        r.measured(n + ": total", Unit.MILLIS, f.totalMillis(), k.totalMillis());
        r.measured(n + ": median each", Unit.MILLIS, Report.median(f.millis()), Report.median(k.millis()));
        r.measured(n + ": p90 each", Unit.MILLIS, Report.quantile(f.millis(), 0.9), Report.quantile(k.millis(), 0.9));
        r.measured(n + ": slowest", Unit.MILLIS, Report.quantile(f.millis(), 1.0), Report.quantile(k.millis(), 1.0));
        r.described(n + ": meanwhile in the kernel", disruption(f.disruption()), disruption(k.disruption()));
        r.measured(
                n + ": checks made per second meanwhile",
                Unit.PER_SECOND,
                f.checksPerSecondDuring(),
                k.checksPerSecondDuring());
        segment(r, n, f.segment(), k.segment());
        if (withLog) r.described(n + ": keepalived's log", "", KeepalivedLog.summary(k.logged()));
    }

    /** The steady client's requests and the VRRP adverts over a change or a series. */
    private static void segment(Report r, String what, Segmented f, Segmented k) {
        r.described(
                what + ": client through a VIP",
                f.client().summary(),
                k.client().summary());
        r.described(what + ": VRRP adverts", adverts(f.adverts()), adverts(k.adverts()));
    }

    /** "12 adverts, largest gap 1,010 ms, 0 late" (late: a gap over 1.5 advert intervals). */
    static String adverts(AdvertGaps.Result a) {
        if (Double.isNaN(a.largestGapMillis())) return "(not listened)";
        return String.format(
                Locale.ROOT,
                "%,d adverts, largest gap %s, %d late",
                a.adverts(),
                Report.format(Unit.MILLIS, a.largestGapMillis()),
                a.late());
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
