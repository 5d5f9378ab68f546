package io.fulcrum.agent.bench.keepalived;

import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's command line:
 * <pre>
 *   [--cases nat-tcp,dr-http] [--interval SECONDS] [--steady SECONDS] [--changes N] [--agent-interval SECONDS]
 *   [--timeout SECONDS] [--series-budget SECONDS] SIZE...
 * </pre>
 * SIZE is SERVICESxREALSERVERS (default 1000x10 2300x16 10000x10). Every size runs every case.
 *
 * @param cases          forwarding-check pairs, e.g. nat-tcp, dr-http
 * @param interval       the check interval of every real server (keepalived delay_loop), seconds
 * @param steady         how long the steady state is measured, seconds
 * @param changes        how many changes one after another in the "many changes" phase (0: skipped)
 * @param agentInterval  the agent's --interval while changes are timed (it looks at its file that often)
 * @param timeout        the longest wait for any one thing to reach the kernel, seconds
 * @param seriesBudget   no new change of the series after this many seconds (0, the default: all {@code changes})
 */
public record BenchOptions(
        List<BenchCase> cases,
        int interval,
        int steady,
        int changes,
        int agentInterval,
        int timeout,
        int seriesBudget) {
    public static final List<String> DEFAULT_SIZES = List.of("1000x10", "2300x16", "10000x10");

    public static BenchOptions parse(String... args) {
        List<String> kinds = List.of("nat-tcp");
        int interval = 30;
        int steady = 30;
        int changes = 100;
        int agentInterval = 1;
        int timeout = 1800;
        int seriesBudget = 0;
        List<String> sizes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
                String v = args[++i];
                switch (a) {
                    case "--cases" -> kinds = List.of(v.split(","));
                    case "--interval" -> interval = positive(a, v);
                    case "--steady" -> steady = positive(a, v);
                    case "--changes" -> changes = Integer.parseInt(v);
                    case "--agent-interval" -> agentInterval = positive(a, v);
                    case "--timeout" -> timeout = positive(a, v);
                    case "--series-budget" -> seriesBudget = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            } else {
                sizes.add(a);
            }
        }
        if (sizes.isEmpty()) sizes = DEFAULT_SIZES;
        if (changes < 0) throw new IllegalArgumentException("--changes must not be negative");
        if (seriesBudget < 0) throw new IllegalArgumentException("--series-budget must not be negative");
        List<BenchCase> cases = new ArrayList<>();
        for (String size : sizes)
            for (String kind : kinds) {
                String[] fc = kind.split("-");
                if (fc.length != 2)
                    throw new IllegalArgumentException("a case is FORWARDING-CHECK, e.g. nat-tcp: " + kind);
                cases.add(BenchCase.parse(size, fc[0], fc[1], interval));
            }
        return new BenchOptions(List.copyOf(cases), interval, steady, changes, agentInterval, timeout, seriesBudget);
    }

    private static int positive(String option, String v) {
        int n = Integer.parseInt(v);
        if (n < 1) throw new IllegalArgumentException(option + " must be at least 1");
        return n;
    }
}
