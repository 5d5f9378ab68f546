package io.fulcrum.agent.bench.keepalived;

/**
 * Figures of a process from its /proc files: CPU time from {@code /proc/PID/stat} (utime + stime, in clock
 * ticks, proc(5)) and resident memory from {@code /proc/PID/status} (VmRSS, KiB).
 */
public final class ProcFigures {
    /** USER_HZ: the unit of utime and stime; 100 on every Linux architecture the lab runs. */
    public static final int TICKS_PER_SECOND = 100;

    private ProcFigures() {}

    /** utime + stime of a /proc/PID/stat line. The command name (field 2) may hold spaces and parentheses. */
    public static long cpuTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) throw new IllegalArgumentException("not a /proc/PID/stat line: " + stat);
        String[] f = stat.substring(close + 2).trim().split(" ");
        // after the name: field 3 (state) is f[0], so field n is f[n - 3]; utime is field 14, stime 15
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** VmRSS of a /proc/PID/status text, in KiB; -1 when absent (a zombie). */
    public static long rssKb(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }

    /** CPU used over a wall interval, in cores (1.0 = one core busy). */
    public static double cores(long ticks, long wallNanos) {
        return ticks / (double) TICKS_PER_SECOND / (wallNanos / 1e9);
    }
}
