package io.fulcrum.agent.run;

import io.fulcrum.agent.reconcile.Step;
import io.fulcrum.model.ConfigDocument;
import io.fulcrum.model.FieldError;
import java.util.List;

/** What became of a desired state offered to the {@link AgentLoop}. */
public sealed interface Outcome {
    /**
     * In force: the kernel holds it (every step took effect); or, on a kernel without IPVS, VRRP and the
     * health checks run it (steps 0) and the IPVS table follows once IPVS is there (the status says so).
     */
    record Applied(ConfigDocument document, int steps) implements Outcome {}

    /** Not taken (it does not name this director, its health checks cannot run here): nothing changed. */
    record Refused(List<FieldError> errors) implements Outcome {
        public Refused {
            errors = List.copyOf(errors);
        }
    }

    /**
     * The kernel refused steps of it (also on a second try from a fresh dump): the previous state was
     * put back in force, or, when there was none, the steps that took effect stay and nothing is reconciled.
     */
    record KernelFailed(ConfigDocument document, List<Failure> failures) implements Outcome {
        public KernelFailed {
            failures = List.copyOf(failures);
        }
    }

    /** One refused step and the kernel's reason. */
    record Failure(Step step, String message) {}
}
