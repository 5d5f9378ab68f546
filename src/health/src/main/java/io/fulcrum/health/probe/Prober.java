package io.fulcrum.health.probe;

import io.fulcrum.health.spec.CheckSpec;
import io.fulcrum.model.Enums.CheckType;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Runs single probes. Implementations never block the caller and always complete, within the
 * spec's timeout plus a small margin, with a result (never exceptionally for a failed probe).
 */
public interface Prober {
    CompletionStage<ProbeResult> probe(CheckSpec spec);

    /** The check types this prober can run. */
    Set<CheckType> types();
}
