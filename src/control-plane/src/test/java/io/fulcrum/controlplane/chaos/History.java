package io.fulcrum.controlplane.chaos;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a run recorded, everything the verification reads. Times are milliseconds since the run's start.
 *
 * @param setupRevision     the revision after the set-up (directors, virtual servers, tokens): all committed
 * @param writes            every write the writers tried, in order
 * @param audit             the audit trail at the end: each resource's records' revisions
 * @param exports           per replica, the real servers ("vs/rs") of its final export, read after the run
 * @param expectedDigest    the digest every agent must hold: its director's state computed from the export
 * @param agents            what each agent applied
 * @param faults            each injected fault and what came of it
 * @param settledAtMillis   when the last fault had ended and the writes had stopped
 */
public record History(
        long setupRevision,
        List<Write> writes,
        Map<String, Set<Long>> audit,
        List<Set<String>> exports,
        String expectedDigest,
        List<Agent> agents,
        List<FaultOutcome> faults,
        long settledAtMillis) {

    /**
     * One write: {@code resource} is "vs/rs"; acknowledged when a replica answered 2xx, then
     * {@code revision} is the one it answered; else {@code error} says what the last try got.
     */
    public record Write(String resource, boolean acknowledged, long revision, String error) {
        static Write acknowledged(String resource, long revision) {
            return new Write(resource, true, revision, null);
        }

        static Write failed(String resource, String error) {
            return new Write(resource, false, 0, error);
        }
    }

    /**
     * One agent over the run: every revision it applied (ACKed), the revision at which it first held each
     * real server ("vs/rs"), its state at the end and when it last changed, and the anomalies it counted:
     * digest mismatches (it dropped the stream for a full snapshot), refusals (the document did not
     * validate), and times a new stream took it back to an older revision than it had applied.
     */
    public record Agent(
            String name,
            Set<Long> applied,
            Map<String, Long> firstHeld,
            long finalRevision,
            String finalDigest,
            long lastChangeAtMillis,
            int digestMismatches,
            int refusals,
            int wentBack) {}

    /**
     * A fault as it happened: injected at, ended at (the harness restarted or resumed what it stopped;
     * -1 when that failed, {@code failure} says why), the highest acknowledged revision at its end
     * ({@code target}) and when every agent held it ({@code convergedAtMillis}, -1: never).
     */
    public record FaultOutcome(
            Fault fault,
            long injectedAtMillis,
            long endedAtMillis,
            long target,
            long convergedAtMillis,
            String failure) {
        boolean survived(long bound) {
            return failure == null
                    && endedAtMillis >= 0
                    && convergedAtMillis >= 0
                    && convergedAtMillis - endedAtMillis <= bound;
        }
    }
}
