package io.fulcrum.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Figures of a process from its /proc files, for the benchmarks of every module (in this test-jar): CPU time
 * from {@code /proc/PID/stat} (utime and stime, in clock ticks, proc(5)) and memory sizes from
 * {@code /proc/PID/status} (VmRSS, VmHWM, in KiB).
 */
public final class ProcFigures {
    /** USER_HZ: the unit of utime and stime; 100 on every Linux architecture the lab runs. */
    public static final int TICKS_PER_SECOND = 100;

    private ProcFigures() {}

    /** utime + stime of a /proc/PID/stat line. The command name (field 2) may hold spaces and parentheses. */
    public static long cpuTicks(String stat) {
        return userTicks(stat) + systemTicks(stat);
    }

    /** utime (field 14) of a /proc/PID/stat line. */
    public static long userTicks(String stat) {
        return Long.parseLong(fields(stat)[11]);
    }

    /** stime (field 15) of a /proc/PID/stat line. */
    public static long systemTicks(String stat) {
        return Long.parseLong(fields(stat)[12]);
    }

    /** The fields after the command name: field 3 (state) is [0], so field n is [n - 3]. */
    private static String[] fields(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) throw new IllegalArgumentException("not a /proc/PID/stat line: " + stat);
        return stat.substring(close + 2).trim().split(" ");
    }

    /** VmRSS of a /proc/PID/status text, in KiB; -1 when absent (a zombie). */
    public static long rssKb(String status) {
        return statusKb(status, "VmRSS");
    }

    /** A size line of a /proc/PID/status text, e.g. VmRSS (resident now) or VmHWM (at the peak), in KiB; -1 when absent. */
    public static long statusKb(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }

    /** The /proc/PID/stat line of {@code pid}. */
    public static String stat(long pid) throws IOException {
        return Files.readString(Path.of("/proc/" + pid + "/stat"));
    }

    /** The /proc/PID/status text of {@code pid}. */
    public static String status(long pid) throws IOException {
        return Files.readString(Path.of("/proc/" + pid + "/status"));
    }

    /** CPU used over a wall interval, in cores (1.0 = one core busy). */
    public static double cores(long ticks, long wallNanos) {
        return ticks / (double) TICKS_PER_SECOND / (wallNanos / 1e9);
    }
}
