package io.fulcrum.model.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.codec.DocumentCodec;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Prints the warm plan time of 10,000 virtual servers x 10 real servers (median of 5 runs after 3
 * warm-ups): an identical document, and the same with its JSON text decoded first. Run it after
 * test-compile: {@code java -cp target/classes:target/test-classes:<jackson jars> io.fulcrum.model.plan.PlanTiming}.
 */
public final class PlanTiming {
    private PlanTiming() {}

    public static void main(String[] args) {
        int vs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        ConfigDocument stored = Fleets.fleet(vs, rs, 1L, true);
        ConfigDocument desired = Fleets.fleet(vs, rs, null, false);
        String json = DocumentCodec.encode(desired).toString();

        time("plan (identical document)", () -> Planner.plan(stored, desired, PlanOptions.DEFAULT));
        // DocumentCodec.parse reads YAML, whose reader refuses text over 3 MB: a document this size is read as JSON
        time(
                "decode JSON + plan",
                () -> Planner.plan(stored, DocumentCodec.decodeDesiredDocument(readJson(json)), PlanOptions.DEFAULT));
        System.out.printf(
                "%d virtual servers x %d real servers, document %.1f MB of JSON, %d processors, %s%n",
                vs, rs, json.length() / 1e6, Runtime.getRuntime().availableProcessors(), Runtime.version());
    }

    private static JsonNode readJson(String text) {
        try {
            return DocumentCodec.JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void time(String what, Supplier<Plan> run) {
        for (int i = 0; i < 3; i++) check(run.get());
        long[] ms = new long[5];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            Plan p = run.get();
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
            check(p);
        }
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("%-28s median %d ms (runs %s)%n", what, sorted[sorted.length / 2], Arrays.toString(ms));
    }

    private static void check(Plan p) {
        if (p.refused() || p.writes())
            throw new IllegalStateException("the identical document should plan no change: " + p.errors());
    }
}
