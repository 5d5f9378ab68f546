package io.fulcrum.agent.bench.keepalived;

import java.util.Locale;

/**
 * One case of the benchmark: {@code services} virtual servers with {@code dests} real servers each, all
 * forwarded the same way ({@code nat} or {@code dr}) and checked the same way ({@code tcp} or {@code http})
 * every {@code intervalSeconds}.
 */
public record BenchCase(int services, int dests, String forwarding, String check, int intervalSeconds) {
    public BenchCase {
        if (services < 1 || services > 65536 * 4) throw new IllegalArgumentException("services: 1..262144");
        if (dests < 1 || dests > 50) throw new IllegalArgumentException("real servers per service: 1..50");
        if (!forwarding.equals("nat") && !forwarding.equals("dr"))
            throw new IllegalArgumentException("forwarding: nat or dr");
        if (!check.equals("tcp") && !check.equals("http")) throw new IllegalArgumentException("check: tcp or http");
        if (intervalSeconds < 1) throw new IllegalArgumentException("interval: at least 1 s");
    }

    /** "1000x10" with the given forwarding, check and interval. */
    public static BenchCase parse(String size, String forwarding, String check, int intervalSeconds) {
        String[] p = size.toLowerCase(Locale.ROOT).split("[x×]");
        if (p.length != 2) throw new IllegalArgumentException("size is SERVICESxREALSERVERS, e.g. 1000x10: " + size);
        return new BenchCase(Integer.parseInt(p[0]), Integer.parseInt(p[1]), forwarding, check, intervalSeconds);
    }

    public int realServers() {
        return services * dests;
    }

    /** Checks per second both checkers are asked for: every real server once per interval. */
    public double checksPerSecond() {
        return (double) realServers() / intervalSeconds;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%,d x %d %s %s @ %d s",
                services,
                dests,
                forwarding.toUpperCase(Locale.ROOT),
                check.toUpperCase(Locale.ROOT),
                intervalSeconds);
    }
}
