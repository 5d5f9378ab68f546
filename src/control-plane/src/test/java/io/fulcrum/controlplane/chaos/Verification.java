package io.fulcrum.controlplane.chaos;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The verdict on a run's {@link History}, pure: the invariants (acknowledged writes in the export and
 * the audit trail, agents applying only committed revisions, every agent at the final state within
 * {@link #FINAL_WITHIN_MILLIS} of the end of the faults and writes, every fault survived) and the
 * figures per fault type.
 */
public final class Verification {
    /** Every agent must hold the final state this soon after the last fault ended and the writes stopped. */
    public static final long FINAL_WITHIN_MILLIS = 10_000;
    /** A fault is survived when every agent held everything acknowledged by its end this soon after it. */
    public static final long CONVERGE_WITHIN_MILLIS = 60_000;
    /** How many offending items a failed check names. */
    static final int NAMED = 5;

    private Verification() {}

    /** One invariant: its name, whether it held, and the figures or offenders behind it. */
    public record Check(String name, boolean passed, String detail) {}

    /** Per fault type: how many were injected, how many survived, convergence times (ms) p50/p99/max. */
    public record Figures(FaultType type, int injected, int survived, long p50, long p99, long max) {}

    public record Report(List<Check> checks, List<Figures> figures, String summary) {
        public boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }

        public String text() {
            StringBuilder b = new StringBuilder(summary).append('\n');
            for (Check c : checks)
                b.append(c.passed() ? "  PASS " : "  FAIL ")
                        .append(c.name())
                        .append(": ")
                        .append(c.detail())
                        .append('\n');
            b.append(String.format(
                    "  %-22s %8s %8s %10s %10s %10s%n", "fault", "injected", "survived", "p50 ms", "p99 ms", "max ms"));
            for (Figures f : figures)
                b.append(String.format(
                        "  %-22s %8d %8d %10s %10s %10s%n",
                        f.type().label(),
                        f.injected(),
                        f.survived(),
                        f.injected() == 0 ? "-" : Long.toString(f.p50()),
                        f.injected() == 0 ? "-" : Long.toString(f.p99()),
                        f.injected() == 0 ? "-" : Long.toString(f.max())));
            return b.toString();
        }
    }

    public static Report verify(History h) {
        List<Check> checks = new ArrayList<>();
        List<History.Write> acked =
                h.writes().stream().filter(History.Write::acknowledged).toList();
        long highestAcked =
                acked.stream().mapToLong(History.Write::revision).max().orElse(0);

        // 1. acknowledged writes in every replica's final export
        List<String> missing = new ArrayList<>();
        for (History.Write w : acked)
            for (int r = 0; r < h.exports().size(); r++)
                if (!h.exports().get(r).contains(w.resource())) missing.add(w.resource() + " (replica " + r + ")");
        boolean sameExports = h.exports().stream().distinct().count() <= 1;
        checks.add(new Check(
                "acknowledged writes in the final export",
                missing.isEmpty() && sameExports && !h.exports().isEmpty(),
                acked.size() + " acknowledged, " + missing.size() + " missing" + named(missing)
                        + (sameExports ? "" : "; the replicas' exports differ")
                        + (h.exports().isEmpty() ? "; no export was read" : "")));

        // 2. their audit records
        List<String> unaudited = new ArrayList<>();
        for (History.Write w : acked)
            if (!h.audit().getOrDefault(w.resource(), Set.of()).contains(w.revision()))
                unaudited.add(w.resource() + "@" + w.revision());
        checks.add(new Check(
                "acknowledged writes with their audit record",
                unaudited.isEmpty(),
                unaudited.size() + " of " + acked.size() + " without one" + named(unaudited)));

        // 3. no agent applied a revision, or held a real server, that was not committed
        Set<Long> committed = new TreeSet<>();
        h.audit().values().forEach(committed::addAll);
        List<String> uncommitted = new ArrayList<>();
        long appliedCount = 0;
        for (History.Agent a : h.agents()) {
            appliedCount += a.applied().size();
            for (long r : a.applied())
                if (r > h.setupRevision() && !committed.contains(r))
                    uncommitted.add(a.name() + " applied revision " + r);
            for (Map.Entry<String, Long> e : a.firstHeld().entrySet()) {
                Set<Long> revs = h.audit().getOrDefault(e.getKey(), Set.of());
                long first = revs.stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
                if (first > e.getValue())
                    uncommitted.add(a.name() + " held " + e.getKey() + " at revision " + e.getValue()
                            + (revs.isEmpty() ? " (never committed)" : " (committed at " + first + ")"));
            }
        }
        checks.add(new Check(
                "agents applied only committed revisions",
                uncommitted.isEmpty(),
                appliedCount + " revisions applied in all, " + uncommitted.size() + " not committed"
                        + named(uncommitted)));

        // 4. every agent at the final state, soon after the end of the faults and writes
        List<String> behind = new ArrayList<>();
        long lastChange = 0;
        for (History.Agent a : h.agents()) {
            lastChange = Math.max(lastChange, a.lastChangeAtMillis());
            if (!a.finalDigest().equals(h.expectedDigest()) || a.finalRevision() < highestAcked)
                behind.add(a.name() + " at revision " + a.finalRevision() + " digest " + brief(a.finalDigest()));
        }
        long after = Math.max(0, lastChange - h.settledAtMillis());
        checks.add(new Check(
                "every agent at the final state within " + FINAL_WITHIN_MILLIS / 1000 + " s",
                behind.isEmpty() && after <= FINAL_WITHIN_MILLIS && !h.agents().isEmpty(),
                h.agents().size() + " agents, " + behind.size() + " not at revision >= " + highestAcked
                        + " with digest " + brief(h.expectedDigest()) + named(behind) + "; the last one got there "
                        + after + " ms after the end"));

        // 5. every fault survived, and the figures per type
        List<Figures> figures = new ArrayList<>();
        Map<FaultType, List<History.FaultOutcome>> byType = new EnumMap<>(FaultType.class);
        for (History.FaultOutcome f : h.faults())
            byType.computeIfAbsent(f.fault().type(), k -> new ArrayList<>()).add(f);
        List<String> lost = new ArrayList<>();
        for (FaultType t : FaultType.values()) {
            List<History.FaultOutcome> fs = byType.getOrDefault(t, List.of());
            int survived = 0;
            List<Long> times = new ArrayList<>();
            for (History.FaultOutcome f : fs) {
                if (f.survived(CONVERGE_WITHIN_MILLIS)) survived++;
                else lost.add(f.fault() + (f.failure() != null ? ": " + f.failure() : ": did not converge in time"));
                if (f.convergedAtMillis() >= 0 && f.endedAtMillis() >= 0)
                    times.add(f.convergedAtMillis() - f.endedAtMillis());
            }
            long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
            figures.add(new Figures(t, fs.size(), survived, rank(sorted, 0.50), rank(sorted, 0.99), rank(sorted, 1.0)));
        }
        checks.add(new Check(
                "every fault survived (converged within " + CONVERGE_WITHIN_MILLIS / 1000 + " s of its end)",
                lost.isEmpty(),
                h.faults().size() + " injected, " + (h.faults().size() - lost.size()) + " survived" + named(lost)));

        int mismatches =
                h.agents().stream().mapToInt(History.Agent::digestMismatches).sum();
        int refusals = h.agents().stream().mapToInt(History.Agent::refusals).sum();
        int wentBack = h.agents().stream().mapToInt(History.Agent::wentBack).sum();
        String summary = String.format(
                "writes: %d tried, %d acknowledged, %d not (refused or unanswered: not counted as lost);"
                        + " agents: %d digest mismatches, %d refusals, %d reconnects to an older revision",
                h.writes().size(), acked.size(), h.writes().size() - acked.size(), mismatches, refusals, wentBack);
        return new Report(checks, figures, summary);
    }

    /** The nearest-rank percentile of sorted values (0 when there are none). */
    static long rank(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String named(List<String> items) {
        if (items.isEmpty()) return "";
        List<String> some = items.subList(0, Math.min(NAMED, items.size()));
        return ": " + String.join(", ", some) + (items.size() > NAMED ? ", ..." : "");
    }

    private static String brief(String digest) {
        return digest == null ? "none" : digest.length() > 12 ? digest.substring(0, 12) : digest;
    }
}
