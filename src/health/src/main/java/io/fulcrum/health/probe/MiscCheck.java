package io.fulcrum.health.probe;

import io.fulcrum.health.spec.CheckSpec;
import io.fulcrum.runtime.Durations;
import io.fulcrum.scripts.ScriptRunner;
import java.util.concurrent.CompletableFuture;

/**
 * keepalived MISC_CHECK on a {@link ScriptRunner}: the check's script runs as every director script
 * does (allowed directory, as nobody, killed with everything it started at the check's timeout), its
 * output discarded. Exit 0 passes, anything else fails; with {@code dynamic} (misc_dynamic) exit 1
 * fails and 2 to 255 pass with weight {@code code - 2}.
 */
final class MiscCheck {
    private MiscCheck() {}

    /** Runs the script of {@code s}; cancelling the returned future stops the script (SIGTERM, then SIGKILL). */
    static CompletableFuture<ProbeResult> run(ScriptRunner runner, CheckSpec s) {
        CheckSpec.Misc m = (CheckSpec.Misc) s.params();
        CompletableFuture<ScriptRunner.Exit> exit =
                runner.execute(m.script().toString(), m.arguments(), s.timeout(), false);
        CompletableFuture<ProbeResult> result = exit.thenApply(e -> {
            if (e.failure() != null) return ProbeResult.fail(e.failure());
            if (e.timedOut())
                return ProbeResult.fail("timeout after " + Durations.text(s.timeout()) + " (script killed)");
            return verdict(e.status(), m.dynamic());
        });
        result.whenComplete((r, t) -> {
            if (result.isCancelled()) exit.cancel(false); // the check was stopped: so is its script
        });
        return result;
    }

    static ProbeResult verdict(int code, boolean dynamic) {
        if (code == 0) return ProbeResult.ok("exit status 0");
        if (dynamic && code >= 2 && code <= 255)
            return new ProbeResult(true, "exit status " + code + ": weight " + (code - 2), code - 2);
        return ProbeResult.fail("exit status " + code);
    }
}
