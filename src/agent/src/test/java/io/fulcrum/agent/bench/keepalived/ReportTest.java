package io.fulcrum.agent.bench.keepalived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.agent.bench.keepalived.Report.Unit;
import io.fulcrum.runtime.ProcFigures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {
    @Test
    void theRatioIsFulcrumOverKeepalivedToThreeDigits() {
        assertThat(Report.ratio(50, 100)).isEqualTo("0.50");
        assertThat(Report.ratio(3, 2000)).isEqualTo("0.0015");
        assertThat(Report.ratio(250, 10)).isEqualTo("25.0");
        assertThat(Report.ratio(12345, 10)).isEqualTo("1,235");
        assertThat(Report.ratio(0, 10)).isEqualTo("0");
        assertThat(Report.ratio(5, 0)).isEqualTo("n/a");
        assertThat(Report.ratio(Double.NaN, 1)).isEqualTo("n/a");
    }

    @Test
    void valuesAreWrittenInTheirUnit() {
        assertThat(Report.format(Unit.MILLIS, 12.34)).isEqualTo("12.3 ms");
        assertThat(Report.format(Unit.MILLIS, 1234)).isEqualTo("1,234 ms");
        assertThat(Report.format(Unit.MILLIS, 123_456)).isEqualTo("123.5 s");
        assertThat(Report.format(Unit.CORES, 0.1234)).isEqualTo("0.123 cores");
        assertThat(Report.format(Unit.MEGABYTES, 85.04)).isEqualTo("85.0 MB");
        assertThat(Report.format(Unit.PER_SECOND, 999.6)).isEqualTo("1,000/s");
        assertThat(Report.format(Unit.COUNT, 3)).isEqualTo("3");
        assertThat(Report.format(Unit.MILLIS, Double.NaN)).isEqualTo("(not measured)");
    }

    @Test
    void theReportIsAMarkdownTableWithARowPerFigure() {
        String md = new Report("1,000 x 10 NAT TCP @ 30 s")
                .measured("start", Unit.MILLIS, 500, 2000)
                .described("meanwhile", "nothing else", "10 destinations removed")
                .markdown();

        assertThat(md).isEqualTo("""
                        ### 1,000 x 10 NAT TCP @ 30 s

                        | figure | Fulcrum | keepalived | Fulcrum / keepalived |
                        | --- | ---: | ---: | ---: |
                        | start | 500 ms | 2,000 ms | 0.25 |
                        | meanwhile | nothing else | 10 destinations removed |  |
                        """);
    }

    @Test
    void mediansAndQuantilesOfTheChanges() {
        List<Double> ms = List.of(5.0, 1.0, 3.0, 2.0, 4.0, 100.0);

        assertThat(Report.median(ms)).isEqualTo(3.5);
        assertThat(Report.quantile(ms, 0.9)).isEqualTo(100.0);
        assertThat(Report.quantile(ms, 0.5)).isEqualTo(3.0);
        assertThat(Report.quantile(ms, 1.0)).isEqualTo(100.0);
        assertThat(Report.median(List.of())).isNaN();
    }

    @Test
    void cpuAndMemoryAreReadFromProcFiles() {
        String stat = "4242 (keepalived (x) y) S 1 4242 4242 0 -1 4194624 313 0 0 0 150 25 0 0 20 0 1 0 1000 "
                + "12345678 900 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

        assertThat(ProcFigures.cpuTicks(stat)).isEqualTo(175);
        assertThat(ProcFigures.rssKb("Name:\tjava\nVmHWM:\t  9000 kB\nVmRSS:\t  8192 kB\n"))
                .isEqualTo(8192);
        assertThat(ProcFigures.rssKb("Name:\tzombie\n")).isEqualTo(-1);
        assertThat(ProcFigures.cores(50, 1_000_000_000L)).isEqualTo(0.5);
        assertThat(CaseReport.perThousand(0.5, 1000)).isEqualTo(0.5);
        assertThatThrownBy(() -> ProcFigures.cpuTicks("garbage")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepalivedsLogIsCountedByMessage() {
        String log = """
                Mon Dec  7 12:00:00 2026: Reloading ...
                Mon Dec  7 12:00:00 2026: Activating healthchecker for service [10.200.0.1]:tcp:80 for VS [10.100.0.1]:tcp:80
                Mon Dec  7 12:00:00 2026: Activating healthchecker for service [10.201.0.1]:tcp:80 for VS [10.100.0.1]:tcp:80
                Mon Dec  7 12:00:01 2026: Removing service [10.200.0.1]:tcp:80 from VS [10.100.0.1]:tcp:80
                Mon Dec  7 12:00:02 2026: Adding service [10.200.0.1]:tcp:80 to VS [10.100.0.1]:tcp:80
                """;

        Map<String, Integer> counts = KeepalivedLog.count(log);

        assertThat(counts).containsEntry("reloads", 1).containsEntry("checkers started", 2);
        assertThat(counts).containsEntry("real servers removed", 1).containsEntry("real servers added", 1);
        assertThat(KeepalivedLog.summary(counts))
                .isEqualTo("reloads 1, checkers started 2, real servers removed 1, real servers added 1");
        assertThat(KeepalivedLog.summary(KeepalivedLog.count(""))).isEqualTo("none");
    }

    @Test
    void optionsMakeOneCasePerSizeAndKind() {
        BenchOptions o =
                BenchOptions.parse("--cases", "nat-tcp,dr-http", "--changes", "10", "--interval", "20", "1000x10");

        assertThat(o.cases())
                .containsExactly(new BenchCase(1000, 10, "nat", "tcp", 20), new BenchCase(1000, 10, "dr", "http", 20));
        assertThat(o.changes()).isEqualTo(10);
        assertThat(o.seriesBudget()).as("every change asked for is made").isZero();
        assertThat(BenchOptions.parse("--series-budget", "300", "10x1").seriesBudget())
                .isEqualTo(300);
        assertThatThrownBy(() -> BenchOptions.parse("--series-budget", "-1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(BenchOptions.parse().cases()).hasSize(3);
        assertThat(BenchOptions.parse().cases().get(1).realServers()).isEqualTo(36_800);
        assertThatThrownBy(() -> BenchOptions.parse("--cases", "nat")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse("--what", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse("10x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCaseReportHasEveryPhaseWithRatios() {
        BenchCase c = new BenchCase(1000, 10, "nat", "tcp", 30);
        CaseReport.Side f = new CaseReport.Side();
        CaseReport.Side k = new CaseReport.Side();
        f.start = 1000;
        k.start = 4000;
        f.steady = new Measurements.Steady(333, 0.1, 80, 80, new CheckTiming.Result(10_000, 10_000, 30_010, 12, 80));
        k.steady = new Measurements.Steady(333, 0.2, 10, 12, new CheckTiming.Result(9_000, 9_000, 31_000, 400, 2500));
        Disruption.Result none = new Disruption.Result(4, 0, 0, 0, 0);
        Measurements.Segmented quiet =
                new Measurements.Segmented(new Requests.Result(60, 0, Map.of()), new AdvertGaps.Result(3, 1004, 0));
        Measurements.Segmented stormy = new Measurements.Segmented(
                new Requests.Result(60, 2, Map.of("connect timed out", 2)), new AdvertGaps.Result(1, 2600, 1));
        f.weight = new Measurements.ChangeResult(10, none, 330, Map.of(), false, quiet);
        k.weight = new Measurements.ChangeResult(
                2000, new Disruption.Result(2, 0, 10, 10, 0), 100, Map.of("reloads", 1), false, stormy);

        String md = CaseReport.of(c, f, k).markdown();

        assertThat(md).contains("### 1,000 x 10 NAT TCP @ 30 s: 10,000 real servers, 333 checks/s asked");
        assertThat(md).contains("| start until the kernel holds the whole table | 1,000 ms | 4,000 ms | 0.25 |");
        assertThat(md).contains("| steady: checker RSS | 80.0 MB | 10.0 MB | 8.00 |");
        assertThat(md)
                .contains("| one real server's weight: until the kernel shows it | 10.0 ms | 2,000 ms | 0.0050 |");
        assertThat(md)
                .contains("| one real server's weight: meanwhile in the kernel | nothing else (4 pictures) | "
                        + "10 destinations removed (up to 10 at once) (2 pictures) |  |");
        assertThat(md).contains("| one real server's weight: keepalived's log |  | reloads 1 |  |");
        assertThat(md)
                .contains("| one real server's weight: client through a VIP | 60 requests, none failed | "
                        + "60 requests, 2 failed: connect timed out x2 |  |");
        assertThat(md)
                .contains("| one real server's weight: VRRP adverts | 3 adverts, largest gap 1,004 ms, 0 late | "
                        + "1 adverts, largest gap 2,600 ms, 1 late |  |");
        assertThat(md)
                .contains(
                        "| steady: check timing deviation |interval - configured|, p99 | 80.0 ms | 2,500 ms | 0.03 |");
        assertThat(md)
                .contains("| steady: time between two checks of a real server, mean (every 30 s configured) | "
                        + "30.0 s | 31.0 s | 0.97 |");
        assertThat(md).doesNotContain("added").doesNotContain("changes:").doesNotContain("control plane");
    }

    @Test
    void theChangesThroughTheControlPlaneAreSetBesideKeepalivedsReloads() {
        BenchCase c = new BenchCase(1000, 10, "nat", "tcp", 30);
        CaseReport.Side f = new CaseReport.Side();
        CaseReport.Side k = new CaseReport.Side();
        Measurements.Segmented seg =
                new Measurements.Segmented(new Requests.Result(20, 0, Map.of()), new AdvertGaps.Result(3, 1000, 0));
        Disruption.Result none = new Disruption.Result(4, 0, 0, 0, 0);
        f.start = 30_000;
        f.restStart = 40_000;
        k.start = 20_000;
        f.restWeight = new Measurements.ChangeResult(50, none, 330, Map.of(), false, seg);
        k.weight = new Measurements.ChangeResult(20_000, none, 0, Map.of("reloads", 1), false, seg);
        f.restSeries = new Measurements.SeriesResult(List.of(40.0, 60.0), 2, none, 300, Map.of(), seg);
        f.series = new Measurements.SeriesResult(List.of(900.0), 2, none, 300, Map.of(), seg);
        k.series = new Measurements.SeriesResult(List.of(30_000.0, 40_000.0), 2, none, 2, Map.of(), seg);

        String md = CaseReport.of(c, f, k).markdown();

        assertThat(md)
                .contains("| start until the kernel holds the whole table: Fulcrum through the control plane (REST) | "
                        + "40.0 s | 20.0 s | 2.00 |");
        assertThat(md)
                .contains("| one real server's weight through the control plane (REST): until the kernel shows it | "
                        + "50.0 ms | 20.0 s | 0.0025 |");
        assertThat(md).contains("| 2 changes through the control plane (REST): total | 100 ms | 70.0 s | 0.0014 |");
        assertThat(md).contains("| 1 of 2 changes (the budget): total | 900 ms | 70.0 s | 0.01 |");
        assertThat(md).doesNotContain("through the control plane (REST): keepalived's log");
    }
}
