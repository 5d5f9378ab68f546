package io.fulcrum.controlplane.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class VerificationTest {
    static final String DIGEST = "ab".repeat(32);
    static final Fault CUT = new Fault(1, 1_000, FaultType.CONNECTIONS_CUT, List.of(0), 0);
    static final Fault KILL = new Fault(2, 5_000, FaultType.REPLICA_KILL, List.of(1), 3_000);

    /** Two acknowledged writes and one that was not, both in the audit and the exports; two agents at the end. */
    static History good() {
        return new History(
                10,
                List.of(
                        History.Write.acknowledged("vs0/w0", 11),
                        History.Write.failed("vs1/w1", "no answer"),
                        History.Write.acknowledged("vs0/w2", 12)),
                Map.of("d0", Set.of(1L), "vs0/w0", Set.of(11L), "vs0/w2", Set.of(12L)),
                List.of(Set.of("vs0/w0", "vs0/w2"), Set.of("vs0/w0", "vs0/w2")),
                DIGEST,
                List.of(agent("d0", 12, DIGEST, 20_000), agent("d1", 12, DIGEST, 21_000)),
                List.of(
                        new History.FaultOutcome(CUT, 1_000, 1_000, 11, 1_500, null),
                        new History.FaultOutcome(KILL, 5_000, 12_000, 12, 12_100, null)),
                15_000);
    }

    static History.Agent agent(String name, long revision, String digest, long lastChange) {
        return new History.Agent(
                name,
                new TreeSet<>(List.of(5L, 11L, revision)),
                Map.of("vs0/w0", 11L, "vs0/w2", 12L),
                revision,
                digest,
                lastChange,
                0,
                0,
                0);
    }

    static History with(History h, List<History.Agent> agents) {
        return new History(
                h.setupRevision(),
                h.writes(),
                h.audit(),
                h.exports(),
                h.expectedDigest(),
                agents,
                h.faults(),
                h.settledAtMillis());
    }

    @Test
    void aRunWhereEverythingHeldPassesWithFiguresPerFaultType() {
        Verification.Report r = Verification.verify(good());
        assertThat(r.passed()).as(r.text()).isTrue();
        assertThat(r.figures())
                .filteredOn(f -> f.type() == FaultType.CONNECTIONS_CUT)
                .singleElement()
                .isEqualTo(new Verification.Figures(FaultType.CONNECTIONS_CUT, 1, 1, 500, 500, 500));
        assertThat(r.figures())
                .filteredOn(f -> f.type() == FaultType.REPLICA_KILL)
                .singleElement()
                .isEqualTo(new Verification.Figures(FaultType.REPLICA_KILL, 1, 1, 100, 100, 100));
        assertThat(r.figures())
                .filteredOn(f -> f.type() == FaultType.DATABASE_KILL)
                .singleElement()
                .extracting(Verification.Figures::injected)
                .isEqualTo(0);
        assertThat(r.text()).contains("3 tried, 2 acknowledged, 1 not").contains("PASS");
    }

    @Test
    void anAcknowledgedWriteMissingFromAnExportFails() {
        History h = good();
        History lost = new History(
                h.setupRevision(),
                h.writes(),
                h.audit(),
                List.of(Set.of("vs0/w0", "vs0/w2"), Set.of("vs0/w0")),
                h.expectedDigest(),
                h.agents(),
                h.faults(),
                h.settledAtMillis());
        Verification.Report r = Verification.verify(lost);
        assertThat(r.passed()).isFalse();
        assertThat(failed(r))
                .singleElement()
                .satisfies(c -> assertThat(c.detail())
                        .contains("2 acknowledged, 1 missing: vs0/w2 (replica 1)")
                        .contains("the replicas' exports differ"));
    }

    @Test
    void anUnacknowledgedWriteMayBeMissingOrPresent() {
        History h = good();
        History present = new History(
                h.setupRevision(),
                h.writes(),
                h.audit(),
                List.of(Set.of("vs0/w0", "vs0/w2", "vs1/w1"), Set.of("vs0/w0", "vs0/w2", "vs1/w1")),
                h.expectedDigest(),
                h.agents(),
                h.faults(),
                h.settledAtMillis());
        assertThat(Verification.verify(present).passed()).isTrue();
    }

    @Test
    void anAcknowledgedWriteWithoutItsAuditRecordFails() {
        History h = good();
        History unaudited = new History(
                h.setupRevision(),
                h.writes(),
                Map.of("vs0/w0", Set.of(11L), "vs0/w2", Set.of(13L)),
                h.exports(),
                h.expectedDigest(),
                h.agents(),
                h.faults(),
                h.settledAtMillis());
        Verification.Report r = Verification.verify(unaudited);
        assertThat(failed(r))
                .extracting(Verification.Check::name)
                .contains("acknowledged writes with their audit record");
        assertThat(r.checks().get(1).detail()).contains("1 of 2 without one: vs0/w2@12");
    }

    @Test
    void anAgentThatAppliedARevisionNoneCommittedFails() {
        History.Agent ghost = new History.Agent("d1", Set.of(11L, 99L), Map.of(), 12, DIGEST, 20_000, 0, 0, 0);
        Verification.Report r = Verification.verify(with(good(), List.of(agent("d0", 12, DIGEST, 0), ghost)));
        assertThat(failed(r)).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("agents applied only committed revisions");
            assertThat(c.detail()).contains("d1 applied revision 99");
        });
    }

    @Test
    void setUpRevisionsCountAsCommittedEvenWithoutAnAuditRecordInTheMap() {
        History.Agent early = new History.Agent("d1", Set.of(3L, 12L), Map.of(), 12, DIGEST, 20_000, 0, 0, 0);
        assertThat(Verification.verify(with(good(), List.of(agent("d0", 12, DIGEST, 0), early)))
                        .passed())
                .isTrue();
    }

    @Test
    void anAgentHoldingARealServerBeforeItsCommitOrOneNeverCommittedFails() {
        History.Agent early = new History.Agent(
                "d1", Set.of(11L, 12L), Map.of("vs0/w2", 11L, "vs1/w1", 12L), 12, DIGEST, 20_000, 0, 0, 0);
        Verification.Report r = Verification.verify(with(good(), List.of(agent("d0", 12, DIGEST, 0), early)));
        assertThat(failed(r))
                .singleElement()
                .satisfies(c -> assertThat(c.detail())
                        .contains("d1 held vs0/w2 at revision 11 (committed at 12)")
                        .contains("d1 held vs1/w1 at revision 12 (never committed)"));
    }

    @Test
    void anAgentWithAnotherDigestOrBehindTheLastAcknowledgedWriteFails() {
        Verification.Report r = Verification.verify(with(
                good(), List.of(agent("d0", 12, "cd".repeat(32), 0), agent("d1", 11, DIGEST, 0))));
        assertThat(failed(r))
                .singleElement()
                .satisfies(c -> assertThat(c.detail())
                        .contains("2 not at revision >= 12")
                        .contains("d0 at revision 12 digest cdcdcdcdcdcd")
                        .contains("d1 at revision 11"));
    }

    @Test
    void agentsThatGotThereLaterThanTenSecondsAfterTheEndFail() {
        Verification.Report r =
                Verification.verify(with(good(), List.of(agent("d0", 12, DIGEST, 0), agent("d1", 12, DIGEST, 25_001))));
        assertThat(failed(r))
                .singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("10001 ms after the end"));
        assertThat(Verification.verify(with(good(), List.of(agent("d0", 12, DIGEST, 25_000))))
                        .passed())
                .isTrue();
    }

    @Test
    void aFaultThatFailedToBeUndoneOrNeverConvergedIsNotSurvived() {
        History h = good();
        History bad = new History(
                h.setupRevision(),
                h.writes(),
                h.audit(),
                h.exports(),
                h.expectedDigest(),
                h.agents(),
                List.of(
                        new History.FaultOutcome(CUT, 1_000, 1_000, 11, -1, null),
                        new History.FaultOutcome(KILL, 5_000, -1, 12, -1, "replica b not ready again within 120 s"),
                        new History.FaultOutcome(KILL, 5_000, 9_000, 12, 70_000, null)),
                h.settledAtMillis());
        Verification.Report r = Verification.verify(bad);
        assertThat(failed(r))
                .singleElement()
                .satisfies(c -> assertThat(c.detail())
                        .contains("3 injected, 0 survived")
                        .contains("replica b not ready again")
                        .contains("did not converge in time"));
        assertThat(r.figures())
                .filteredOn(f -> f.type() == FaultType.REPLICA_KILL)
                .singleElement()
                .isEqualTo(new Verification.Figures(FaultType.REPLICA_KILL, 2, 0, 61_000, 61_000, 61_000));
    }

    @Test
    void percentilesAreNearestRank() {
        long[] v = new long[100];
        for (int i = 0; i < 100; i++) v[i] = i + 1;
        assertThat(Verification.rank(v, 0.50)).isEqualTo(50);
        assertThat(Verification.rank(v, 0.99)).isEqualTo(99);
        assertThat(Verification.rank(v, 1.0)).isEqualTo(100);
        assertThat(Verification.rank(new long[] {7}, 0.99)).isEqualTo(7);
        assertThat(Verification.rank(new long[0], 0.5)).isZero();
    }

    private static List<Verification.Check> failed(Verification.Report r) {
        return r.checks().stream().filter(c -> !c.passed()).toList();
    }
}
