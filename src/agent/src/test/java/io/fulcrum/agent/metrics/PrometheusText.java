package io.fulcrum.agent.metrics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format (0.0.4) for tests: every line a comment (HELP, TYPE) or a
 * sample of a family declared before it, names and labels well formed, no series twice. Returns the
 * samples by series ({@code name{labels}}, as written).
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*\\})? (\\S+)");

    private PrometheusText() {}

    public static Map<String, Double> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) throw new AssertionError("the text does not end with a newline");
        Map<String, String> types = new HashMap<>();
        Set<String> helped = new HashSet<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) continue;
            if (line.startsWith("# HELP ")) {
                String name = line.substring(7).split(" ", 2)[0];
                if (!NAME.matcher(name).matches() || !helped.add(name))
                    throw new AssertionError("line " + n + ": bad or repeated HELP: " + line);
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] p = line.substring(7).split(" ");
                if (p.length != 2
                        || !Set.of("counter", "gauge", "histogram", "summary", "untyped")
                                .contains(p[1])) throw new AssertionError("line " + n + ": bad TYPE: " + line);
                if (types.put(p[0], p[1]) != null) throw new AssertionError("line " + n + ": TYPE twice: " + line);
                continue;
            }
            if (line.startsWith("#")) continue;
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) throw new AssertionError("line " + n + ": not a sample: " + line);
            String name = m.group(1);
            String family = types.containsKey(name) ? name : name.replaceFirst("_(bucket|sum|count)$", "");
            if (!types.containsKey(family)) throw new AssertionError("line " + n + ": no TYPE for " + name);
            if (types.get(family).equals("counter") && !name.endsWith("_total"))
                throw new AssertionError("line " + n + ": a counter not named _total: " + name);
            double v = switch (m.group(3)) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(m.group(3));
            };
            String series = name + (m.group(2) == null ? "" : m.group(2));
            if (samples.put(series, v) != null) throw new AssertionError("line " + n + ": series twice: " + series);
        }
        return samples;
    }
}
