package io.fulcrum.agent.bench.keepalived;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What keepalived said it did, counted from its log (-l -D, Debian's 2.2.7 messages): real servers taken out of
 * and put into IPVS, health checkers (re)started and stopped, weights changed, reloads.
 */
public final class KeepalivedLog {
    /** A label per message, and the text that marks it. */
    static final Map<String, String> MARKS = marks();

    private KeepalivedLog() {}

    private static Map<String, String> marks() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("reloads", "Reloading");
        m.put("checkers started", "Activating healthchecker");
        m.put("checkers stopped", "Deactivating healthchecker");
        m.put("real servers removed", "Removing service");
        m.put("real servers added", "Adding service");
        m.put("real servers disabled", "Disabling service");
        m.put("real servers enabled", "Enabling service");
        m.put("weights changed", "Changing weight");
        m.put("check failures", "failed");
        return m;
    }

    /** The count of each message in {@code text} (every label present, 0 when not seen). */
    public static Map<String, Integer> count(String text) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        MARKS.keySet().forEach(k -> counts.put(k, 0));
        for (String line : text.split("\n")) {
            for (var e : MARKS.entrySet()) if (line.contains(e.getValue())) counts.merge(e.getKey(), 1, Integer::sum);
        }
        return counts;
    }

    /** The counts that are not 0, as "label N, label N" (or "none"). */
    public static String summary(Map<String, Integer> counts) {
        StringBuilder b = new StringBuilder();
        counts.forEach((k, v) -> {
            if (v == 0) return;
            if (b.length() > 0) b.append(", ");
            b.append(k).append(' ').append(v);
        });
        return b.length() == 0 ? "none" : b.toString();
    }
}
