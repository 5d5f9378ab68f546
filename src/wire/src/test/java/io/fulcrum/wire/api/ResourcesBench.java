package io.fulcrum.wire.api;

import io.fulcrum.api.v1.RealServer;
import io.fulcrum.api.v1.VirtualServer;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.wire.api.ResourcesEquivalenceTest.JsonPath;
import java.util.function.Supplier;

/**
 * The cost of one resource's conversion, direct against the JSON path: a timed loop, no assertions
 * (figures in docs/performance.md). Run from the test classpath: {@code java ... ResourcesBench [seconds]}.
 * A real server alone (what a one-real-server delta carries) and a virtual server with ten real
 * servers and a health check, each way.
 */
public final class ResourcesBench {
    private ResourcesBench() {}

    static volatile Object sink;

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        StringBuilder yaml = new StringBuilder("""
                name: web
                description: the web site
                labels: {app: web, env: prod}
                address: 192.0.2.10
                port: 443
                scheduler: wrr
                forwarding: dr
                healthCheck: {type: http, intervalSeconds: 2, http: {urls: [{path: /health, statusCodes: [200]}]}}
                directors: [lb1, lb2]
                realServers:
                """);
        for (int i = 0; i < 10; i++)
            yaml.append("  - {name: rs")
                    .append(i)
                    .append(", address: 10.0.1.")
                    .append(i + 1)
                    .append(", weight: 3, labels: {rack: r1}}\n");
        io.fulcrum.model.VirtualServer v = DocumentCodec.decodeVirtualServer(DocumentCodec.parse(yaml.toString()));
        io.fulcrum.model.RealServer r = v.realServers().get(0);
        VirtualServer vm = Resources.message(v, true);
        RealServer rm = Resources.message(r);

        System.out.printf("%-44s %12s %12s %8s%n", "conversion", "JSON ns/op", "direct ns/op", "ratio");
        row("real server, model -> message", seconds, () -> JsonPath.message(r), () -> Resources.message(r));
        row("real server, message -> model", seconds, () -> JsonPath.realServer(rm), () -> Resources.realServer(rm));
        row(
                "virtual server + 10 real servers, model -> msg",
                seconds,
                () -> JsonPath.message(v, true),
                () -> Resources.message(v, true));
        row(
                "virtual server + 10 real servers, msg -> model",
                seconds,
                () -> JsonPath.virtualServer(vm),
                () -> Resources.virtualServer(vm));
    }

    private static void row(String name, double seconds, Supplier<?> json, Supplier<?> direct) {
        double j = nanosPerOp(json, seconds);
        double d = nanosPerOp(direct, seconds);
        System.out.printf("%-44s %12.0f %12.0f %7.1fx%n", name, j, d, j / d);
    }

    /** The best of five timed rounds, after a warm-up as long as all five. */
    private static double nanosPerOp(Supplier<?> op, double seconds) {
        long warm = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < warm) sink = op.get();
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long n = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9 / 5);
            long now;
            do {
                for (int i = 0; i < 100; i++) sink = op.get();
                n += 100;
            } while ((now = System.nanoTime()) < end);
            best = Math.min(best, (now - start) / (double) n);
        }
        return best;
    }
}
